package fr.facteur.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The flow status rule, including the partial integration that multi-invoice flows will reach. */
class IntegrationStatusTest {

    @Test
    void allInvoicesIntegratedIsReceived() {
        assertThat(IntegrationStatus.of(false, 3, 0).code()).isEqualTo("90");
    }

    @Test
    void someIntegratedAndSomeRejectedIsAPartialIntegration() {
        assertThat(IntegrationStatus.of(false, 2, 1).code()).isEqualTo("96");
    }

    @Test
    void noInvoiceIntegratedOrAnyFlowLevelErrorIsAnError() {
        assertThat(IntegrationStatus.of(false, 0, 2).code()).isEqualTo("93");
        assertThat(IntegrationStatus.of(true, 0, 0).code()).isEqualTo("93");
        assertThat(IntegrationStatus.of(true, 2, 0).code()).isEqualTo("93");
    }
}
