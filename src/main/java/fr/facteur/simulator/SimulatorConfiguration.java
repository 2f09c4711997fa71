package fr.facteur.simulator;

import java.time.Clock;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import fr.facteur.invoice.InvoiceReader;
import fr.facteur.platform.FacteurProperties;

/**
 * Switches the Chorus Pro simulator on ({@code facteur.simulator.enabled=true}): the simulator over the shared
 * database and its scheduler. Nothing else in the product refers to these beans.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "facteur.simulator.enabled", havingValue = "true")
@EnableConfigurationProperties(SimulatorProperties.class)
class SimulatorConfiguration {

    private static final Logger log = LoggerFactory.getLogger(SimulatorConfiguration.class);

    @Bean
    Simulator chorusProSimulator(SimulatorProperties properties, FacteurProperties facteur, DataSource dataSource,
            InvoiceReader invoiceReader) {
        Simulator simulator = Simulator.assemble(properties, facteur.dataDir(), facteur.operator().partnerCode(),
                dataSource, invoiceReader::read);
        log.info("Chorus Pro simulator on: drop box {}, returns {}, poll {}, step delay {}",
                simulator.folders().drop().toAbsolutePath(), simulator.folders().returns().toAbsolutePath(),
                properties.poll(), properties.stepDelay());
        return simulator;
    }

    @Bean
    SimulatorScheduler chorusProSimulatorScheduler(Simulator chorusProSimulator) {
        return new SimulatorScheduler(chorusProSimulator, Clock.systemUTC());
    }
}
