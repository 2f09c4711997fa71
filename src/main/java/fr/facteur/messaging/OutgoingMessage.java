package fr.facteur.messaging;

import java.util.Map;
import java.util.Objects;

/**
 * A persistent text message to one of the {@link Queues}, with its JMS properties (group, tenant, duplicate id...).
 * Built by the stage that owns the queue's format, sent by {@link QueueSender}.
 */
public record OutgoingMessage(String queue, String body, Map<String, Object> properties) {

    public OutgoingMessage {
        Objects.requireNonNull(queue, "queue");
        Objects.requireNonNull(body, "body");
        properties = Map.copyOf(properties);
    }
}
