package fr.facteur.tracking;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.OffsetDateTime;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import fr.facteur.testsupport.TestDatabase;

/** Deduplication of arrivals on tenant + SHA-256, on a real PostgreSQL with the real migrations. */
class DocumentRepositoryTest {

    static JdbcTemplate jdbc;
    static DocumentRepository documents;

    @BeforeAll
    static void database() {
        DriverManagerDataSource ds = new DriverManagerDataSource(TestDatabase.newDatabase("documents"), TestDatabase.user(), "");
        Flyway.configure().dataSource(ds).load().migrate();
        jdbc = new JdbcTemplate(ds);
        documents = new DocumentRepository(jdbc);
    }

    @Test
    void theFirstArrivalOfSomeBytesIsNewAndTheNextIsADuplicateOnceSettled() {
        var first = documents.recordArrival("acme", "a".repeat(64), "f.xml", "SFTP", 10, "archive/x");
        assertThat(first.firstTime()).isTrue();
        documents.markAccepted(first.document().id(), "UBL_INVOICE");

        var second = documents.recordArrival("acme", "a".repeat(64), "g.xml", "SFTP", 10, "archive/x");
        assertThat(second.firstTime()).isFalse();
        assertThat(second.document().id()).isEqualTo(first.document().id());
        assertThat(second.document().isSettled()).isTrue();
        assertThat(jdbc.queryForList("select outcome from receipt where document_id = ? order by id", String.class,
                first.document().id())).containsExactly("NEW", "DUPLICATE");
    }

    @Test
    void anUnsettledDocumentIsResumedNotAnsweredAsDuplicate() {
        var first = documents.recordArrival("acme", "b".repeat(64), "f.xml", "SFTP", 10, "archive/y");
        var again = documents.recordArrival("acme", "b".repeat(64), "f.xml", "SFTP", 10, "archive/y");
        assertThat(again.firstTime()).isFalse();
        assertThat(again.document().isSettled()).isFalse();
        assertThat(jdbc.queryForList("select outcome from receipt where document_id = ? order by id", String.class,
                first.document().id())).containsExactly("NEW", "RESUMED");
    }

    @Test
    void theSameBytesFromTwoTenantsAreTwoDocuments() {
        var acme = documents.recordArrival("acme", "c".repeat(64), "f.xml", "SFTP", 10, "archive/z");
        var durand = documents.recordArrival("durand", "c".repeat(64), "f.xml", "SFTP", 10, "archive/z");
        assertThat(acme.firstTime()).isTrue();
        assertThat(durand.firstTime()).isTrue();
        assertThat(durand.document().id()).isNotEqualTo(acme.document().id());
    }

    private static final OffsetDateTime NOW = OffsetDateTime.now();

    @Test
    void theSameTransmissionAgainIsARetryAndAnotherTransmissionOfTheSameBytesADuplicate() {
        var first = documents.recordArrival("acme", "d".repeat(64), "f.xml", "AS2", 10, "archive/w", NOW,
                "as2:ACME:<m1@acme>");
        documents.markAccepted(first.document().id(), "UBL_INVOICE");

        // the partner sends the same Message-ID again: the gateway died before its MDN went
        var retry = documents.recordArrival("acme", "d".repeat(64), "f.xml", "AS2", 10, "archive/w", NOW,
                "as2:ACME:<m1@acme>");
        // the supplier sends the same file again, in a new message: a real duplicate
        var resent = documents.recordArrival("acme", "d".repeat(64), "f.xml", "AS2", 10, "archive/w", NOW,
                "as2:ACME:<m2@acme>");
        // another tenant's receipts never make a retry
        var other = documents.recordArrival("durand", "d".repeat(64), "f.xml", "AS2", 10, "archive/w", NOW,
                "as2:ACME:<m1@acme>");

        assertThat(retry.retry()).isTrue();
        assertThat(resent.retry()).isFalse();
        assertThat(other.retry()).isFalse();
        assertThat(other.firstTime()).isTrue();
        assertThat(jdbc.queryForList("select outcome from receipt where document_id = ? order by id", String.class,
                first.document().id())).containsExactly("NEW", "RETRY", "DUPLICATE");
    }
}
