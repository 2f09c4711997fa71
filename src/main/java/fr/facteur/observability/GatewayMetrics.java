package fr.facteur.observability;

import java.time.Duration;
import java.util.Locale;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.springframework.stereotype.Component;

/**
 * The business metrics of the gateway, recorded by the stages and exported on /actuator/prometheus.
 *
 * <p>Counters (Prometheus names): {@code facteur_invoices_received_total{tenant}} (every file taken, whatever
 * its outcome), {@code facteur_invoices_rejected_total{tenant,family}}, {@code facteur_invoices_duplicate_total{tenant}},
 * {@code facteur_flows_transmitted_total{tenant}}, {@code facteur_relay_deliveries_total{tenant,kind}},
 * {@code facteur_return_lines_unmatched_total}. Timer: {@code facteur_stage_seconds{stage}} with histogram buckets,
 * so percentiles can be computed across instances.
 *
 * <p>Tags are bounded: tenants are the installed ones, families and kinds are short fixed vocabularies. Invoice
 * numbers or file names never become tags.
 */
@Component
public class GatewayMetrics {

    /** Stage tag of the time from a file taken to its flow queued. */
    public static final String STAGE_INTAKE = "intake";
    /** Stage tag of the time from a flow queued to its deposit at Chorus Pro. */
    public static final String STAGE_TRANSMIT = "transmit";

    private final MeterRegistry registry;

    public GatewayMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** A file was taken from a tenant (counted before its outcome is known: accepted, rejected or duplicate). */
    public void invoiceReceived(String tenant) {
        counter("facteur.invoices.received", "Files taken from suppliers", "tenant", tenant).increment();
    }

    /**
     * A file was rejected; counted once, under the family of its first failed rule (the one a supplier fixes first).
     *
     * @param firstRule the id of the first failed rule (XSD, XML-WELLFORMED, SELLER-SIRET, BR-CO-10...), may be null
     */
    public void invoiceRejected(String tenant, String firstRule) {
        counter("facteur.invoices.rejected", "Files rejected, by family of the first failed rule", "tenant", tenant,
                "family", ruleFamily(firstRule)).increment();
    }

    /** A file carried bytes the tenant had already sent. */
    public void invoiceDuplicate(String tenant) {
        counter("facteur.invoices.duplicate", "Files that repeat one already received", "tenant", tenant).increment();
    }

    /** A flow was deposited at Chorus Pro (not counted again when a redelivered message finds it already sent). */
    public void flowTransmitted(String tenant) {
        counter("facteur.flows.transmitted", "Flows deposited at Chorus Pro", "tenant", tenant).increment();
    }

    /**
     * A delivery to a supplier was recorded: a file uploaded, or recorded only for a tenant whose returns channel is
     * none. A return with nothing left for the tenant after its events filter is not counted.
     *
     * @param kind ACK, REJECTION, DUPLICATE or RETURN
     */
    public void relayDelivered(String tenant, String kind) {
        counter("facteur.relay.deliveries", "Answers and return flows delivered to suppliers", "tenant", tenant,
                "kind", kind).increment();
    }

    /** Lines of a Chorus Pro return file that match none of our flows or invoices (no tenant to blame). */
    public void returnLinesUnmatched(int lines) {
        if (lines > 0) {
            Counter.builder("facteur.return.lines.unmatched").description("Return file lines matching nothing")
                    .register(registry).increment(lines);
        }
    }

    /** @param stage {@link #STAGE_INTAKE} or {@link #STAGE_TRANSMIT} */
    public void stageTime(String stage, Duration elapsed) {
        Timer.builder("facteur.stage").description("Time spent per stage of the data flow").tag("stage", stage)
                .publishPercentileHistogram()
                // the transmit stage includes broker backoff: buckets must reach hours, not stop at seconds
                .maximumExpectedValue(Duration.ofHours(6))
                .register(registry)
                .record(elapsed.isNegative() ? Duration.ZERO : elapsed);
    }

    /**
     * The family of a rule id: what comes before its first '-' (XML-WELLFORMED is XML, SELLER-SIRET is SELLER, BR-CO-10
     * is BR, XSD is XSD), so that dashboards group rules without one series per rule.
     */
    static String ruleFamily(String rule) {
        if (rule == null || rule.isBlank()) {
            return "UNKNOWN";
        }
        int dash = rule.indexOf('-');
        return (dash > 0 ? rule.substring(0, dash) : rule).toUpperCase(Locale.ROOT);
    }

    private Counter counter(String name, String description, String... tags) {
        return Counter.builder(name).description(description).tags(tags).register(registry);
    }
}
