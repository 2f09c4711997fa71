package fr.facteur.directory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.flywaydb.core.Flyway;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.transaction.support.TransactionTemplate;

import fr.facteur.invoice.InvoiceFacts;
import fr.facteur.invoice.Syntax;
import fr.facteur.testsupport.TestDatabase;

/** A fresh database with the real migrations, and the directory beans on top of it. */
final class DirectoryFixtures {

    static final Path DEMO_FILE = Path.of("config/directory/far0037-demo.csv");

    final JdbcTemplate jdbc;
    final DirectoryRepository repository;
    final DirectoryImporter importer;

    private DirectoryFixtures(DriverManagerDataSource ds) {
        this.jdbc = new JdbcTemplate(ds);
        this.repository = new DirectoryRepository(jdbc, new TransactionTemplate(new DataSourceTransactionManager(ds)));
        this.importer = new DirectoryImporter(repository);
    }

    static DirectoryFixtures newDatabase(String name) {
        DriverManagerDataSource ds = new DriverManagerDataSource(TestDatabase.newDatabase(name), TestDatabase.user(), "");
        Flyway.configure().dataSource(ds).load().migrate();
        return new DirectoryFixtures(ds);
    }

    static byte[] demoFile() {
        try {
            return Files.readAllBytes(DEMO_FILE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** An invoice to {@code buyerSiret} with the given BT-10 and BT-13 (either may be null). */
    static InvoiceFacts invoiceTo(String buyerSiret, String serviceCode, String engagementNumber) {
        return new InvoiceFacts(Syntax.UBL_INVOICE, "F-1", "380", null, "73282932000074", buyerSiret, serviceCode, engagementNumber,
                "EUR", null, null, null, null);
    }
}
