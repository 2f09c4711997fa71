package fr.facteur.messaging;

import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.core.settings.impl.AddressSettings;
import org.springframework.boot.autoconfigure.jms.artemis.ArtemisConfigurationCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Settings of the embedded broker (the default run). An external broker must carry the same address settings in
 * its broker.xml: see docs/production.md.
 */
@Configuration(proxyBeanMethods = false)
class BrokerConfiguration {

    @Bean
    ArtemisConfigurationCustomizer facteurAddressSettings(BrokerProperties broker) {
        return configuration -> {
            configuration.addAddressSetting("facteur.#", settings(broker));
            // transmission: Chorus Pro down for hours must not dead-letter flows; the transmit consumer pauses
            // during outages and dead-letters by itself what Chorus Pro refuses for good (see transmit).
            // No redelivery delay here: Artemis sets a delayed message aside and delivers the next ones of its
            // group meanwhile, so a tenant's flows reached Chorus Pro out of order after an outage (OutageIT). A
            // rolled-back flow goes back to the head of the queue; the consumer's pause is this hop's only backoff.
            configuration.addAddressSetting(Queues.TRANSMIT, settings(broker).setMaxDeliveryAttempts(-1)
                    .setRedeliveryDelay(0));
            configuration.setIDCacheSize(broker.duplicateIdCacheSize());
            configuration.setPersistIDCache(true);
            configuration.setMaxDiskUsage(broker.maxDiskUsage());
        };
    }

    private static AddressSettings settings(BrokerProperties broker) {
        return new AddressSettings()
                    .setRedeliveryDelay(broker.redeliveryDelay().toMillis())
                    .setRedeliveryMultiplier(broker.redeliveryMultiplier())
                    .setMaxRedeliveryDelay(broker.maxRedeliveryDelay().toMillis())
                    .setMaxDeliveryAttempts(broker.maxDeliveryAttempts())
                    .setDeadLetterAddress(SimpleString.of("DLA"))
                    .setAutoCreateDeadLetterResources(true)
                    .setDeadLetterQueuePrefix(SimpleString.of(Queues.DLQ_PREFIX))
                    // bounded memory: page to disk beyond this, never drop
                    .setMaxSizeBytes(broker.maxSizeBytes());
    }
}
