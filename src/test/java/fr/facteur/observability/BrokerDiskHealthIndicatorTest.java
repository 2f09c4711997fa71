package fr.facteur.observability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;

import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.actuate.health.Status;

/** A real embedded Artemis whose disk limit is below or above what its filesystem already uses. */
class BrokerDiskHealthIndicatorTest {

    @TempDir
    Path dir;
    EmbeddedActiveMQ broker;

    @AfterEach
    void stop() throws Exception {
        if (broker != null) {
            broker.stop();
        }
    }

    @Test
    void aBrokerPastItsDiskLimitIsDownWithTheReasonAndTheFigures() throws Exception {
        start(1, 31); // any real filesystem is more than 1 % used

        BrokerDiskHealthIndicator indicator = new BrokerDiskHealthIndicator(() -> broker.getActiveMQServer());

        await().atMost(Duration.ofSeconds(20)).until(() -> indicator.health().getStatus().equals(Status.DOWN));
        assertThat(indicator.health().getDetails())
                .containsEntry("maxDiskUsagePercent", 1)
                .containsKeys("usedPercent", "usableBytes")
                .hasEntrySatisfying("reason", reason -> assertThat(reason.toString()).contains("blocks every producer"));
    }

    @Test
    void aBrokerWithinItsDiskLimitIsUp() throws Exception {
        start(100, 32);

        BrokerDiskHealthIndicator indicator = new BrokerDiskHealthIndicator(() -> broker.getActiveMQServer());

        assertThat(indicator.health().getStatus()).isEqualTo(Status.UP);
        assertThat(indicator.health().getDetails()).containsEntry("maxDiskUsagePercent", 100);
        assertThat((Long) indicator.health().getDetails().get("usableBytes")).isPositive();
    }

    @Test
    void withoutAnEmbeddedBrokerTheDiskIsNotJudgedHere() {
        assertThat(new BrokerDiskHealthIndicator(() -> null).health().getStatus()).isEqualTo(Status.UNKNOWN);
    }

    private void start(int maxDiskUsage, int serverId) throws Exception {
        ConfigurationImpl config = new ConfigurationImpl();
        config.setPersistenceEnabled(true);
        config.setSecurityEnabled(false);
        config.setJournalDirectory(dir.resolve("journal").toString());
        config.setBindingsDirectory(dir.resolve("bindings").toString());
        config.setPagingDirectory(dir.resolve("paging").toString());
        config.setLargeMessagesDirectory(dir.resolve("large").toString());
        config.addAcceptorConfiguration("in-vm", "vm://" + serverId);
        config.setMaxDiskUsage(maxDiskUsage);
        config.setDiskScanPeriod(100);
        broker = new EmbeddedActiveMQ().setConfiguration(config);
        broker.start();
    }
}
