package fr.facteur.inbound.as2;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import fr.facteur.crypto.OperatorIdentity;
import fr.facteur.platform.FacteurProperties;

/** The AS2 receiving server, started when {@code facteur.as2.enabled} (on in config/application.yaml). */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({As2Properties.class, ChorusProAs2Properties.class})
class As2InboundConfiguration {

    @Bean
    @ConditionalOnProperty(name = "facteur.as2.enabled", havingValue = "true")
    As2Receiver as2Receiver(As2Properties properties, TradingPartners partners, As2MessageStore store,
            PayloadSink sink, OperatorIdentity operator, FacteurProperties facteur) {
        return new As2Receiver(properties.as2Id(), partners, store, sink, operator,
                facteur.dataDir().resolve("work").resolve("as2").toAbsolutePath());
    }

    @Bean
    @ConditionalOnProperty(name = "facteur.as2.enabled", havingValue = "true")
    As2Server as2Server(As2Properties properties, As2Receiver receiver, As2MessageStore store) {
        return new As2Server(properties, receiver,
                new AsyncMdnSender(store, properties.as2Id(), properties.asyncMdnTimeout()));
    }
}
