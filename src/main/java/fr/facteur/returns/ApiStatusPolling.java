package fr.facteur.returns;

import java.time.Clock;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.Scheduled;

import fr.facteur.piste.PisteClient;
import fr.facteur.platform.FacteurProperties;
import fr.facteur.tracking.ApiDepositRepository;
import fr.facteur.tracking.FlowRepository;

/**
 * Over the API ({@code facteur.chorus-pro.channel=api}) statuses are polled (every facteur.chorus-pro.api.poll)
 * instead of read from Chorus Pro's return folder.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "facteur.chorus-pro.channel", havingValue = "api")
class ApiStatusPolling {

    private static final Logger log = LoggerFactory.getLogger(ApiStatusPolling.class);

    @Bean
    ApiStatusPoller apiStatusPoller(FacteurProperties properties, ObjectMapper json, PisteClient client,
            ApiDepositRepository deposits, FlowRepository flows, ReturnFileProcessor processor) {
        FacteurProperties.Api api = properties.chorusPro().api();
        return new ApiStatusPoller(client, deposits, flows, processor, json, api.poll(), api.pollBatch(),
                Clock.systemUTC());
    }

    @Bean
    Runner apiStatusPollerRunner(ApiStatusPoller poller) {
        return new Runner(poller);
    }

    static class Runner {
        private final ApiStatusPoller poller;

        Runner(ApiStatusPoller poller) {
            this.poller = poller;
        }

        @Scheduled(initialDelayString = "${facteur.chorus-pro.api.poll:30s}",
                fixedDelayString = "${facteur.chorus-pro.api.poll:30s}")
        void poll() {
            try {
                poller.poll();
            } catch (RuntimeException e) {
                log.warn("Chorus Pro API status polling failed: {}", e.toString(), e);
            }
        }
    }
}
