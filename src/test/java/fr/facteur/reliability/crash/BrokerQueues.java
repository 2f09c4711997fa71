package fr.facteur.reliability.crash;

import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.QueueBrowser;
import jakarta.jms.Session;

import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;

/** Reads an external broker's queues from the test JVM: how many messages wait in one. */
final class BrokerQueues {

    private BrokerQueues() {
    }

    /** Messages in {@code queue} (browsed, not consumed); 0 when the queue does not exist. */
    static int depth(int port, String queue) {
        try (ActiveMQConnectionFactory factory = new ActiveMQConnectionFactory("tcp://127.0.0.1:" + port);
                Connection connection = factory.createConnection()) {
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            connection.start();
            try (QueueBrowser browser = session.createBrowser(session.createQueue(queue))) {
                int n = 0;
                for (var e = browser.getEnumeration(); e.hasMoreElements(); e.nextElement()) {
                    n++;
                }
                return n;
            }
        } catch (JMSException e) {
            if (String.valueOf(e.getMessage()).contains("AMQ219010") || e.getClass().getSimpleName()
                    .contains("InvalidDestination")) {
                return 0;
            }
            throw new IllegalStateException("cannot browse " + queue, e);
        }
    }
}
