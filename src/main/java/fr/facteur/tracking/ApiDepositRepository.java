package fr.facteur.tracking;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * Flows deposited over the Chorus Pro API and their polling (table chorus_pro_api_deposit, V7). Written by
 * transmission (the deposit) and by the status poller (claims and outcomes).
 */
@Repository
public class ApiDepositRepository {

    /** A deposited flow claimed for one poll. */
    public record Claimed(long flowId, String numeroFluxDepot, String reportCode, String lastAnswerSha256, int polls) {
    }

    /** One of our invoices in a flow, as the poller needs it to name a status line. */
    public record FlowInvoice(long id, String number, String sellerSiret, String buyerSiret, String status) {
    }

    private final JdbcTemplate jdbc;

    public ApiDepositRepository(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<String> numeroOf(long flowId) {
        return jdbc.queryForList("select numero_flux_depot from chorus_pro_api_deposit where flow_id = ?",
                String.class, flowId).stream().findFirst();
    }

    /** Records a deposit once; a second call for the same flow keeps the first number. */
    public void recordDeposit(long flowId, String numeroFluxDepot) {
        jdbc.update("insert into chorus_pro_api_deposit (flow_id, numero_flux_depot) values (?, ?) "
                + "on conflict (flow_id) do nothing", flowId, numeroFluxDepot);
    }

    /**
     * Claims up to {@code limit} flows due for polling, for {@code lease}: rows another instance holds are skipped,
     * so no flow is polled by two instances at once.
     */
    public List<Claimed> claimDue(int limit, Duration lease) {
        return jdbc.query("""
                update chorus_pro_api_deposit d set lease_until = now() + make_interval(secs => ?)
                from (select flow_id from chorus_pro_api_deposit
                      where not done and next_poll_at <= now() and (lease_until is null or lease_until < now())
                      order by next_poll_at limit ? for update skip locked) c
                where d.flow_id = c.flow_id
                returning d.flow_id, d.numero_flux_depot, d.report_code, d.last_answer_sha256, d.polls
                """, (rs, i) -> new Claimed(rs.getLong("flow_id"), rs.getString("numero_flux_depot"),
                rs.getString("report_code"), rs.getString("last_answer_sha256"), rs.getInt("polls")),
                (double) lease.toSeconds(), limit);
    }

    /** Ends a claim: what was learnt and when to look again. */
    public void polled(long flowId, String reportCode, String lastAnswerSha256, boolean done, Instant nextPollAt) {
        jdbc.update("update chorus_pro_api_deposit set report_code = coalesce(?, report_code), "
                + "last_answer_sha256 = coalesce(?, last_answer_sha256), done = ?, next_poll_at = ?, "
                + "lease_until = null, polls = polls + 1 where flow_id = ?", reportCode, lastAnswerSha256, done,
                Timestamp.from(nextPollAt), flowId);
    }

    public List<FlowInvoice> invoicesOf(long flowId) {
        return jdbc.query("select id, number, seller_siret, buyer_siret, status from invoice where flow_id = ? "
                + "order by id", (rs, i) -> new FlowInvoice(rs.getLong("id"), rs.getString("number"),
                rs.getString("seller_siret"), rs.getString("buyer_siret"), rs.getString("status")), flowId);
    }
}
