package fr.facteur.piste;

import java.time.Clock;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

import fr.facteur.platform.FacteurProperties;

/** One client (one cached token) for deposits and status polling, when Chorus Pro is reached over the API. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "facteur.chorus-pro.channel", havingValue = "api")
class PisteConfiguration {

    @Bean
    PisteClient pisteClient(FacteurProperties properties, ObjectMapper json, Environment environment) {
        return new PisteClient(properties.chorusPro().api(), json, environment::resolvePlaceholders,
                Clock.systemUTC());
    }
}
