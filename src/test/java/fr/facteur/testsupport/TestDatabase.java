package fr.facteur.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

import fr.facteur.platform.EmbeddedPostgresServer;

/**
 * One real PostgreSQL server per test JVM (the same embedded binaries as the product's default run), and a fresh
 * database for each caller, so test classes never see each other's rows.
 */
public final class TestDatabase {

    private static final AtomicInteger COUNTER = new AtomicInteger();
    private static EmbeddedPostgresServer server;

    private TestDatabase() {
    }

    private static synchronized EmbeddedPostgresServer server() {
        if (server == null) {
            try {
                // readable by others: when tests run as root the server runs as 'nobody'
                Path dir = Files.createTempDirectory("facteur-test-pg-",
                        java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                                java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x")));
                server = EmbeddedPostgresServer.start(dir.resolve("data"), 0);
                TempDirs.deleteAtExit(dir, server::close);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return server;
    }

    /** Creates an empty database and returns its JDBC URL (user postgres, no password). */
    public static String newDatabase(String prefix) {
        EmbeddedPostgresServer pg = server();
        String name = prefix.toLowerCase().replaceAll("[^a-z0-9_]", "_") + "_" + COUNTER.incrementAndGet();
        try (Connection c = DriverManager.getConnection(pg.jdbcUrl(), pg.user(), "");
                Statement s = c.createStatement()) {
            s.execute("create database " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create test database " + name, e);
        }
        return pg.jdbcUrl().replace("/postgres", "/" + name);
    }

    public static String user() {
        return "postgres";
    }
}
