package fr.facteur.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSContext;
import jakarta.jms.Message;
import jakarta.jms.Session;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.autoconfigure.jms.JmsAutoConfiguration;
import org.springframework.boot.autoconfigure.jms.artemis.ArtemisAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.jms.core.JmsTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The broker owns redelivery: a message whose consumer keeps failing is redelivered with a growing delay, then
 * lands in its own dead-letter queue DLQ.&lt;address&gt; (never dropped), on the embedded broker as configured by
 * {@link BrokerConfiguration}.
 */
@SpringBootTest(classes = BrokerRedeliveryTest.Config.class, properties = {
        "spring.artemis.mode=embedded",
        "spring.artemis.embedded.persistent=true",
        "spring.artemis.embedded.server-id=7",
        "spring.artemis.embedded.queues=facteur.redelivery-test,facteur.transmit",
        "facteur.broker.redelivery-delay=300ms",
        "facteur.broker.redelivery-multiplier=2",
        "facteur.broker.max-delivery-attempts=3",
        "facteur.broker.max-disk-usage=97"})
class BrokerRedeliveryTest {

    @TempDir
    static Path journal;

    @DynamicPropertySource
    static void journal(DynamicPropertyRegistry registry) {
        registry.add("spring.artemis.embedded.data-directory", () -> journal.toString());
    }

    @ImportAutoConfiguration({ArtemisAutoConfiguration.class, JmsAutoConfiguration.class})
    @EnableConfigurationProperties(BrokerProperties.class)
    @Import(BrokerConfiguration.class)
    static class Config {
    }

    @Autowired
    JmsTemplate jms;
    @Autowired
    ConnectionFactory connectionFactory;
    @Autowired
    org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ broker;

    /** Beyond this share of its filesystem the broker blocks every producer: the operator sets it per volume. */
    @Test
    void theEmbeddedBrokersDiskLimitIsTheConfiguredOne() {
        assertThat(broker.getActiveMQServer().getConfiguration().getMaxDiskUsage()).isEqualTo(97);
    }

    @Test
    void aMessageThatKeepsFailingIsRedeliveredWithBackoffThenDeadLettered() throws Exception {
        String queue = "facteur.redelivery-test";
        jms.convertAndSend(queue, "flow-42");

        List<Long> deliveries = new CopyOnWriteArrayList<>();
        try (JMSContext context = connectionFactory.createContext(Session.SESSION_TRANSACTED)) {
            var consumer = context.createConsumer(context.createQueue(queue));
            for (int attempt = 1; attempt <= 3; attempt++) {
                Message message = consumer.receive(10_000);
                assertThat(message).as("delivery " + attempt).isNotNull();
                assertThat(message.getBody(String.class)).isEqualTo("flow-42");
                deliveries.add(System.nanoTime());
                context.rollback(); // what a failing transacted route does
            }
            assertThat(consumer.receive(1_500)).as("no fourth delivery").isNull();
        }
        // backoff: the second wait is longer than the first (300 ms, then 600 ms)
        long firstWait = Duration.ofNanos(deliveries.get(1) - deliveries.get(0)).toMillis();
        long secondWait = Duration.ofNanos(deliveries.get(2) - deliveries.get(1)).toMillis();
        assertThat(firstWait).isGreaterThanOrEqualTo(250);
        assertThat(secondWait).isGreaterThan(firstWait);

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            Object dead = jms.receiveAndConvert(Queues.DLQ_PREFIX + queue);
            assertThat(dead).isEqualTo("flow-42");
        });
    }

    /**
     * facteur.transmit keeps each tenant's order across failures: a rolled-back flow is delivered again before the
     * next flow of its group. With a redelivery delay Artemis sets the failed message aside and delivers the next
     * one of the group meanwhile (OutageIT saw a tenant's flows reach Chorus Pro out of order after an outage).
     */
    @Test
    void aRolledBackFlowComesBackBeforeTheNextFlowOfItsTenant() throws Exception {
        for (String flow : List.of("flow-1", "flow-2")) {
            jms.convertAndSend(Queues.TRANSMIT, flow, m -> {
                m.setStringProperty(Queues.GROUP_ID, "acme");
                return m;
            });
        }
        List<String> received = new CopyOnWriteArrayList<>();
        try (JMSContext context = connectionFactory.createContext(Session.SESSION_TRANSACTED)) {
            var consumer = context.createConsumer(context.createQueue(Queues.TRANSMIT));
            for (int attempt = 1; attempt <= 3; attempt++) {
                Message message = consumer.receive(10_000);
                assertThat(message).as("delivery " + attempt).isNotNull();
                received.add(message.getBody(String.class));
                if (attempt < 3) {
                    context.rollback(); // Chorus Pro unavailable: the transmit route rolls back
                } else {
                    context.commit();
                }
            }
            Message next = consumer.receive(10_000);
            assertThat(next).isNotNull();
            received.add(next.getBody(String.class));
            context.commit();
        }
        assertThat(received).containsExactly("flow-1", "flow-1", "flow-1", "flow-2");
    }

}
