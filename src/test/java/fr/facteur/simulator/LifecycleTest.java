package fr.facteur.simulator;

import static fr.facteur.simulator.SimulatorRig.T0;
import static fr.facteur.simulator.SimulatorRig.assertSameXml;
import static fr.facteur.simulator.SimulatorRig.names;
import static fr.facteur.simulator.SimulatorRig.xpath;
import static fr.facteur.simulator.SimulatorRig.xpathAll;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import fr.facteur.invoice.Syntax;

/**
 * The scenario engine, driven tick by tick with explicit instants: which statuses come, in which order, in which
 * files, and that a new engine on the same database carries on.
 */
class LifecycleTest {

    static final String STATUS = "/CPPStatut/CPPFactureStatuts/CPPFactureStatutUnitaire/DonneesStatut/";

    @TempDir
    Path dataDir;

    @Test
    void nominalEmitsEachStatusOneStepDelayAfterThePreviousThenNothingMore() {
        Duration step = Duration.ofSeconds(5);
        SimulatorRig rig = SimulatorRig.start(dataDir, SimulatorProperties.defaults().withStepDelay(step));
        rig.deposit("FSO1100A_AAA999_000000000001", "ubl-invoice.xml", TestFacts.invoice("F2026-0001").build());
        rig.scan(T0);

        assertThat(rig.simulator().tick(T0)).as("01 is due one step after the deposit").isEmpty();
        assertThat(rig.simulator().tick(T0.plusSeconds(4))).isEmpty();
        List<String> codes = new ArrayList<>();
        for (int k = 1; k <= 8; k++) {
            Instant due = T0.plus(step.multipliedBy(k));
            assertThat(rig.simulator().tick(due.minusMillis(1))).as("nothing before step %d is due", k).isEmpty();
            Path file = rig.simulator().tick(due).orElseThrow();
            assertThat(xpath(file, STATUS + "IdFacture")).isEqualTo("F2026-0001");
            codes.addAll(xpathAll(file, STATUS + "IdStatut"));
        }

        assertThat(codes).containsExactly("01", "02", "03", "07", "08", "09", "10", "11");
        assertThat(rig.simulator().tick(T0.plus(step.multipliedBy(9)))).isEmpty();
        assertThat(rig.simulator().tick(T0.plus(Duration.ofDays(1)))).isEmpty();
        assertThat(rig.jdbc.queryForObject("select state from sim_invoice", String.class)).isEqualTo("FINISHED");
    }

    static Stream<Arguments> scenarios() {
        return Stream.of(
                Arguments.of("11000201100044", List.of("01", "02", "03", "07", "08", "09", "10", "11"), "FINISHED"),
                Arguments.of("19999991900012", List.of("01", "02", "03", "04"), "FINISHED"),
                Arguments.of("19999992900011", List.of("01", "02", "03", "05"), "FINISHED"),
                Arguments.of("19999993900010", List.of("01", "02", "03", "06"), "WAITING_SUPPLIER"),
                Arguments.of("19999994900019", List.of("01", "02", "03", "07", "08", "09", "10"), "FINISHED"));
    }

    @ParameterizedTest(name = "recipient {0}: {1}")
    @MethodSource("scenarios")
    void eachDemoRecipientPlaysItsScenario(String recipient, List<String> expected, String finalState) {
        SimulatorRig rig = SimulatorRig.start(dataDir);
        rig.deposit("FSO1100A_AAA999_000000000001", "ubl-invoice.xml",
                TestFacts.invoice("F2026-0001").buyer(recipient).build());
        rig.scan(T0);

        List<Path> files = tickUntilQuiet(rig, T0);

        assertThat(files.stream().flatMap(f -> xpathAll(f, STATUS + "IdStatut").stream())).containsExactlyElementsOf(expected);
        assertThat(rig.jdbc.queryForObject("select state from sim_invoice", String.class)).isEqualTo(finalState);
    }

    @Test
    void rejectionsAndSuspensionsCarryTheirReason() {
        SimulatorRig rig = SimulatorRig.start(dataDir);
        rig.deposit("FSO1100A_AAA999_000000000001", "ubl-invoice.xml",
                TestFacts.invoice("F2026-0001").buyer("19999991900012").build());
        rig.deposit("FSO1100A_AAA999_000000000002", "ubl-invoice.xml",
                TestFacts.invoice("F2026-0002").buyer("19999993900010").build());
        rig.scan(T0);

        List<Path> files = tickUntilQuiet(rig, T0);
        Path last = files.get(files.size() - 1);

        assertThat(xpathAll(last, STATUS + "IdStatut")).containsExactly("04", "06");
        assertThat(xpath(last, STATUS.replace("/DonneesStatut/", "[DonneesStatut/IdStatut='04']/DonneesStatut/")
                + "Commentaire")).startsWith("Rejet simulé");
        assertThat(xpath(last, STATUS.replace("/DonneesStatut/", "[DonneesStatut/IdStatut='06']/DonneesStatut/")
                + "Commentaire")).startsWith("Suspension simulée");
        assertThat(xpathAll(files.get(0), STATUS + "Commentaire")).isEmpty();
    }

    @Test
    void theConfiguredScenarioOfARecipientWinsOverTheDefault() {
        SimulatorRig rig = SimulatorRig.start(dataDir, SimulatorProperties.defaults().withStepDelay(Duration.ZERO)
                .withDirectory(List.of(), Map.of("12345678901234", "rejet_autre")));
        rig.deposit("FSO1100A_AAA999_000000000001", "ubl-invoice.xml",
                TestFacts.invoice("F2026-0001").buyer("12345678901234").build());
        rig.deposit("FSO1100A_AAA999_000000000002", "ubl-invoice.xml",
                TestFacts.invoice("F2026-0002").buyer("19999991900012").build());
        rig.scan(T0);

        tickUntilQuiet(rig, T0);

        assertThat(rig.jdbc.queryForList("select scenario from sim_invoice order by number", String.class))
                .containsExactly("REJET_AUTRE", "NOMINAL");
    }

    @Test
    void statusesOfTwoSuppliersDueAtTheSameTickShareOneFile() {
        SimulatorRig rig = SimulatorRig.start(dataDir);
        rig.deposit("FSO1100A_AAA999_000000000001", "ubl-invoice.xml", TestFacts.invoice("F2026-0001").build());
        rig.deposit("FSO1106A_AAA999_000000000002", "cii-invoice.xml", TestFacts.invoice("F2026-0002")
                .syntax(Syntax.CII).seller(TestFacts.DURAND).serviceCode(null).build());
        rig.scan(T0);

        Optional<Path> file = rig.simulator().tick(T0);

        assertThat(file).isPresent();
        assertSameXml(file.get(), "expected/statuts-deux-fournisseurs.xml");
        assertThat(names(rig.returns())).filteredOn(n -> n.startsWith("CPPStatut_")).hasSize(1);
    }

    @Test
    void aNewEngineOnTheSameDatabaseCarriesOnTheScenario() {
        SimulatorRig rig = SimulatorRig.start(dataDir);
        rig.deposit("FSO1100A_AAA999_000000000001", "ubl-invoice.xml", TestFacts.invoice("F2026-0001").build());
        rig.scan(T0);
        List<String> codes = new ArrayList<>();
        for (int s = 0; s < 3; s++) {
            codes.addAll(xpathAll(rig.simulator().tick(T0.plusSeconds(s)).orElseThrow(), STATUS + "IdStatut"));
        }
        assertThat(codes).containsExactly("01", "02", "03");

        rig.restart();
        for (Path file : tickUntilQuiet(rig, T0.plusSeconds(3))) {
            codes.addAll(xpathAll(file, STATUS + "IdStatut"));
        }

        assertThat(codes).containsExactly("01", "02", "03", "07", "08", "09", "10", "11");
        assertThat(rig.jdbc.queryForObject("select count(*) from sim_invoice_step where emitted_at is null",
                Integer.class)).isZero();
    }

    @Test
    void aRejectedFlowStartsNoLifecycle() {
        SimulatorRig rig = SimulatorRig.start(dataDir);
        rig.deposit("FSO1100A_AAA999_000000000001", "ubl-invoice.xml", TestFacts.invoice("F2026-0001").type("389").build());
        rig.scan(T0);

        assertThat(rig.simulator().tick(T0.plus(Duration.ofHours(1)))).isEmpty();
    }

    @Test
    void returnFileNamesAreUniqueAndCarryTheirTime() {
        SimulatorRig rig = SimulatorRig.start(dataDir);
        rig.deposit("FSO1100A_AAA999_000000000001", "ubl-invoice.xml", TestFacts.invoice("F2026-0001").build());
        rig.scan(T0);

        List<Path> files = tickUntilQuiet(rig, T0);

        assertThat(files).extracting(f -> f.getFileName().toString()).doesNotHaveDuplicates()
                .allMatch(n -> n.matches("CPPStatut_2026030210000\\d000_\\d{6}\\.xml"));
        assertThat(names(rig.returns())).noneMatch(n -> n.startsWith(".") || n.endsWith(".part"));
    }

    /** Ticks one second apart until a tick emits nothing; returns the files written, in order. */
    private static List<Path> tickUntilQuiet(SimulatorRig rig, Instant from) {
        List<Path> files = new ArrayList<>();
        Instant now = from;
        for (Optional<Path> file = rig.simulator().tick(now); file.isPresent(); file = rig.simulator().tick(now)) {
            files.add(file.get());
            now = now.plusSeconds(1);
            assertThat(files).as("a scenario ends").hasSizeLessThan(20);
        }
        return files;
    }
}
