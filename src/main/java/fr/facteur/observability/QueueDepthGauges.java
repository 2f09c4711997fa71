package fr.facteur.observability;

import java.util.List;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.core.server.ActiveMQServer;
import org.apache.activemq.artemis.core.server.Queue;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.stereotype.Component;

import fr.facteur.messaging.Queues;

/**
 * Gauges {@code facteur_queue_depth{queue}}: the messages waiting in each facteur.* queue and in its dead-letter queue
 * (DLQ.facteur.*), read from the embedded broker. A growing transmit queue means Chorus Pro is slow or down; anything
 * in a DLQ needs an operator.
 *
 * <p>With an external broker (spring.artemis.mode=native) there is no server in this JVM to ask: the gauges are not
 * registered (the broker's own metrics are the source then), and that is logged once at start-up.
 */
@Component
public class QueueDepthGauges implements SmartInitializingSingleton {

    private static final Logger log = LoggerFactory.getLogger(QueueDepthGauges.class);
    static final List<String> ADDRESSES = List.of(Queues.TRANSMIT, Queues.RETURNS, Queues.RELAY);

    private final MeterRegistry registry;
    private final ObjectProvider<EmbeddedActiveMQ> embeddedBroker;

    public QueueDepthGauges(MeterRegistry registry, ObjectProvider<EmbeddedActiveMQ> embeddedBroker) {
        this.registry = registry;
        this.embeddedBroker = embeddedBroker;
    }

    @Override
    public void afterSingletonsInstantiated() {
        EmbeddedActiveMQ broker = embeddedBroker.getIfAvailable();
        if (broker == null) {
            log.info("no embedded Artemis broker: queue depth gauges are not registered (read them from the broker)");
            return;
        }
        for (String address : ADDRESSES) {
            register(broker, address);
            register(broker, Queues.DLQ_PREFIX + address);
        }
    }

    private void register(EmbeddedActiveMQ broker, String queue) {
        Gauge.builder("facteur.queue.depth", () -> depth(broker, queue))
                .description("Messages waiting in a broker queue").tag("queue", queue).register(registry);
    }

    /** 0 for a queue that does not exist yet: a DLQ is only created with its first dead letter. */
    private static double depth(EmbeddedActiveMQ broker, String name) {
        ActiveMQServer server = broker.getActiveMQServer();
        if (server == null || !server.isActive()) {
            return Double.NaN;
        }
        Queue queue = server.locateQueue(SimpleString.of(name));
        return queue == null ? 0 : queue.getMessageCount();
    }
}
