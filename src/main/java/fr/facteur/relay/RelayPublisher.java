package fr.facteur.relay;

import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.ProducerTemplate;
import org.springframework.stereotype.Component;

import fr.facteur.messaging.OutgoingMessage;
import fr.facteur.messaging.Queues;

/**
 * Puts work for the relay on facteur.relay: persistent, grouped by tenant (in order per tenant), with the
 * delivery key as the broker's duplicate id so a message sent twice (a retry after a crash) is kept once.
 */
@Component
public class RelayPublisher {

    private final ProducerTemplate producer;
    private final ObjectMapper json;

    public RelayPublisher(ProducerTemplate producer, ObjectMapper json) {
        this.producer = producer;
        this.json = json;
    }

    public void publish(RelayMessage message) {
        OutgoingMessage outgoing = message(message);
        producer.sendBodyAndHeaders(Queues.producer(Queues.RELAY), outgoing.body(), outgoing.properties());
    }

    /**
     * The message {@link #publish} would send, for a caller that sends it together with others in one JMS
     * transaction ({@link fr.facteur.messaging.QueueSender}): the intake's answer travels with its transmit message.
     */
    public OutgoingMessage message(RelayMessage message) {
        try {
            return new OutgoingMessage(Queues.RELAY, json.writeValueAsString(message), Map.of(
                    Queues.GROUP_ID, message.tenantId(),
                    Queues.TENANT_ID, message.tenantId(),
                    Queues.DUPLICATE_ID, message.key()));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise " + message, e);
        }
    }
}
