package fr.facteur.tracking;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * The work list: invoices that need someone — A recycler and Suspendue (the supplier must act), Rejetée (the
 * supplier must send a corrected invoice), and stale ones (no new status for facteur.lifecycle.stale-after while
 * not final). Also answers whether one invoice is stale.
 */
@Repository
public class WorklistQueries {

    static final List<String> FINAL = List.of("REJETEE", "MISE_EN_PAIEMENT");
    static final List<String> NEEDS_ACTION = List.of("A_RECYCLER", "SUSPENDUE", "REJETEE");

    /**
     * One invoice of the work list.
     *
     * @param reason   the status that put it there (A_RECYCLER, SUSPENDUE, REJETEE), or STALE
     * @param comment  Chorus Pro's comment on that status (the reason of a rejection or a suspension), if any
     * @param actions  what the supplier can do through the gateway: complete, recycle (empty for the others)
     */
    public record WorkItem(long id, String tenantId, String number, String buyerSiret, String status,
            OffsetDateTime statusAt, String reason, boolean stale, String comment, List<String> actions) {
    }

    private final JdbcTemplate jdbc;
    private final LifecycleProperties lifecycle;
    private final Clock clock;

    @org.springframework.beans.factory.annotation.Autowired
    public WorklistQueries(JdbcTemplate jdbc, LifecycleProperties lifecycle) {
        this(jdbc, lifecycle, Clock.systemUTC());
    }

    WorklistQueries(JdbcTemplate jdbc, LifecycleProperties lifecycle, Clock clock) {
        this.jdbc = jdbc;
        this.lifecycle = lifecycle;
        this.clock = clock;
    }

    /** The tenant's work list (every tenant's when null), oldest status first. */
    public List<WorkItem> worklist(String tenant) {
        OffsetDateTime staleBefore = staleBefore();
        List<Object> args = new ArrayList<>(List.of(staleBefore, staleBefore));
        String tenantFilter = "";
        if (tenant != null) {
            tenantFilter = " and i.tenant_id = ?";
            args.add(tenant);
        }
        return jdbc.query("""
                select i.id, i.tenant_id, i.number, i.buyer_siret, i.status, i.status_at,
                       (i.status not in ('REJETEE', 'MISE_EN_PAIEMENT') and i.status_at < ?) as stale,
                       (select e.detail from status_event e where e.invoice_id = i.id and e.level = 'INVOICE'
                          and e.status = i.status order by e.occurred_at desc, e.id desc limit 1) as comment
                from invoice i
                where (i.status in ('A_RECYCLER', 'SUSPENDUE', 'REJETEE')
                       or (i.status not in ('REJETEE', 'MISE_EN_PAIEMENT') and i.status_at < ?))""" + tenantFilter
                + " order by i.status_at, i.id", (rs, n) -> {
                    String status = rs.getString("status");
                    boolean stale = rs.getBoolean("stale");
                    return new WorkItem(rs.getLong("id"), rs.getString("tenant_id"), rs.getString("number"),
                            rs.getString("buyer_siret"), status, rs.getObject("status_at", OffsetDateTime.class),
                            NEEDS_ACTION.contains(status) ? status : "STALE", stale, rs.getString("comment"),
                            switch (status) {
                                case "SUSPENDUE" -> List.of("complete");
                                case "A_RECYCLER" -> List.of("recycle");
                                default -> List.of();
                            });
                }, args.toArray());
    }

    /** Whether an invoice with this status, set at {@code statusAt}, is stale now. */
    public boolean isStale(String status, OffsetDateTime statusAt) {
        return !FINAL.contains(status) && statusAt != null && statusAt.isBefore(staleBefore());
    }

    private OffsetDateTime staleBefore() {
        return clock.instant().minus(lifecycle.staleAfter()).atOffset(ZoneOffset.UTC);
    }
}
