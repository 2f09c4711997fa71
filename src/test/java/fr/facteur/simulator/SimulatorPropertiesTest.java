package fr.facteur.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/** facteur.simulator.* as Spring binds it from configuration. */
class SimulatorPropertiesTest {

    private static SimulatorProperties bind(Map<String, String> properties) {
        return new Binder(new MapConfigurationPropertySource(properties))
                .bindOrCreate("facteur.simulator", SimulatorProperties.class);
    }

    @Test
    void defaultsAreTheDemoSftpFoldersUnderTheDataDirectory() {
        SimulatorProperties properties = bind(Map.of());

        SimulatorProperties.Folders folders = properties.folders(Path.of("/srv/facteur/data"));

        assertThat(properties).isEqualTo(SimulatorProperties.defaults());
        assertThat(folders.drop()).isEqualTo(Path.of("/srv/facteur/data/demo-sftp/chorus-pro/depot"));
        assertThat(folders.processed()).isEqualTo(Path.of("/srv/facteur/data/demo-sftp/chorus-pro/depot-traite"));
        assertThat(folders.returns()).isEqualTo(Path.of("/srv/facteur/data/demo-sftp/chorus-pro/retours"));
        assertThat(properties.poll()).isEqualTo(Duration.ofSeconds(2));
        assertThat(properties.stepDelay()).isEqualTo(Duration.ofSeconds(5));
        assertThat(properties.producerId()).isEqualTo("CPP");
        assertThat(properties.knownRecipients()).contains("11000201100044");
        assertThat(properties.scenarioByRecipient()).containsEntry("19999993900010", "SUSPENDUE");
    }

    @Test
    void everyKeyCanBeSetAndAbsoluteFoldersStayAsGiven() {
        SimulatorProperties properties = bind(Map.of(
                "facteur.simulator.enabled", "true",
                "facteur.simulator.drop-dir", "/var/chorus/depot",
                "facteur.simulator.returns-dir", "retours",
                "facteur.simulator.poll", "200ms",
                "facteur.simulator.step-delay", "0s",
                "facteur.simulator.producer-id", "CPPSIMUL",
                "facteur.simulator.default-scenario", "SANS_MISE_EN_PAIEMENT",
                "facteur.simulator.scenarios.21330012300014", "SUSPENDUE",
                "facteur.simulator.directory[0]", "21330012300014"));

        SimulatorProperties.Folders folders = properties.folders(Path.of("data"));

        assertThat(properties.enabled()).isTrue();
        assertThat(folders.drop()).isEqualTo(Path.of("/var/chorus/depot"));
        assertThat(folders.returns()).isEqualTo(Path.of("data/retours"));
        assertThat(properties.poll()).isEqualTo(Duration.ofMillis(200));
        assertThat(properties.stepDelay()).isZero();
        assertThat(properties.producerId()).isEqualTo("CPPSIMUL");
        assertThat(properties.defaultScenario()).isEqualTo("SANS_MISE_EN_PAIEMENT");
        assertThat(properties.scenarioByRecipient()).containsExactly(Map.entry("21330012300014", "SUSPENDUE"));
        assertThat(properties.knownRecipients()).containsExactly("21330012300014");
    }

    @Test
    void anEmptyDirectorySettingMeansAnyRecipient() {
        SimulatorProperties properties = bind(Map.of("facteur.simulator.directory", ""));

        assertThat(properties.knownRecipients()).isEmpty();
        assertThat(new SimulatedDirectory(properties.knownRecipients()).accepts("12345678901234")).isTrue();
    }
}
