package fr.facteur.invoice;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import javax.xml.parsers.DocumentBuilder;
import javax.xml.validation.Schema;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.w3c.dom.Document;

import fr.facteur.platform.SecureXml;
import fr.facteur.tenant.Tenant;

/**
 * JMH: the cost of each stage of reading one invoice (InvoiceReader's order), per syntax. Run by
 * {@code fr.facteur.bench.StagesBenchmark}; not a test. Each stage works on the output of the previous one, prepared
 * once in the setup, so a figure is that stage alone.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class InvoiceStagesJmh {

    @Param({ "ubl-invoice.xml", "cii-invoice.xml" })
    public String fixture;

    private byte[] bytes;
    private Path file;
    private Syntax syntax;
    private Schema schema;
    private Document document;
    private En16931Schematron en16931;
    private InvoiceReader reader;
    private Tenant tenant;

    @Setup
    public void setUp() throws IOException {
        file = Files.createTempFile("bench-", ".xml");
        bytes = InvoiceFixtures.text(fixture).getBytes(java.nio.charset.StandardCharsets.UTF_8);
        Files.write(file, bytes);
        file.toFile().deleteOnExit();
        syntax = fixture.startsWith("ubl") ? Syntax.UBL_INVOICE : Syntax.CII;
        InvoiceSchemas schemas = new InvoiceSchemas();
        schema = schemas.schemaFor(syntax);
        document = ValidatingParser.parse(new ByteArrayInputStream(bytes), schema, syntax).document();
        en16931 = new En16931Schematron();
        en16931.check(document, syntax); // compiles the stylesheet once, as the gateway does at its first invoice
        reader = new InvoiceReader(InvoiceProperties.defaults(), schemas, en16931);
        tenant = InvoiceFixtures.acme();
    }

    /** Well-formedness only: a plain secure DOM parse, the floor under every XML stage. */
    @Benchmark
    public Document parse() throws Exception {
        DocumentBuilder builder = SecureXml.documentBuilder();
        return builder.parse(new ByteArrayInputStream(bytes));
    }

    /** The gateway's one pass: XSD validation while building the DOM (minus {@link #parse()} = the XSD's cost). */
    @Benchmark
    public Object parseWithXsd() throws IOException {
        return ValidatingParser.parse(new ByteArrayInputStream(bytes), schema, syntax);
    }

    @Benchmark
    public Object facts() {
        return FactsExtractor.extract(document, syntax);
    }

    /** The EN 16931 business rules: the CEN schematron compiled to XSLT, run with Saxon. */
    @Benchmark
    public List<RuleViolation> schematron() {
        return en16931.check(document, syntax);
    }

    /** Chorus Pro's B2G rules. */
    @Benchmark
    public List<RuleViolation> b2gRules() {
        return ChorusProRules.check(document, syntax);
    }

    /** The whole read from the file: size, root peek, parse + XSD, facts, SIRET, schematron, B2G. */
    @Benchmark
    public Understanding wholeRead() {
        return reader.read(file, tenant);
    }
}
