package fr.facteur.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

import javax.sql.DataSource;
import javax.xml.xpath.XPathConstants;
import javax.xml.xpath.XPathFactory;

import org.flywaydb.core.Flyway;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.w3c.dom.Document;
import org.xmlunit.builder.DiffBuilder;
import org.xmlunit.builder.Input;
import org.xmlunit.diff.Diff;
import org.w3c.dom.NodeList;

import fr.facteur.invoice.InvoiceFacts;
import fr.facteur.invoice.Understanding;
import fr.facteur.platform.SecureXml;
import fr.facteur.testsupport.TestDatabase;

/**
 * A simulator on a fresh database (real embedded PostgreSQL, Flyway applied) and its own data folder, with a test
 * signer and a reader double: each deposit says what the reader understands of it. Time is whatever the test passes
 * to scan/tick, starting at {@link #T0}.
 */
final class SimulatorRig {

    /** 10:00 in Paris. */
    static final Instant T0 = Instant.parse("2026-03-02T09:00:00Z");
    static final String PARTNER = "AAA999";

    final Path dataDir;
    final DataSource dataSource;
    final JdbcTemplate jdbc;
    final TestSigner signer = SIGNER;
    final SimulatorProperties properties;
    private final Map<String, Understanding> understandings = new ConcurrentHashMap<>();
    private Simulator simulator;

    /** Key generation is slow: one signer for all simulator tests. */
    static final TestSigner SIGNER = TestSigner.create("operator AAA999");

    private SimulatorRig(Path dataDir, SimulatorProperties properties) {
        this.dataDir = dataDir;
        this.properties = properties;
        String url = TestDatabase.newDatabase("sim");
        Flyway.configure().dataSource(url, TestDatabase.user(), "").locations("classpath:db/migration").load()
                .migrate();
        this.dataSource = new DriverManagerDataSource(url, TestDatabase.user(), "");
        this.jdbc = new JdbcTemplate(dataSource);
        this.simulator = assemble();
    }

    /** Default settings, except statuses follow each other without delay. */
    static SimulatorRig start(Path dataDir) {
        return start(dataDir, SimulatorProperties.defaults().withStepDelay(Duration.ZERO));
    }

    static SimulatorRig start(Path dataDir, SimulatorProperties properties) {
        return new SimulatorRig(dataDir, properties);
    }

    Simulator simulator() {
        return simulator;
    }

    /** A new simulator on the same database and folders, as after a restart. */
    Simulator restart() {
        simulator = assemble();
        return simulator;
    }

    private Simulator assemble() {
        return Simulator.assemble(properties, dataDir, PARTNER, dataSource, this::understand);
    }

    private Understanding understand(Path file) {
        Understanding understanding = understandings.get(file.getFileName().toString());
        if (understanding == null) {
            throw new IllegalStateException("the test gave no facts for " + file.getFileName());
        }
        return understanding;
    }

    List<Path> scan(Instant now) {
        return simulator.scan(now);
    }

    /** Deposits a signed flow whose content is a test resource, understood as {@code facts}. */
    Path deposit(String flowName, String resource, InvoiceFacts facts) {
        byte[] content = resource(resource);
        return deposit(flowName, content, signer.sign(content), Understanding.accepted(facts));
    }

    /**
     * Deposits as the gateway does: the signature first, then the flow, each written under a temporary name and
     * renamed.
     *
     * @param signature null for a flow without signature
     */
    Path deposit(String flowName, byte[] content, byte[] signature, Understanding understanding) {
        understandings.put(flowName, understanding);
        if (signature != null) {
            put(flowName + ".p7s", signature);
        }
        return put(flowName, content);
    }

    /** What the reader understands of a file of this name (e.g. an entry of a zip batch). */
    void understand(String fileName, Understanding understanding) {
        understandings.put(fileName, understanding);
    }

    /** Writes a file into the drop box through a temporary name. */
    Path put(String name, byte[] content) {
        try {
            Path drop = drop();
            Files.createDirectories(drop);
            Path temporary = drop.resolve("." + name + ".part");
            Files.write(temporary, content);
            return Files.move(temporary, drop.resolve(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Path drop() {
        return simulator.folders().drop();
    }

    Path processed() {
        return simulator.folders().processed();
    }

    Path returns() {
        return simulator.folders().returns();
    }

    static byte[] resource(String name) {
        try (InputStream in = SimulatorRig.class.getResourceAsStream("/simulator/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no test resource simulator/" + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<String> names(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(f -> f.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Compares a written file with an expected one under src/test/resources/simulator/, whitespace and comments aside. */
    static void assertSameXml(Path actual, String expectedResource) {
        Diff diff = DiffBuilder.compare(Input.fromByteArray(resource(expectedResource)))
                .withTest(Input.fromFile(actual.toFile())).ignoreWhitespace().ignoreComments().checkForSimilar()
                .build();
        assertThat(diff.hasDifferences()).as("%s differs from %s: %s", actual.getFileName(), expectedResource, diff)
                .isFalse();
    }

    static Document xml(Path file) {
        try {
            return SecureXml.documentBuilder().parse(new ByteArrayInputStream(Files.readAllBytes(file)));
        } catch (Exception e) {
            throw new IllegalStateException("cannot read " + file, e);
        }
    }

    /** The string value of an XPath expression (the files have no namespace). */
    static String xpath(Path file, String expression) {
        try {
            return XPathFactory.newInstance().newXPath().evaluate(expression, xml(file));
        } catch (Exception e) {
            throw new IllegalStateException(expression, e);
        }
    }

    /** The text of every node an XPath expression selects, in document order. */
    static List<String> xpathAll(Path file, String expression) {
        try {
            NodeList nodes = (NodeList) XPathFactory.newInstance().newXPath().evaluate(expression, xml(file),
                    XPathConstants.NODESET);
            List<String> values = new ArrayList<>();
            for (int i = 0; i < nodes.getLength(); i++) {
                values.add(nodes.item(i).getTextContent().trim());
            }
            return values;
        } catch (Exception e) {
            throw new IllegalStateException(expression, e);
        }
    }
}
