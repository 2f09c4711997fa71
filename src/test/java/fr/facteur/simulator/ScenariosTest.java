package fr.facteur.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.junit.jupiter.api.Test;

class ScenariosTest {

    @Test
    void aRecipientWithoutScenarioFollowsTheDefaultOne() {
        Scenarios scenarios = new Scenarios(Map.of("19999991900012", "REJET_ACHEMINEMENT"), "sans_mise_en_paiement");

        assertThat(scenarios.forRecipient("19999991900012").name()).isEqualTo("REJET_ACHEMINEMENT");
        assertThat(scenarios.forRecipient("11000201100044").name()).isEqualTo("SANS_MISE_EN_PAIEMENT");
    }

    @Test
    void unknownScenarioNamesFailAtStartUpNamingEachKey() {
        assertThatThrownBy(() -> new Scenarios(Map.of("19999991900012", "REJET"), "NOMINALE"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("facteur.simulator.scenarios.19999991900012=REJET")
                .hasMessageContaining("facteur.simulator.default-scenario=NOMINALE")
                .hasMessageContaining("NOMINAL, REJET_ACHEMINEMENT, REJET_AUTRE, SUSPENDUE, SANS_MISE_EN_PAIEMENT");
    }

    @Test
    void onlySuspendueAndARecyclerWaitForTheSupplier() {
        assertThat(Scenarios.BUILT_IN.values()).allSatisfy(scenario -> assertThat(scenario.steps()
                .stream().anyMatch(Scenario.Step::waitsForSupplier))
                .isEqualTo(scenario.name().equals(Scenarios.SUSPENDUE)
                        || scenario.name().equals(Scenarios.A_RECYCLER)));
    }

    @Test
    void aRecycledInvoiceFollowsItsNewRecipientsScenarioFromRoutingOn() {
        Scenarios scenarios = new Scenarios(java.util.Map.of("19999995900018", Scenarios.A_RECYCLER),
                Scenarios.NOMINAL);
        assertThat(scenarios.afterRecycling("11000201100044")).extracting(Scenario.Step::status).containsExactly(
                InvoiceStatus.EN_COURS_ACHEMINEMENT, InvoiceStatus.MISE_A_DISPOSITION, InvoiceStatus.SERVICE_FAIT,
                InvoiceStatus.MANDATEE, InvoiceStatus.MISE_A_DISPOSITION_COMPTABLE, InvoiceStatus.COMPTABILISEE,
                InvoiceStatus.MISE_EN_PAIEMENT);
        assertThat(scenarios.afterRecycling("19999995900018")).extracting(Scenario.Step::status)
                .containsExactly(InvoiceStatus.A_RECYCLER);
    }
}
