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

    /** Users of every test gateway (bcrypt cost 4: tests authenticate on every request, and cost is not tested). */
    public static final String ADMIN = "test-admin";
    public static final String ADMIN_PASSWORD = "test-admin";
    public static final String VIEWER = "test-viewer";
    public static final String VIEWER_PASSWORD = "test-viewer";
    /** A viewer limited to the tenant acme. */
    public static final String ACME_VIEWER = "acme-viewer";
    public static final String ACME_VIEWER_PASSWORD = "test-viewer";

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
            TempDirs.deleteAtExit(base, () -> { });
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
        registry.add("facteur.security.users[0].name", () -> ADMIN);
        registry.add("facteur.security.users[0].password-hash", () -> "$2a$04$2zLzyZ0QznP64vXsXzE6COFunHeRXtLydcJfX6MvwOlGGC4ZmyfBC");
        registry.add("facteur.security.users[0].role", () -> "ADMIN");
        registry.add("facteur.security.users[1].name", () -> VIEWER);
        registry.add("facteur.security.users[1].password-hash", () -> "$2a$04$YXsTK8RYbXieKW4z1Bk3iORgFBbitAtKbszJyVIDJAgqnKaNQeTNS");
        registry.add("facteur.security.users[1].role", () -> "VIEWER");
        registry.add("facteur.security.users[2].name", () -> ACME_VIEWER);
        registry.add("facteur.security.users[2].password-hash", () -> "$2a$04$YXsTK8RYbXieKW4z1Bk3iORgFBbitAtKbszJyVIDJAgqnKaNQeTNS");
        registry.add("facteur.security.users[2].role", () -> "VIEWER");
        registry.add("facteur.security.users[2].tenants[0]", () -> "acme");
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
        return addSupplier(id, siret, returnsFormat, events, null, DEFAULT_FORMATS);
    }

    /**
     * As {@link #addSupplier(String, String, String, List)}, the supplier also sending over AS2.
     *
     * @param as2Block the inbound.as2 block as flow YAML, e.g. {@code { as2-id: MARTIN, certificate: /x.pem }}
     */
    public Path addSupplier(String id, String siret, String returnsFormat, List<String> events, String as2Block) {
        return addSupplier(id, siret, returnsFormat, events, as2Block, DEFAULT_FORMATS);
    }

    /**
     * As {@link #addSupplier(String, String, String, List)}, with the tenant file's {@code formats} line (and any
     * other root keys, e.g. a {@code mapping} block) given as YAML.
     */
    public Path addSupplierWithFormats(String id, String siret, String returnsFormat, List<String> events,
            String formatsYaml) {
        return addSupplier(id, siret, returnsFormat, events, null, formatsYaml);
    }

    private static final String DEFAULT_FORMATS = "formats: [UBL, CII]\n";

    private Path addSupplier(String id, String siret, String returnsFormat, List<String> events, String as2Block,
            String formatsYaml) {
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
                    %s
                    %sreturns:
                      channel: sftp
                      sftp: { dir: /in/returns }
                      format: %s
                    """.formatted(id, id, siret, sftp.port(), id, key, knownHosts,
                    as2Block == null ? "" : "  as2: " + as2Block, formatsYaml, returnsFormat) + eventsLine);
            return Files.move(tmp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A supplier that drops its invoices by SFTP and takes its answers and returns by AS2 (returns.channel: as2), at
     * {@code as2Url}, encrypted for {@code certificate}, its own.
     */
    public Path addAs2ReturnsSupplier(String id, String siret, String returnsFormat, String as2Id, java.net.URI as2Url,
            Path certificate, String encryption) {
        Path file = addSupplier(id, siret, returnsFormat, List.of());
        try {
            String yaml = Files.readString(file)
                    .replace("    poll: 1s\n", "    poll: 1s\n  as2:\n    as2-id: " + as2Id + "\n    certificate: "
                            + certificate + "\n    url: " + as2Url + "\n    timeout: 30s\n    encryption: " + encryption + "\n")
                    .replace("  channel: sftp\n", "  channel: as2\n");
            Path tmp = file.resolveSibling("." + id + ".yaml.tmp");
            Files.writeString(tmp, yaml);
            return Files.move(tmp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE,
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A supplier that also sends over AS2 as {@code as2Id}, signed and encrypted (both required), verified with
     * {@code certificate}, written to certs/&lt;id&gt;/as2.pem.
     */
    public Path addAs2Supplier(String id, String siret, String returnsFormat, String as2Id,
            java.security.cert.X509Certificate certificate) {
        Path file = base.resolve("certs").resolve(id).resolve("as2.pem");
        fr.facteur.crypto.Certificates.writeCertificatePem(file, certificate);
        return addSupplier(id, siret, returnsFormat, List.of(), "{ as2-id: " + as2Id + ", certificate: " + file
                + ", require-signature: true, require-encryption: true }");
    }

    /** The gateway's AS2 endpoint on, on a free port of the loopback interface. */
    public static void registerAs2(DynamicPropertyRegistry registry) {
        registry.add("facteur.as2.enabled", () -> "true");
        registry.add("facteur.as2.port", () -> "0");
        registry.add("facteur.as2.bind-host", () -> "127.0.0.1");
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

    /**
     * The names in a folder behind the SFTP server, sorted; dot-files are uploads in progress (the relay writes
     * {@code .part-<name>} then renames it) and are left out. Empty when the folder does not exist yet.
     */
    public static List<String> fileNames(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (java.util.stream.Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> !n.startsWith(".")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        sftp.close();
    }
}
