package fr.facteur.platform;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real PostgreSQL server started from the binaries that zonky publishes on Maven Central
 * ({@code postgres-linux-x86_64.txz} on the classpath), so that the embedded default and the tests speak the
 * same SQL dialect as production without Docker or a system installation.
 *
 * <p>PostgreSQL refuses to run as root. When this JVM is root (CI, containers), initdb and the server are
 * started through {@code setpriv} as the unprivileged {@code nobody} user, which then owns the data directory.
 */
public final class EmbeddedPostgresServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedPostgresServer.class);
    private static final String ARCHIVE = "postgres-linux-x86_64.txz";
    private static final int NOBODY = 65534;

    private final Path dataDir;
    private final int port;
    private Process server;

    private EmbeddedPostgresServer(Path dataDir, int port) {
        this.dataDir = dataDir;
        this.port = port;
    }

    /** Starts (initialising on first use) a server whose cluster lives in {@code dataDir}. */
    public static EmbeddedPostgresServer start(Path dataDir, int port) {
        EmbeddedPostgresServer pg = new EmbeddedPostgresServer(dataDir.toAbsolutePath(), port == 0 ? freePort() : port);
        pg.startServer();
        return pg;
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/postgres";
    }

    public int port() {
        return port;
    }

    public String user() {
        return "postgres";
    }

    private void startServer() {
        try {
            Path binaries = extractBinaries();
            boolean root = isRoot();
            Files.createDirectories(dataDir);
            if (root) {
                requireTraversableByOthers(dataDir.getParent());
                chown(dataDir);
            }
            if (!Files.exists(dataDir.resolve("PG_VERSION"))) {
                run(command(root, binaries.resolve("bin/initdb").toString(), "-A", "trust", "-U", "postgres",
                        "-D", dataDir.toString(), "-E", "UTF-8", "--locale=C"), Duration.ofMinutes(2));
            }
            List<String> cmd = command(root, binaries.resolve("bin/postgres").toString(), "-D", dataDir.toString(),
                    "-p", String.valueOf(port), "-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories=",
                    "-c", "max_connections=200", "-c", "fsync=on");
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(dataDir.resolveSibling(dataDir.getFileName() + ".log").toFile()));
            server = pb.start();
            waitUntilReady(Duration.ofSeconds(60));
            log.info("Embedded PostgreSQL ready on 127.0.0.1:{} (data {})", port, dataDir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the embedded PostgreSQL in " + dataDir, e);
        }
    }

    private void waitUntilReady(Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        SQLException last = null;
        while (Instant.now().isBefore(deadline)) {
            if (!server.isAlive()) {
                throw new IllegalStateException("embedded PostgreSQL exited with " + server.exitValue()
                        + "; see " + dataDir.resolveSibling(dataDir.getFileName() + ".log"));
            }
            try (Connection c = DriverManager.getConnection(jdbcUrl(), "postgres", "")) {
                return;
            } catch (SQLException e) {
                last = e;
                try {
                    server.waitFor(100, TimeUnit.MILLISECONDS);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(ie);
                }
            }
        }
        throw new IllegalStateException("embedded PostgreSQL not ready after " + timeout, last);
    }

    @Override
    public void close() {
        if (server == null || !server.isAlive()) {
            return;
        }
        try {
            // SIGINT = PostgreSQL's "fast" shutdown: disconnect clients, checkpoint, exit.
            new ProcessBuilder("kill", "-INT", String.valueOf(server.pid())).start().waitFor();
            if (!server.waitFor(30, TimeUnit.SECONDS)) {
                server.destroyForcibly();
            }
        } catch (IOException | InterruptedException e) {
            server.destroyForcibly();
        }
    }

    private static List<String> command(boolean root, String... args) {
        List<String> cmd = new ArrayList<>();
        if (root) {
            cmd.addAll(List.of("setpriv", "--reuid=" + NOBODY, "--regid=" + NOBODY, "--clear-groups"));
        }
        cmd.addAll(List.of(args));
        return cmd;
    }

    private static void run(List<String> cmd, Duration timeout) throws IOException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        try {
            if (!p.waitFor(timeout.toSeconds(), TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException("command failed: " + cmd + "\n" + out);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Extracts the binaries once per machine into the temp directory; concurrent JVMs race safely via rename. */
    private static Path extractBinaries() throws IOException {
        Path target = Path.of(System.getProperty("java.io.tmpdir"), "facteur-postgres-14");
        if (Files.exists(target.resolve("bin/postgres"))) {
            return target;
        }
        Path staging = Files.createTempDirectory("facteur-postgres-");
        try (InputStream in = EmbeddedPostgresServer.class.getClassLoader().getResourceAsStream(ARCHIVE)) {
            if (in == null) {
                throw new IllegalStateException(ARCHIVE + " not on the classpath (io.zonky.test.postgres binaries)");
            }
            try (TarArchiveInputStream tar = new TarArchiveInputStream(new XZCompressorInputStream(in))) {
                TarArchiveEntry entry;
                while ((entry = tar.getNextEntry()) != null) {
                    Path out = staging.resolve(entry.getName()).normalize();
                    if (!out.startsWith(staging)) {
                        throw new IOException("unsafe entry in " + ARCHIVE + ": " + entry.getName());
                    }
                    if (entry.isDirectory()) {
                        Files.createDirectories(out);
                    } else if (entry.isSymbolicLink()) {
                        Files.createDirectories(out.getParent());
                        Files.createSymbolicLink(out, Path.of(entry.getLinkName()));
                    } else {
                        Files.createDirectories(out.getParent());
                        Files.copy(tar, out, StandardCopyOption.REPLACE_EXISTING);
                        out.toFile().setExecutable((entry.getMode() & 0100) != 0, false);
                    }
                }
            }
        }
        makeReadableByAll(staging);
        try {
            Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException alreadyThere) {
            if (!Files.exists(target.resolve("bin/postgres"))) {
                throw alreadyThere;
            }
        }
        return target;
    }

    private static void makeReadableByAll(Path dir) throws IOException {
        try (var paths = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) paths::iterator) {
                if (!Files.isSymbolicLink(p)) {
                    p.toFile().setReadable(true, false);
                    if (Files.isDirectory(p)) {
                        p.toFile().setExecutable(true, false);
                    }
                }
            }
        }
    }

    private static void chown(Path dir) throws IOException {
        run(List.of("chown", "-R", NOBODY + ":" + NOBODY, dir.toString()), Duration.ofMinutes(1));
        run(List.of("chmod", "700", dir.toString()), Duration.ofMinutes(1));
    }

    /** The unprivileged server must be able to reach its data directory through every parent folder. */
    private static void requireTraversableByOthers(Path dir) throws IOException {
        for (Path p = dir; p != null; p = p.getParent()) {
            if (!Files.getPosixFilePermissions(p).contains(java.nio.file.attribute.PosixFilePermission.OTHERS_EXECUTE)) {
                throw new IllegalStateException("the embedded PostgreSQL runs as 'nobody' (PostgreSQL refuses root) and "
                        + "cannot reach " + dir + ": " + p + " is not traversable by others (chmod o+x " + p
                        + "), or set facteur.data-dir to another folder");
            }
        }
    }

    private static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
