package fr.facteur.reliability.crash;

import java.nio.file.Path;

import org.apache.activemq.artemis.api.core.QueueConfiguration;
import org.apache.activemq.artemis.api.core.RoutingType;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.server.JournalType;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.core.settings.impl.AddressSettings;

/**
 * An external Artemis broker, for the crash suite to kill: its own JVM, a persistent journal under
 * {@code broker.data-dir}, one TCP acceptor on {@code broker.port}, and the address settings that docs/production.md
 * asks of an operator's broker.xml (redelivery with backoff, one DLQ per address, persisted duplicate-id cache),
 * here with the short redelivery delay the tests use.
 */
public final class BrokerMain {

    private BrokerMain() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(System.getProperty("broker.data-dir")).toAbsolutePath();
        int port = Integer.getInteger("broker.port");
        ConfigurationImpl config = new ConfigurationImpl();
        config.setName("crash-broker");
        config.setPersistenceEnabled(true);
        config.setSecurityEnabled(false);
        // NIO: no libaio needed; fsync on commit as the default broker does, so a SIGKILL loses nothing acknowledged
        config.setJournalType(JournalType.NIO);
        config.setJournalDirectory(dir.resolve("journal").toString());
        config.setBindingsDirectory(dir.resolve("bindings").toString());
        config.setPagingDirectory(dir.resolve("paging").toString());
        config.setLargeMessagesDirectory(dir.resolve("large-messages").toString());
        config.addAcceptorConfiguration("tcp", "tcp://127.0.0.1:" + port);
        config.addAddressSetting("facteur.#", settings());
        config.addAddressSetting("facteur.transmit", settings().setMaxDeliveryAttempts(-1));
        config.setIDCacheSize(20000);
        config.setPersistIDCache(true);
        for (String queue : new String[] {"facteur.transmit", "facteur.returns", "facteur.relay"}) {
            config.addQueueConfiguration(QueueConfiguration.of(queue).setRoutingType(RoutingType.ANYCAST));
        }
        EmbeddedActiveMQ broker = new EmbeddedActiveMQ();
        broker.setConfiguration(config);
        broker.start();
        System.out.println("BROKER STARTED on port " + port);
        Thread.currentThread().join();
    }

    private static AddressSettings settings() {
        return new AddressSettings()
                .setRedeliveryDelay(200)
                .setRedeliveryMultiplier(2.0)
                .setMaxRedeliveryDelay(300_000)
                .setMaxDeliveryAttempts(8)
                .setDeadLetterAddress(SimpleString.of("DLA"))
                .setAutoCreateDeadLetterResources(true)
                .setDeadLetterQueuePrefix(SimpleString.of("DLQ."))
                .setMaxSizeBytes(104_857_600);
    }
}
