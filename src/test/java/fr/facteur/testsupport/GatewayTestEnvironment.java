package fr.facteur.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import org.springframework.test.context.DynamicPropertyRegistry;

import fr.facteur.demo.SftpServerHost;

/**
 * Everything a running gateway needs around it, really started: a real SFTP server (MINA SSHD on a free port) with
 * an account per supplier and Chorus Pro's drop box, a fresh database on the real embedded PostgreSQL, and an
 * installation folder (config/, certs/, data/) under a temporary directory.
 *
 * <p>Supplier accounts live in {@code <base>/sftp/<tenant>/} (out/invoices where they drop, in/returns where the
 * answers and return flows appear); Chorus Pro's is {@code <data>/demo-sftp/chorus-pro/} (depot, retours), which is
 * where the simulator looks by default.
 */
public final class GatewayTestEnvironment implements AutoCloseable {

    private static final AtomicInteger ARTEMIS_IDS = new AtomicInteger(100);

    private final Path base;
    private final SftpServerHost sftp;
    private final String jdbcUrl;

    private GatewayTestEnvironment(Path base, SftpServerHost sftp, String jdbcUrl) {
        this.base = base;
        this.sftp = sftp;
        this.jdbcUrl = jdbcUrl;
    }

    public static GatewayTestEnvironment start(String name) {
        try {
            Path base = Files.createTempDirectory("facteur-" + name + "-");
            Files.createDirectories(base.resolve("config/tenants"));
            SftpServerHost sftp = SftpServerHost.start("127.0.0.1", 0, base.resolve("certs/test-sftp/host_key"));
            GatewayTestEnvironment env = new GatewayTestEnvironment(base, sftp, TestDatabase.newDatabase(name));
            Path chorusHome = env.dataDir().resolve("demo-sftp/chorus-pro");
            Files.createDirectories(chorusHome.resolve("depot"));
            Files.createDirectories(chorusHome.resolve("retours"));
            KeyPair operator = SftpServerHost.writeClientKey(base.resolve("certs/operator/id_ecdsa"), "operator");
            sftp.writeKnownHosts(base.resolve("certs/operator/known_hosts"));
            sftp.addUser("chorus-pro", chorusHome, null, operator.getPublic());
            return env;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The Spring properties of a gateway running against this environment, simulator on, fast polling. */
    public void register(DynamicPropertyRegistry registry) {
        registry.add("server.port", () -> "0");
        registry.add("facteur.config-dir", () -> base.resolve("config").toString());
        registry.add("facteur.data-dir", () -> dataDir().toString());
        registry.add("facteur.certs-dir", () -> base.resolve("certs").toString());
        registry.add("facteur.database.embedded", () -> "false");
        registry.add("spring.datasource.url", () -> jdbcUrl);
        registry.add("spring.datasource.username", TestDatabase::user);
        registry.add("spring.datasource.password", () -> "");
        int artemisId = ARTEMIS_IDS.incrementAndGet();
        registry.add("spring.artemis.embedded.server-id", () -> String.valueOf(artemisId));
        registry.add("spring.artemis.embedded.data-directory", () -> dataDir().resolve("artemis").toString());
        registry.add("facteur.broker.redelivery-delay", () -> "200ms");
        registry.add("facteur.chorus-pro.sftp.host", () -> "localhost");
        registry.add("facteur.chorus-pro.sftp.port", () -> String.valueOf(sftp.port()));
        registry.add("facteur.chorus-pro.sftp.user", () -> "chorus-pro");
        registry.add("facteur.chorus-pro.sftp.private-key", () -> base.resolve("certs/operator/id_ecdsa").toString());
        registry.add("facteur.chorus-pro.sftp.known-hosts", () -> base.resolve("certs/operator/known_hosts").toString());
        registry.add("facteur.chorus-pro.sftp.poll", () -> "300ms");
        registry.add("facteur.simulator.enabled", () -> "true");
        registry.add("facteur.simulator.poll", () -> "200ms");
        registry.add("facteur.simulator.step-delay", () -> "50ms");
        registry.add("facteur.tenants.scan-interval", () -> "500");
        // test contexts are closed at JVM exit: don't wait for pollers there
        registry.add("camel.main.shutdown-timeout", () -> "2");
    }

    /**
     * Creates the supplier's SFTP account and writes its tenant file.
     *
     * @param returnsFormat cppstatut or json
     * @param events        relayed events; empty for all
     */
    public Path addSupplier(String id, String siret, String returnsFormat, List<String> events) {
        return addSupplier(id, siret, returnsFormat, events, "formats: [UBL, CII]\n");
    }

    /**
     * As {@link #addSupplier(String, String, String, List)}, with the tenant file's {@code formats} line (and any
     * other root keys, e.g. a {@code mapping} block) given as YAML.
     */
    public Path addSupplier(String id, String siret, String returnsFormat, List<String> events, String formatsYaml) {
        try {
            Path home = supplierHome(id);
            Files.createDirectories(home.resolve("out/invoices"));
            Files.createDirectories(home.resolve("in/returns"));
            Path key = base.resolve("certs").resolve(id).resolve("id_ecdsa");
            KeyPair pair = SftpServerHost.writeClientKey(key, id);
            Path knownHosts = base.resolve("certs").resolve(id).resolve("known_hosts");
            sftp.writeKnownHosts(knownHosts);
            sftp.addUser(id, home, null, pair.getPublic());
            String eventsLine = events.isEmpty() ? ""
                    : "  events: [" + events.stream().collect(Collectors.joining(", ")) + "]\n";
            Path file = base.resolve("config/tenants").resolve(id + ".yaml");
            // written aside then renamed, as an operator's tooling should: the registry never sees half a file
            Path tmp = base.resolve("config/tenants").resolve("." + id + ".yaml.tmp");
            Files.writeString(tmp, """
                    id: %s
                    name: Supplier %s
                    siret: "%s"
                    inbound:
                      sftp:
                        host: localhost
                        port: %d
                        user: %s
                        private-key: %s
                        known-hosts: %s
                        dir: /out/invoices
                        poll: 1s
                    %sreturns:
                      channel: sftp
                      sftp: { dir: /in/returns }
                      format: %s
                    """.formatted(id, id, siret, sftp.port(), id, key, knownHosts, formatsYaml, returnsFormat)
                    + eventsLine);
            return Files.move(tmp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Path supplierHome(String id) {
        return base.resolve("sftp").resolve(id);
    }

    /** Where the supplier drops invoices (the local folder behind its SFTP account). */
    public Path inbox(String id) {
        return supplierHome(id).resolve("out/invoices");
    }

    /** Where the gateway writes the supplier's answers and return flows. */
    public Path returnsFolder(String id) {
        return supplierHome(id).resolve("in/returns");
    }

    public Path dataDir() {
        return base.resolve("data");
    }

    public Path chorusProReturns() {
        return dataDir().resolve("demo-sftp/chorus-pro/retours");
    }

    public Path base() {
        return base;
    }

    public SftpServerHost sftp() {
        return sftp;
    }

    /** Drops a file as a well-behaved client does: written under a temporary name, then renamed. */
    public Path drop(String tenant, String name, byte[] content) {
        try {
            Path tmp = inbox(tenant).resolve("." + name + ".part");
            Files.write(tmp, content);
            return Files.move(tmp, inbox(tenant).resolve(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        sftp.close();
    }
}
