package fr.facteur.messaging;

import java.util.List;
import java.util.Map;

import jakarta.jms.ConnectionFactory;
import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSException;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;

import org.springframework.jms.core.JmsTemplate;
import org.springframework.stereotype.Component;

/**
 * Sends persistent messages to the broker, several of them in <em>one</em> JMS local transaction when asked: the
 * broker syncs its journal once per commit, so the intake's transmit message and its answer to the supplier cost one
 * disk sync instead of two.
 *
 * <p>Artemis's duplicate detection ({@link Queues#DUPLICATE_ID}) behaves differently in the two modes, which is why
 * both exist: a message sent alone whose duplicate id was already seen is silently dropped, but in a transaction
 * the broker ignores the <em>whole</em> transaction and the commit fails. So {@link #sendTogether} is for messages
 * that cannot have been sent before (a first attempt), and {@link #sendEach} for a retry that may repeat some.
 */
@Component
public class QueueSender {

    private final JmsTemplate transacted;
    private final JmsTemplate autoCommitted;

    public QueueSender(ConnectionFactory connectionFactory) {
        this.transacted = new JmsTemplate(connectionFactory);
        this.transacted.setSessionTransacted(true);
        this.autoCommitted = new JmsTemplate(connectionFactory);
    }

    /**
     * All the messages in one JMS transaction, committed before this returns: all of them are on their queues, or
     * none (an exception). A duplicate id already known to the broker makes the commit fail: see the class comment.
     */
    public void sendTogether(List<OutgoingMessage> messages) {
        if (messages.isEmpty()) {
            return;
        }
        transacted.execute(session -> {
            for (OutgoingMessage message : messages) {
                send(session, message);
            }
            session.commit();
            return null;
        }, true);
    }

    /** Each message on its own (one journal sync each); a message whose duplicate id is known is dropped alone. */
    public void sendEach(List<OutgoingMessage> messages) {
        for (OutgoingMessage message : messages) {
            autoCommitted.execute(session -> {
                send(session, message);
                return null;
            }, true);
        }
    }

    private static void send(Session session, OutgoingMessage message) throws JMSException {
        TextMessage jms = session.createTextMessage(message.body());
        for (Map.Entry<String, Object> property : message.properties().entrySet()) {
            // typed setters: JMSXGroupID and _AMQ_DUPL_ID are read by the broker as strings
            if (property.getValue() instanceof String text) {
                jms.setStringProperty(property.getKey(), text);
            } else if (property.getValue() instanceof Long number) {
                jms.setLongProperty(property.getKey(), number);
            } else {
                jms.setObjectProperty(property.getKey(), property.getValue());
            }
        }
        try (MessageProducer producer = session.createProducer(session.createQueue(message.queue()))) {
            producer.setDeliveryMode(DeliveryMode.PERSISTENT);
            producer.send(jms);
        }
    }
}
