package fr.facteur.observability;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;

/** The metrics as Prometheus scrapes them: names, tags, values. */
class GatewayMetricsTest {

    final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    final GatewayMetrics metrics = new GatewayMetrics(registry);

    @Test
    void aRuleFamilyIsTheRuleIdBeforeItsFirstDash() {
        assertThat(GatewayMetrics.ruleFamily("XML-WELLFORMED")).isEqualTo("XML");
        assertThat(GatewayMetrics.ruleFamily("SELLER-SIRET")).isEqualTo("SELLER");
        assertThat(GatewayMetrics.ruleFamily("BR-CO-10")).isEqualTo("BR");
        assertThat(GatewayMetrics.ruleFamily("XSD")).isEqualTo("XSD");
        assertThat(GatewayMetrics.ruleFamily(null)).isEqualTo("UNKNOWN");
    }

    @Test
    void countersCarryTheTenantAndTheirExtraTag() {
        metrics.invoiceReceived("acme");
        metrics.invoiceReceived("acme");
        metrics.invoiceRejected("acme", "SELLER-SIRET");
        metrics.invoiceDuplicate("durand");
        metrics.flowTransmitted("acme");
        metrics.relayDelivered("acme", "ACK");
        metrics.returnLinesUnmatched(3);
        metrics.returnLinesUnmatched(0);

        assertThat(registry.scrape()).contains(
                "facteur_invoices_received_total{tenant=\"acme\"} 2.0",
                "facteur_invoices_rejected_total{family=\"SELLER\",tenant=\"acme\"} 1.0",
                "facteur_invoices_duplicate_total{tenant=\"durand\"} 1.0",
                "facteur_flows_transmitted_total{tenant=\"acme\"} 1.0",
                "facteur_relay_deliveries_total{kind=\"ACK\",tenant=\"acme\"} 1.0",
                "facteur_return_lines_unmatched_total 3.0");
    }

    @Test
    void stageTimesArePublishedAsHistogramBuckets() {
        metrics.stageTime(GatewayMetrics.STAGE_INTAKE, Duration.ofMillis(120));
        metrics.stageTime(GatewayMetrics.STAGE_TRANSMIT, Duration.ofMinutes(10));

        String scrape = registry.scrape();
        assertThat(scrape).contains("facteur_stage_seconds_count{stage=\"intake\"} 1",
                "facteur_stage_seconds_count{stage=\"transmit\"} 1");
        assertThat(scrape).containsPattern("facteur_stage_seconds_bucket\\{stage=\"intake\",le=\"[0-9.]+\"} 1");
        // ten minutes still fall in a finite bucket: buckets reach hours, as broker backoff can
        assertThat(scrape).containsPattern("facteur_stage_seconds_bucket\\{stage=\"transmit\",le=\"[0-9.]+\"} 1");
        assertThat(scrape).containsPattern("facteur_stage_seconds_bucket\\{stage=\"transmit\",le=\"[0-9.]+\"} 0");
    }
}
