package fr.facteur.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSConsumer;
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
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The two ways {@link QueueSender} sends, on the embedded broker with the gateway's settings (persistent journal,
 * duplicate detection): together (one JMS transaction, all or nothing) and each alone. The intake's exactly-once
 * relies on the difference: a transaction holding an id the broker already has is refused whole, a message sent
 * alone with a known id is dropped alone.
 */
@SpringBootTest(classes = QueueSenderTest.Config.class, properties = {
        "spring.artemis.mode=embedded",
        "spring.artemis.embedded.persistent=true",
        "spring.artemis.embedded.server-id=8",
        "spring.artemis.embedded.queues=facteur.sender-a,facteur.sender-b"})
class QueueSenderTest {

    static final String A = "facteur.sender-a";
    static final String B = "facteur.sender-b";

    @TempDir
    static Path journal;

    @DynamicPropertySource
    static void journal(DynamicPropertyRegistry registry) {
        registry.add("spring.artemis.embedded.data-directory", () -> journal.toString());
    }

    @ImportAutoConfiguration({ArtemisAutoConfiguration.class, JmsAutoConfiguration.class})
    @EnableConfigurationProperties(BrokerProperties.class)
    @Import({BrokerConfiguration.class, QueueSender.class})
    static class Config {
    }

    @Autowired
    QueueSender sender;
    @Autowired
    ConnectionFactory connectionFactory;

    @Test
    void togetherPutsEveryMessageOnItsQueueWithItsProperties() throws Exception {
        sender.sendTogether(List.of(message(A, "flow-1", "flow:1", 1L), message(B, "answer-1", "answer:1", null)));

        List<Message> onA = drain(A);
        List<Message> onB = drain(B);
        assertThat(onA).hasSize(1);
        assertThat(onA.get(0).getBody(String.class)).isEqualTo("flow-1");
        assertThat(onA.get(0).getStringProperty(Queues.GROUP_ID)).isEqualTo("acme");
        assertThat(onA.get(0).getStringProperty(Queues.TENANT_ID)).isEqualTo("acme");
        assertThat(onA.get(0).getLongProperty(Queues.FLOW_ID)).isEqualTo(1L);
        assertThat(onA.get(0).getJMSDeliveryMode()).isEqualTo(jakarta.jms.DeliveryMode.PERSISTENT);
        assertThat(onB).extracting(m -> m.getBody(String.class)).containsExactly("answer-1");
    }

    @Test
    void aTransactionHoldingAKnownDuplicateIdIsRefusedWholeWhileEachAloneDropsOnlyTheDuplicate() throws Exception {
        sender.sendEach(List.of(message(A, "flow-2", "flow:2", 2L)));
        assertThat(drain(A)).hasSize(1);

        // a resumed intake: the transmit message was queued before the crash, the answer was not
        List<OutgoingMessage> again = List.of(message(A, "flow-2", "flow:2", 2L),
                message(B, "answer-2", "answer:2", null));
        assertThatThrownBy(() -> sender.sendTogether(again)).as("the broker ignores the whole transaction");
        assertThat(drain(A)).isEmpty();
        assertThat(drain(B)).as("the new answer went with it: why a resumed intake never sends together").isEmpty();

        sender.sendEach(again);
        assertThat(drain(A)).as("the duplicate is dropped").isEmpty();
        assertThat(drain(B)).extracting(m -> m.getBody(String.class)).containsExactly("answer-2");
    }

    private static OutgoingMessage message(String queue, String body, String duplicateId, Long flowId) {
        Map<String, Object> properties = new java.util.HashMap<>(Map.of(Queues.GROUP_ID, "acme", Queues.TENANT_ID,
                "acme", Queues.DUPLICATE_ID, duplicateId));
        if (flowId != null) {
            properties.put(Queues.FLOW_ID, flowId);
        }
        return new OutgoingMessage(queue, body, properties);
    }

    private List<Message> drain(String queue) {
        List<Message> messages = new ArrayList<>();
        try (JMSContext context = connectionFactory.createContext(Session.AUTO_ACKNOWLEDGE);
                JMSConsumer consumer = context.createConsumer(context.createQueue(queue))) {
            for (Message m = consumer.receive(500); m != null; m = consumer.receive(200)) {
                messages.add(m);
            }
        }
        return messages;
    }
}
