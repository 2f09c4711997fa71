package fr.facteur.messaging;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Redelivery policy of the facteur.* addresses, and the embedded broker's disk limit.
 *
 * @param maxDiskUsage percentage of the data directory's <em>filesystem</em> (not only the journal) beyond which the
 *                     embedded broker blocks every producer until space is freed: intake and relay then wait (AS2
 *                     requests hang until their timeout). Artemis's default, 90.
 */
@ConfigurationProperties("facteur.broker")
public record BrokerProperties(
        @DefaultValue("1s") Duration redeliveryDelay,
        @DefaultValue("2.0") double redeliveryMultiplier,
        @DefaultValue("5m") Duration maxRedeliveryDelay,
        @DefaultValue("8") int maxDeliveryAttempts,
        @DefaultValue("104857600") long maxSizeBytes,
        @DefaultValue("20000") int duplicateIdCacheSize,
        @DefaultValue("90") int maxDiskUsage) {
}
