package fr.facteur.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import org.junit.jupiter.api.Test;

class CppStatutWriterTest {

    @Test
    void timestampsAreFrenchLocalTimeWithTheirOffset() {
        assertThat(CppStatutWriter.timestamp(Instant.parse("2026-03-02T09:00:00Z")))
                .isEqualTo("2026-03-02T10:00:00+01:00");
        assertThat(CppStatutWriter.timestamp(Instant.parse("2026-07-01T08:00:00Z")))
                .isEqualTo("2026-07-01T10:00:00+02:00");
    }

    @Test
    void statusesWithinOneSecondKeepTheirOrderThroughMilliseconds() {
        assertThat(CppStatutWriter.timestamp(Instant.parse("2026-03-02T09:00:00.050123Z")))
                .isEqualTo("2026-03-02T10:00:00.05+01:00");
    }
}
