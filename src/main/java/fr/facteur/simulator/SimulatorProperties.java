package fr.facteur.simulator;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the Chorus Pro simulator ({@code facteur.simulator.*}). Relative folders (drop, processed, returns) are
 * resolved against {@code facteur.data-dir}; the defaults are the folders behind the demo SFTP server's {@code chorus-pro} account, so
 * the gateway deposits and polls there exactly as it would with Chorus Pro.
 *
 * @param enabled         creates the simulator's beans (off unless set)
 * @param dropDir         Chorus Pro's SFTP deposit folder: flows {@code <interface>_<partner>_<flowId>} plus a
 *                        detached signature {@code <name>.p7s}
 * @param processedDir    where processed flows are moved (kept for inspection, e.g. {@code openssl cms -verify})
 * @param returnsDir      where return files (integration reports, lifecycle statuses) are written
 * @param poll            how often the drop box is scanned and due statuses are emitted
 * @param stepDelay       time between two lifecycle statuses of one invoice (first one: after the deposit)
 * @param signatureWait   how long a flow may wait for its .p7s before it is rejected for a missing signature
 * @param producerId      Emetteur/Id of the return files (3-8 characters), and their IdProducteur when it is
 *                        exactly 8 characters long as the AIFE XSD V1_19 requires (otherwise IdProducteur, optional,
 *                        is left out: the default "CPP" is what the gateway expects as Emetteur)
 * @param defaultScenario scenario of invoices whose recipient has none in {@code scenarios}
 * @param scenarios       recipient (buyer) SIRET → scenario name (see {@link Scenarios}); unset = the demo structures'
 *                        scenarios of {@link SimulatedDirectory#DEMO_STRUCTURES}
 * @param directory       SIRETs of the simulated public structures; unset = the demo structures; an empty list
 *                        accepts any syntactically valid SIRET
 * @param trustedSigners  PEM certificate files (paths as given, like facteur.certs-dir) whose signatures are accepted:
 *                        the operator's, as registered at the connection; empty = any signer whose signature
 *                        verifies and whose certificate is valid
 */
@ConfigurationProperties("facteur.simulator")
public record SimulatorProperties(
        @DefaultValue("false") boolean enabled,
        @DefaultValue("demo-sftp/chorus-pro/depot") Path dropDir,
        @DefaultValue("demo-sftp/chorus-pro/depot-traite") Path processedDir,
        @DefaultValue("demo-sftp/chorus-pro/retours") Path returnsDir,
        @DefaultValue("2s") Duration poll,
        @DefaultValue("5s") Duration stepDelay,
        @DefaultValue("1m") Duration signatureWait,
        @DefaultValue("CPP") String producerId,
        @DefaultValue("NOMINAL") String defaultScenario,
        Map<String, String> scenarios,
        List<String> directory,
        @DefaultValue List<Path> trustedSigners) {

    /** Settings with every default, the way Spring binds an empty {@code facteur.simulator} (tests start here). */
    public static SimulatorProperties defaults() {
        return new SimulatorProperties(false, Path.of("demo-sftp/chorus-pro/depot"),
                Path.of("demo-sftp/chorus-pro/depot-traite"), Path.of("demo-sftp/chorus-pro/retours"),
                Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ofMinutes(1), "CPP", "NOMINAL", null, null,
                List.of());
    }

    /** The folders, relative ones resolved against the data directory. */
    public Folders folders(Path dataDir) {
        return new Folders(dataDir.resolve(dropDir).normalize(), dataDir.resolve(processedDir).normalize(),
                dataDir.resolve(returnsDir).normalize());
    }

    /** The recipients the simulated directory knows; empty means any syntactically valid SIRET. */
    public List<String> knownRecipients() {
        return directory != null ? List.copyOf(directory) : SimulatedDirectory.demoSirets();
    }

    /** Recipient SIRET → scenario name. */
    public Map<String, String> scenarioByRecipient() {
        return scenarios != null ? Map.copyOf(scenarios) : SimulatedDirectory.demoScenarios();
    }

    public SimulatorProperties withFolders(Path drop, Path processed, Path returns) {
        return new SimulatorProperties(enabled, drop, processed, returns, poll, stepDelay, signatureWait, producerId,
                defaultScenario, scenarios, directory, trustedSigners);
    }

    public SimulatorProperties withStepDelay(Duration delay) {
        return new SimulatorProperties(enabled, dropDir, processedDir, returnsDir, poll, delay, signatureWait,
                producerId, defaultScenario, scenarios, directory, trustedSigners);
    }

    public SimulatorProperties withDirectory(List<String> sirets, Map<String, String> scenarioByRecipient) {
        return new SimulatorProperties(enabled, dropDir, processedDir, returnsDir, poll, stepDelay, signatureWait,
                producerId, defaultScenario, scenarioByRecipient, sirets, trustedSigners);
    }

    public SimulatorProperties withTrustedSigners(List<Path> certificates) {
        return new SimulatorProperties(enabled, dropDir, processedDir, returnsDir, poll, stepDelay, signatureWait,
                producerId, defaultScenario, scenarios, directory, certificates);
    }

    /**
     * @param drop      the deposit folder
     * @param processed where processed flows go
     * @param returns   where return files appear
     */
    public record Folders(Path drop, Path processed, Path returns) {
    }
}
