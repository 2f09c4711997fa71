package fr.facteur.tracking;

import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * A tenant's month, from the tracking store: volumes, rejections (at the gateway, by rule, and by Chorus Pro), and the
 * median and 95th percentile of the delay of each stage. Months are UTC calendar months; a document counts in the
 * month it was received.
 */
@Repository
public class MonthlySummary {

    private final JdbcTemplate jdbc;

    public MonthlySummary(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public record RuleCount(String rule, long count) {
    }

    /** Delays in seconds; null when nothing went through the stage that month. */
    public record StageDelay(String stage, long count, Double medianSeconds, Double p95Seconds) {
    }

    public record Summary(String tenant, String month, long documentsReceived, long duplicates, long accepted,
            long rejectedAtGateway, double gatewayRejectionRate, long invoices, long flowsTransmitted,
            long rejectedByChorusPro, double chorusProRejectionRate, long paid, List<RuleCount> topRules,
            List<StageDelay> delays) {

        /** One line per figure: metric,value (rules as rule:&lt;id&gt;, delays as &lt;stage&gt;.median_s / .p95_s). */
        public String toCsv() {
            Map<String, Object> rows = new LinkedHashMap<>();
            rows.put("tenant", tenant);
            rows.put("month", month);
            rows.put("documents_received", documentsReceived);
            rows.put("duplicates", duplicates);
            rows.put("accepted", accepted);
            rows.put("rejected_at_gateway", rejectedAtGateway);
            rows.put("gateway_rejection_rate", gatewayRejectionRate);
            rows.put("invoices", invoices);
            rows.put("flows_transmitted", flowsTransmitted);
            rows.put("rejected_by_chorus_pro", rejectedByChorusPro);
            rows.put("chorus_pro_rejection_rate", chorusProRejectionRate);
            rows.put("paid", paid);
            topRules.forEach(rule -> rows.put("rule:" + rule.rule(), rule.count()));
            delays.forEach(delay -> {
                rows.put(delay.stage() + ".count", delay.count());
                rows.put(delay.stage() + ".median_s", delay.medianSeconds() == null ? "" : delay.medianSeconds());
                rows.put(delay.stage() + ".p95_s", delay.p95Seconds() == null ? "" : delay.p95Seconds());
            });
            StringBuilder csv = new StringBuilder("metric,value\n");
            rows.forEach((metric, value) -> csv.append(quote(metric)).append(',').append(quote(String.valueOf(value)))
                    .append('\n'));
            return csv.toString();
        }

        private static String quote(String value) {
            return value.matches("[^,\"\\r\\n]*") ? value : "\"" + value.replace("\"", "\"\"") + "\"";
        }
    }

    public Summary of(String tenant, YearMonth month) {
        OffsetDateTime from = month.atDay(1).atStartOfDay().atOffset(ZoneOffset.UTC);
        OffsetDateTime to = month.plusMonths(1).atDay(1).atStartOfDay().atOffset(ZoneOffset.UTC);
        Map<String, Object> docs = jdbc.queryForMap("""
                select count(*) as received,
                       count(*) filter (where state = 'ACCEPTED') as accepted,
                       count(*) filter (where state = 'REJECTED') as rejected
                from document where tenant_id = ? and received_at >= ? and received_at < ?""", tenant, from, to);
        long duplicates = jdbc.queryForObject("""
                select count(*) from receipt where tenant_id = ? and outcome = 'DUPLICATE'
                  and received_at >= ? and received_at < ?""", Long.class, tenant, from, to);
        Map<String, Object> invoices = jdbc.queryForMap("""
                select count(*) as invoices,
                       count(*) filter (where exists (select 1 from status_event e where e.invoice_id = i.id
                                                       and e.status = 'REJETEE')) as rejected,
                       count(*) filter (where exists (select 1 from status_event e where e.invoice_id = i.id
                                                       and e.status = 'MISE_EN_PAIEMENT')) as paid
                from invoice i where i.tenant_id = ? and i.created_at >= ? and i.created_at < ?""", tenant, from, to);
        long transmitted = jdbc.queryForObject("""
                select count(*) from flow where tenant_id = ? and transmitted_at >= ? and transmitted_at < ?""",
                Long.class, tenant, from, to);
        // rejection holds the violated rules as a JSON array of {rule, ...}; anything else counts as no rule
        List<RuleCount> rules = jdbc.query("""
                select v ->> 'rule' as rule, count(*) as n
                from document d,
                     jsonb_array_elements(case when jsonb_typeof(d.rejection::jsonb) = 'array'
                                               then d.rejection::jsonb else '[]'::jsonb end) v
                where d.tenant_id = ? and d.state = 'REJECTED' and d.received_at >= ? and d.received_at < ?
                  and v ->> 'rule' is not null
                group by 1 order by 2 desc, 1 limit 10""",
                (rs, i) -> new RuleCount(rs.getString("rule"), rs.getLong("n")), tenant, from, to);
        List<StageDelay> delays = new ArrayList<>();
        delays.add(delay("received_to_transmitted", """
                select extract(epoch from f.transmitted_at - d.received_at) as s
                from flow f join document d on d.id = f.document_id
                where f.tenant_id = ? and d.received_at >= ? and d.received_at < ? and f.transmitted_at is not null""",
                tenant, from, to));
        delays.add(delay("transmitted_to_integration_report", """
                select extract(epoch from f.report_at - f.transmitted_at) as s
                from flow f join document d on d.id = f.document_id
                where f.tenant_id = ? and d.received_at >= ? and d.received_at < ? and f.report_at is not null
                  and f.transmitted_at is not null""", tenant, from, to));
        delays.add(delay("received_to_mise_en_paiement", """
                select extract(epoch from min(e.occurred_at) - min(i.created_at)) as s
                from invoice i join status_event e on e.invoice_id = i.id and e.status = 'MISE_EN_PAIEMENT'
                where i.tenant_id = ? and i.created_at >= ? and i.created_at < ?
                group by i.id""", tenant, from, to));
        long received = number(docs.get("received"));
        long rejected = number(docs.get("rejected"));
        long invoiceCount = number(invoices.get("invoices"));
        long chorusRejected = number(invoices.get("rejected"));
        return new Summary(tenant, month.toString(), received, duplicates, number(docs.get("accepted")), rejected,
                rate(rejected, received), invoiceCount, transmitted, chorusRejected, rate(chorusRejected, invoiceCount),
                number(invoices.get("paid")), rules, delays);
    }

    private StageDelay delay(String stage, String durations, Object... args) {
        return jdbc.queryForObject("select count(*) as n, percentile_cont(0.5) within group (order by s) as median, "
                + "percentile_cont(0.95) within group (order by s) as p95 from (" + durations + ") t",
                (rs, i) -> new StageDelay(stage, rs.getLong("n"), (Double) rs.getObject("median"),
                        (Double) rs.getObject("p95")), args);
    }

    private static long number(Object value) {
        return value == null ? 0 : ((Number) value).longValue();
    }

    private static double rate(long part, long whole) {
        return whole == 0 ? 0 : Math.round(10000.0 * part / whole) / 10000.0;
    }
}
