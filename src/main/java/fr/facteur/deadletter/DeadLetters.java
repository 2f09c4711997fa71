package fr.facteur.deadletter;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;

import jakarta.jms.BytesMessage;
import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.QueueBrowser;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;

import org.apache.activemq.artemis.api.core.ActiveMQException;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.api.core.client.ClientSession;
import org.apache.activemq.artemis.jms.client.ActiveMQSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jms.connection.SingleConnectionFactory;
import org.springframework.stereotype.Service;

import fr.facteur.messaging.BrokerProperties;
import fr.facteur.messaging.Queues;

/**
 * Reads and replays the dead-letter queues. The broker moves a message to DLQ.&lt;address&gt; once its delivery
 * attempts are exhausted and stamps it with its original address ({@code _AMQ_ORIG_ADDRESS}); a replay consumes it
 * from there and sends a copy to that address in one JMS transaction, so it is never lost nor doubled.
 *
 * <p>Connections are opened on the broker's own factory, not Spring's caching one: a cached consumer would keep
 * prefetched dead letters to itself, hiding them from the next browse.
 */
@Service
public class DeadLetters {

    private static final Logger log = LoggerFactory.getLogger(DeadLetters.class);

    /** The addresses whose dead letters are shown and may be replayed to. */
    static final List<String> ADDRESSES = List.of(Queues.TRANSMIT, Queues.RETURNS, Queues.RELAY);
    static final String ORIGINAL_ADDRESS = "_AMQ_ORIG_ADDRESS";
    /** Set on a replayed copy: the id of the dead letter it replays, for the operator's history. */
    static final String REPLAYED_FROM = "FacteurReplayedFrom";
    private static final Pattern MESSAGE_ID = Pattern.compile("ID:[A-Za-z0-9:_-]{1,200}");
    private static final int PREVIEW = 2000;

    private final ConnectionFactory connections;
    private final BrokerProperties broker;

    public DeadLetters(ConnectionFactory connectionFactory, BrokerProperties broker) {
        this.connections = connectionFactory instanceof SingleConnectionFactory caching
                && caching.getTargetConnectionFactory() != null ? caching.getTargetConnectionFactory() : connectionFactory;
        this.broker = broker;
    }

    /**
     * @param id              the JMS message id ({@code ID:...})
     * @param queue           the dead-letter queue holding it
     * @param originalAddress where it was going, and where a replay sends it
     * @param tenant          the tenant the message belongs to (its group id), if any
     * @param reason          why it is here
     * @param sentAt          when it was first sent
     * @param headers         every JMS property, as the broker holds it
     * @param body            the start of its body (text), or its size (bytes)
     */
    public record DeadLetter(String id, String queue, String originalAddress, String tenant, String reason,
            Instant sentAt, Map<String, Object> headers, String body) {
    }

    public record Replayed(String id, String address, String newId) {
    }

    public List<DeadLetter> list() {
        List<DeadLetter> letters = new ArrayList<>();
        for (String address : ADDRESSES) {
            String queue = Queues.DLQ_PREFIX + address;
            try (Connection connection = connections.createConnection()) {
                Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
                Optional<jakarta.jms.Queue> dlq = existing(session, queue);
                if (dlq.isEmpty()) {
                    continue;
                }
                QueueBrowser browser = session.createBrowser(dlq.get());
                Enumeration<?> messages = browser.getEnumeration();
                while (messages.hasMoreElements()) {
                    letters.add(describe(queue, (Message) messages.nextElement()));
                }
            } catch (JMSException e) {
                // a DLQ the broker has not created yet holds nothing
                log.debug("Cannot browse {}: {}", queue, e.toString());
            }
        }
        letters.sort((a, b) -> b.sentAt().compareTo(a.sentAt()));
        return letters;
    }

    public Optional<DeadLetter> find(String id) {
        return list().stream().filter(letter -> letter.id().equals(id)).findFirst();
    }

    /**
     * Moves dead letter {@code id} back to its original address.
     *
     * @return empty when no dead-letter queue holds it (any more)
     */
    public Optional<Replayed> replay(String id) {
        if (!MESSAGE_ID.matcher(id).matches()) {
            return Optional.empty(); // also keeps anything but an id out of the selector below
        }
        Optional<DeadLetter> letter = find(id);
        if (letter.isEmpty()) {
            return Optional.empty();
        }
        String target = letter.get().originalAddress();
        if (!ADDRESSES.contains(target)) {
            throw new IllegalStateException("dead letter " + id + " came from " + target
                    + ", which is not an address of the gateway: not replayed");
        }
        try (Connection connection = connections.createConnection()) {
            connection.start();
            Session session = connection.createSession(true, Session.SESSION_TRANSACTED);
            Optional<jakarta.jms.Queue> dlq = existing(session, letter.get().queue());
            if (dlq.isEmpty()) {
                session.rollback();
                return Optional.empty();
            }
            MessageConsumer consumer = session.createConsumer(dlq.get(), "JMSMessageID = '" + id + "'");
            Message message = consumer.receive(5000);
            if (message == null) {
                session.rollback();
                return Optional.empty(); // replayed meanwhile by someone else
            }
            Message copy = copy(session, message);
            copy.setStringProperty(REPLAYED_FROM, id);
            MessageProducer producer = session.createProducer(session.createQueue(target));
            producer.send(copy, DeliveryMode.PERSISTENT, message.getJMSPriority(), 0);
            session.commit();
            log.info("Dead letter {} from {} replayed to {} as {}", id, letter.get().queue(), target,
                    copy.getJMSMessageID());
            return Optional.of(new Replayed(id, target, copy.getJMSMessageID()));
        } catch (JMSException e) {
            throw new IllegalStateException("replaying dead letter " + id + " failed; it stays in its queue", e);
        }
    }

    /**
     * The dead-letter queue {@code name}, addressed by its fully qualified name, or empty when the broker has none
     * yet. Artemis creates DLQ.&lt;address&gt; on the dead-letter address (DLA), not on an address of its own; a
     * plain JMS queue of that name would make the broker auto-create an empty queue elsewhere, and browsing an
     * unknown FQQN would auto-create a queue on the DLA that catches every dead letter. So ask the broker first.
     */
    private static Optional<jakarta.jms.Queue> existing(Session session, String name) throws JMSException {
        if (session instanceof ActiveMQSession artemis) {
            try {
                ClientSession.QueueQuery query = artemis.getCoreSession().queueQuery(SimpleString.of(name));
                if (!query.isExists()) {
                    return Optional.empty();
                }
                return Optional.of(session.createQueue(query.getAddress() + "::" + name));
            } catch (ActiveMQException e) {
                throw new JMSException("cannot query queue " + name + ": " + e.getMessage());
            }
        }
        return Optional.of(session.createQueue(name)); // another JMS client: the queue by its name
    }

    /**
     * A new message with the body and application properties of {@code message}. The broker's own properties are
     * left out: the duplicate id above all, which would make the broker drop the replay as a message it has already
     * seen (each stage is idempotent on its own key, so a replay never doubles an effect).
     */
    private static Message copy(Session session, Message message) throws JMSException {
        Message copy;
        if (message instanceof TextMessage text) {
            copy = session.createTextMessage(text.getText());
        } else if (message instanceof BytesMessage bytes) {
            byte[] body = new byte[(int) bytes.getBodyLength()];
            bytes.readBytes(body);
            BytesMessage out = session.createBytesMessage();
            out.writeBytes(body);
            copy = out;
        } else {
            throw new JMSException("only text and bytes messages are replayed, not " + message.getClass().getSimpleName());
        }
        for (String name : Collections.list(cast(message.getPropertyNames()))) {
            if (name.startsWith("_AMQ_") || (name.startsWith("JMSX") && !name.equals(Queues.GROUP_ID))) {
                continue;
            }
            copy.setObjectProperty(name, message.getObjectProperty(name));
        }
        return copy;
    }

    private DeadLetter describe(String queue, Message message) throws JMSException {
        Map<String, Object> headers = new TreeMap<>();
        for (String name : Collections.list(cast(message.getPropertyNames()))) {
            Object value = message.getObjectProperty(name);
            headers.put(name, value instanceof byte[] b ? "(" + b.length + " bytes)" : String.valueOf(value));
        }
        String tenant = Optional.ofNullable(message.getStringProperty(Queues.TENANT_ID))
                .orElse(message.getStringProperty(Queues.GROUP_ID));
        String original = Optional.ofNullable(message.getStringProperty(ORIGINAL_ADDRESS))
                .orElse(queue.substring(Queues.DLQ_PREFIX.length()));
        String reason = message.propertyExists("FacteurFailure") ? message.getStringProperty("FacteurFailure")
                : "not processed after " + broker.maxDeliveryAttempts()
                        + " delivery attempts (the broker's redelivery is exhausted; the log of the stage tells why)";
        Map<String, Object> ordered = new LinkedHashMap<>(headers);
        return new DeadLetter(message.getJMSMessageID(), queue, original, tenant, reason,
                Instant.ofEpochMilli(message.getJMSTimestamp()), ordered, body(message));
    }

    private static String body(Message message) throws JMSException {
        if (message instanceof TextMessage text) {
            String body = text.getText();
            return body == null ? "" : body.length() > PREVIEW ? body.substring(0, PREVIEW) + "…" : body;
        }
        if (message instanceof BytesMessage bytes) {
            return "(" + bytes.getBodyLength() + " bytes)";
        }
        return "(" + message.getClass().getSimpleName() + ")";
    }

    @SuppressWarnings("unchecked")
    private static Enumeration<String> cast(Enumeration<?> names) {
        return (Enumeration<String>) names;
    }
}
