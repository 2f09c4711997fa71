package fr.facteur.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;

import java.nio.file.Path;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

import fr.facteur.invoice.InvoiceReader;
import fr.facteur.platform.FacteurProperties;

/** The simulator exists only when switched on, and then wires itself from the application's beans. */
class SimulatorConfigurationTest {

    @TempDir
    Path dataDir;

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(FacteurProperties.class)
    static class Platform {
    }

    private ApplicationContextRunner runner() {
        return new ApplicationContextRunner()
                .withUserConfiguration(Platform.class, SimulatorConfiguration.class)
                .withBean(DataSource.class, () -> mock(DataSource.class))
                .withBean(InvoiceReader.class, () -> mock(InvoiceReader.class))
                .withPropertyValues("facteur.data-dir=" + dataDir);
    }

    @Test
    void offByDefault() {
        runner().run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(Simulator.class)
                .doesNotHaveBean(SimulatorScheduler.class));
    }

    @Test
    void onWhenEnabledWithItsFoldersUnderTheDataDirectory() {
        runner().withPropertyValues("facteur.simulator.enabled=true", "facteur.simulator.step-delay=1s")
                .run(context -> {
                    assertThat(context).hasNotFailed().hasSingleBean(Simulator.class)
                            .hasSingleBean(SimulatorScheduler.class);
                    assertThat(context.getBean(Simulator.class).folders().drop())
                            .isEqualTo(dataDir.resolve("demo-sftp/chorus-pro/depot"));
                });
    }

    @Test
    void anUnknownScenarioStopsTheStart() {
        runner().withPropertyValues("facteur.simulator.enabled=true", "facteur.simulator.default-scenario=PAYE")
                .run(context -> assertThat(context).hasFailed().getFailure()
                        .rootCause().hasMessageContaining("facteur.simulator.default-scenario=PAYE"));
    }
}
