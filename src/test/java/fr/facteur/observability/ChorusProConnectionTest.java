package fr.facteur.observability;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

class ChorusProConnectionTest {

    static final class MovingClock extends Clock {
        Instant now = Instant.parse("2026-11-29T10:00:00Z");

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    final MovingClock clock = new MovingClock();
    final ChorusProConnection connection = new ChorusProConnection(clock);

    @Test
    void aFailureDegradesRepeatedFailuresOrTimeMakeItDownAndASuccessBringsItUp() {
        connection.describe("api", () -> 3);
        assertThat(connection.state()).isEqualTo(ChorusProConnection.State.UP);

        connection.failed("HTTP 502", Duration.ofSeconds(1), false);
        assertThat(connection.state()).isEqualTo(ChorusProConnection.State.DEGRADED);
        assertThat(connection.pausedUntil()).isEqualTo(clock.now.plusSeconds(1));

        clock.now = clock.now.plus(ChorusProConnection.DOWN_AFTER);
        connection.failed("HTTP 502", Duration.ofSeconds(2), false);
        assertThat(connection.state()).isEqualTo(ChorusProConnection.State.DOWN);
        Instant downSince = clock.now;

        clock.now = clock.now.plusSeconds(5);
        assertThat(connection.pausedUntil()).isNull();
        assertThat(connection.view()).containsEntry("state", "DOWN").containsEntry("since", downSince.toString())
                .containsEntry("lastError", "HTTP 502").containsEntry("backlog", 3L)
                .containsEntry("consecutiveFailures", 2).containsEntry("channel", "api");

        connection.succeeded();
        assertThat(connection.state()).isEqualTo(ChorusProConnection.State.UP);
        assertThat(connection.consecutiveFailures()).isZero();
        assertThat(connection.view()).containsEntry("since", clock.now.toString()).containsEntry("lastError",
                "HTTP 502");
    }

    @Test
    void aMaintenanceAnswerIsDownAtOnceAndARefusedFlowLeavesTheStateAlone() {
        connection.failed("HTTP 503 maintenance", Duration.ofMinutes(10), true);
        assertThat(connection.state()).isEqualTo(ChorusProConnection.State.DOWN);
        connection.succeeded();
        connection.refused("HTTP 413");
        assertThat(connection.state()).isEqualTo(ChorusProConnection.State.UP);
        assertThat(connection.view()).containsEntry("lastError", "HTTP 413");
    }
}
