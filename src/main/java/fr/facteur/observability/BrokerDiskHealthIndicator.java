package fr.facteur.observability;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.util.function.Supplier;

import org.apache.activemq.artemis.core.paging.PagingManager;
import org.apache.activemq.artemis.core.server.ActiveMQServer;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * Health {@code brokerDisk}: is the embedded broker's journal filesystem past {@code facteur.broker.max-disk-usage}?
 * Then Artemis blocks every producer (AMQ212054 in the log, nothing else): the intake hangs on its first queueing
 * and AS2 partners get 503s, while every other check stays green. It happened on a shared machine whose /tmp had
 * filled up (docs/production.md); this makes it DOWN on the health endpoint and the console, with the figures.
 * An external broker's disk is watched on the broker itself: UNKNOWN here.
 */
@Component
public class BrokerDiskHealthIndicator implements HealthIndicator {

    private final Supplier<ActiveMQServer> server;

    @Autowired
    public BrokerDiskHealthIndicator(ObjectProvider<EmbeddedActiveMQ> embedded) {
        this(() -> {
            EmbeddedActiveMQ broker = embedded.getIfAvailable();
            return broker == null ? null : broker.getActiveMQServer();
        });
    }

    BrokerDiskHealthIndicator(Supplier<ActiveMQServer> server) {
        this.server = server;
    }

    @Override
    public Health health() {
        ActiveMQServer broker = server.get();
        if (broker == null || !broker.isActive() || broker.getPagingManager() == null) {
            return Health.unknown().withDetail("broker", "external or not started: its disk is watched on the broker")
                    .build();
        }
        PagingManager paging = broker.getPagingManager();
        Health.Builder health = paging.isDiskFull()
                ? Health.down().withDetail("reason", "the journal's filesystem is past max-disk-usage: the broker "
                        + "blocks every producer, no invoice is queued until space is freed")
                : Health.up();
        health.withDetail("maxDiskUsagePercent", broker.getConfiguration().getMaxDiskUsage());
        try {
            // read now rather than the broker's last scan (none yet in its first seconds)
            FileStore store = Files.getFileStore(broker.getConfiguration().getJournalLocation().toPath());
            long total = store.getTotalSpace();
            long usable = store.getUsableSpace();
            health.withDetail("usedPercent", total <= 0 ? 0 : Math.round(100.0 * (total - usable) / total))
                    .withDetail("usableBytes", usable);
        } catch (IOException | RuntimeException e) {
            health.withDetail("figures", "unreadable: " + e.getMessage());
        }
        return health.build();
    }
}
