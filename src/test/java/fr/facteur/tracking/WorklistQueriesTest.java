package fr.facteur.tracking;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

/** The stale rule: not final, and no new status for facteur.lifecycle.stale-after. */
class WorklistQueriesTest {

    static final Instant NOW = Instant.parse("2026-11-29T12:00:00Z");
    final WorklistQueries queries = new WorklistQueries(null, new LifecycleProperties(Duration.ofDays(10)),
            Clock.fixed(NOW, ZoneOffset.UTC));

    @Test
    void aNonFinalInvoiceWithoutNewsForLongerThanStaleAfterIsStale() {
        assertThat(queries.isStale("COMPTABILISEE", at(Duration.ofDays(10).plusSeconds(1)))).isTrue();
        assertThat(queries.isStale("QUEUED", at(Duration.ofDays(11)))).isTrue();
        assertThat(queries.isStale("SUSPENDUE", at(Duration.ofDays(30)))).isTrue();
        assertThat(queries.isStale("COMPTABILISEE", at(Duration.ofDays(9)))).isFalse();
    }

    @Test
    void aFinalInvoiceIsNeverStale() {
        assertThat(queries.isStale("MISE_EN_PAIEMENT", at(Duration.ofDays(400)))).isFalse();
        assertThat(queries.isStale("REJETEE", at(Duration.ofDays(400)))).isFalse();
    }

    private static OffsetDateTime at(Duration ago) {
        return NOW.minus(ago).atOffset(ZoneOffset.UTC);
    }
}
