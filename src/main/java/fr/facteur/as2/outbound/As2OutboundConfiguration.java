package fr.facteur.as2.outbound;

import java.time.Clock;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

import fr.facteur.crypto.OperatorIdentity;

/**
 * Wires outbound AS2: the sender, its table and the tenants' returns over AS2. The async MDN endpoint
 * (AsyncMdnController) is a scanned controller.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(As2OutboundProperties.class)
class As2OutboundConfiguration {

    @Bean
    As2OutboundRepository as2OutboundRepository(JdbcTemplate jdbc) {
        return new As2OutboundRepository(jdbc);
    }

    @Bean
    As2Sender as2Sender(As2OutboundRepository messages, OperatorIdentity identity, As2OutboundProperties properties) {
        return new As2Sender(messages, identity, properties, Clock.systemUTC());
    }

    @Bean
    TenantAs2Returns tenantAs2Returns(As2Sender sender) {
        return new TenantAs2Returns(sender);
    }
}
