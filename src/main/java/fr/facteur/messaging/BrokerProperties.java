package fr.facteur.messaging;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/** Redelivery policy of the facteur.* addresses (applied to the embedded broker). */
@ConfigurationProperties("facteur.broker")
public record BrokerProperties(
        @DefaultValue("1s") Duration redeliveryDelay,
        @DefaultValue("2.0") double redeliveryMultiplier,
        @DefaultValue("5m") Duration maxRedeliveryDelay,
        @DefaultValue("8") int maxDeliveryAttempts,
        @DefaultValue("104857600") long maxSizeBytes,
        @DefaultValue("20000") int duplicateIdCacheSize) {
}
