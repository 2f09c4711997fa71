package fr.facteur.relay;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The relay outbox (tables relay_outbox, relay_outbox_event, relay_tenant; V9): messages wait here, per tenant in
 * arrival order, until delivered or finally failed. Accepting is idempotent on the message key.
 */
public class RelayOutbox {

    /** One event a RETURN row carries. */
    record Event(long eventId, Long invoiceId, String code) {
    }

    /** One outbox row. */
    record Row(long id, String tenantId, String kind, RelayMessage message, OffsetDateTime createdAt,
            List<Event> events) {
    }

    /** A tenant's backoff state. */
    public record TenantState(int attempts, OffsetDateTime nextAttemptAt, String lastError) {
    }

    /** A row that failed for good. */
    public record Failed(String messageKey, String kind, String error, OffsetDateTime at) {
    }

    private final JdbcTemplate jdbc;
    private final ObjectMapper json;
    private final java.time.Clock clock;

    /** @param clock the dispatcher's clock: arrival times are compared with it (order wait, digest periods) */
    public RelayOutbox(JdbcTemplate jdbc, ObjectMapper json, java.time.Clock clock) {
        this.jdbc = jdbc;
        this.json = json;
        this.clock = clock;
    }

    /**
     * Keeps a message for delivery. A RETURN message loses the events that repeat a status its invoice already
     * had relayed (or has waiting) and that happens once in a lifecycle ({@link LifecycleOrder#happensOnce}):
     * Chorus Pro sending the same status again, in another file or with another Horodatage, reaches the supplier
     * once. (The same status with the same Horodatage is already one event: status_event.event_key.)
     *
     * @return false when a message with this key was accepted before (nothing changes)
     */
    public boolean accept(RelayMessage message) {
        List<Event> events = List.of();
        RelayMessage kept = message;
        if (message.kind() == RelayMessage.Kind.RETURN && message.eventIds() != null && !message.eventIds().isEmpty()) {
            events = jdbc.query("""
                    select id, invoice_id, code from status_event where tenant_id = ? and id = any (?) order by id""",
                    (rs, i) -> new Event(rs.getLong("id"), (Long) rs.getObject("invoice_id"), rs.getString("code")),
                    message.tenantId(), message.eventIds().toArray(Long[]::new));
            events = withoutRepeats(message.tenantId(), events);
            Set<Long> keptIds = new HashSet<>(events.stream().map(Event::eventId).toList());
            kept = new RelayMessage(message.kind(), message.tenantId(), message.key(), message.documentId(),
                    message.fileName(), message.content(), message.returnFileId(),
                    message.eventIds().stream().filter(keptIds::contains).toList());
        }
        Long id = jdbc.query("""
                insert into relay_outbox (tenant_id, message_key, kind, message, created_at) values (?, ?, ?, ?, ?)
                on conflict (message_key) do nothing returning id""", rs -> rs.next() ? rs.getLong(1) : null,
                message.tenantId(), message.key(), message.kind().name(), write(kept),
                java.time.OffsetDateTime.ofInstant(clock.instant(), java.time.ZoneOffset.UTC));
        if (id == null) {
            return false;
        }
        for (Event e : events) {
            jdbc.update("insert into relay_outbox_event (outbox_id, event_id, invoice_id, code) values (?, ?, ?, ?)",
                    id, e.eventId(), e.invoiceId(), e.code());
        }
        return true;
    }

    private List<Event> withoutRepeats(String tenantId, List<Event> events) {
        List<Event> kept = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (Event e : events) {
            if (e.invoiceId() != null && LifecycleOrder.happensOnce(e.code())) {
                boolean before = Boolean.TRUE.equals(jdbc.queryForObject("""
                        select exists (select 1 from relay_outbox_event x join relay_outbox o on o.id = x.outbox_id
                            where o.tenant_id = ? and x.invoice_id = ? and x.code = ? and o.state <> 'FAILED')""",
                        Boolean.class, tenantId, e.invoiceId(), e.code()));
                if (before || !seen.add(e.invoiceId() + ":" + e.code())) {
                    continue;
                }
            }
            kept.add(e);
        }
        return kept;
    }

    /** Tenants with something pending. */
    public List<String> tenantsWithWork() {
        // with the tenants whose last SFTP delivery is staged but not yet renamed (a crash in between)
        return jdbc.queryForList("select tenant_id from relay_outbox where state = 'PENDING' "
                + "union select tenant_id from delivery where staged_name is not null", String.class);
    }

    /** A tenant's pending rows, oldest first, with their events. */
    List<Row> pending(String tenantId) {
        Map<Long, Row> rows = new LinkedHashMap<>();
        jdbc.query("select id, tenant_id, kind, message, created_at from relay_outbox where tenant_id = ? "
                + "and state = 'PENDING' order by id", rs -> {
                    rows.put(rs.getLong("id"), new Row(rs.getLong("id"), rs.getString("tenant_id"),
                            rs.getString("kind"), read(rs.getString("message")),
                            rs.getObject("created_at", OffsetDateTime.class), new ArrayList<>()));
                }, tenantId);
        if (!rows.isEmpty()) {
            jdbc.query("select outbox_id, event_id, invoice_id, code from relay_outbox_event where outbox_id = any (?) "
                    + "order by event_id", rs -> {
                        rows.get(rs.getLong("outbox_id")).events().add(new Event(rs.getLong("event_id"),
                                (Long) rs.getObject("invoice_id"), rs.getString("code")));
                    }, (Object) rows.keySet().toArray(Long[]::new));
        }
        return List.copyOf(rows.values());
    }

    /**
     * Whether the integration report of the invoice's flow has reached the supplier (or consciously not: filtered
     * out, failed for good): the flow has a report recorded and none of its flow-level events is still waiting,
     * whether in a pending row or not yet in the outbox at all (recorded, its relay message still on the queue).
     */
    boolean flowReportSettled(String tenantId, long invoiceId) {
        return Boolean.TRUE.equals(jdbc.queryForObject("""
                select f.report_at is not null and not exists (
                    select 1 from status_event e where e.flow_id = f.id and e.tenant_id = ? and e.level = 'FLOW'
                        and not exists (select 1 from relay_outbox_event x join relay_outbox o on o.id = x.outbox_id
                            where x.event_id = e.id and o.state <> 'PENDING'))
                from invoice i join flow f on f.id = i.flow_id where i.id = ?""", Boolean.class, tenantId,
                invoiceId));
    }

    /** Whether one of these statuses of the invoice has left the outbox (relayed, or filtered out on delivery). */
    boolean settled(String tenantId, long invoiceId, Set<String> codes) {
        return Boolean.TRUE.equals(jdbc.queryForObject("""
                select exists (select 1 from relay_outbox_event x join relay_outbox o on o.id = x.outbox_id
                    where o.tenant_id = ? and x.invoice_id = ? and x.code = any (?) and o.state <> 'PENDING')""",
                Boolean.class, tenantId, invoiceId, codes.toArray(String[]::new)));
    }

    void markSent(List<Long> ids, String deliveryKey) {
        jdbc.update("update relay_outbox set state = 'SENT', delivery_key = ?, settled_at = now() where id = any (?)",
                deliveryKey, ids.toArray(Long[]::new));
    }

    void markFailed(List<Long> ids, String error) {
        jdbc.update("update relay_outbox set state = 'FAILED', error = ?, settled_at = now() where id = any (?)",
                error, ids.toArray(Long[]::new));
    }

    /** Only one instance serves a tenant at a time: a transaction-scoped advisory lock on its id. */
    boolean tryLock(String tenantId) {
        return Boolean.TRUE.equals(jdbc.queryForObject("select pg_try_advisory_xact_lock(hashtext(?), 9)",
                Boolean.class, "relay:" + tenantId));
    }

    public TenantState state(String tenantId) {
        return jdbc.query("select attempts, next_attempt_at, last_error from relay_tenant where tenant_id = ?",
                (rs, i) -> new TenantState(rs.getInt("attempts"), rs.getObject("next_attempt_at", OffsetDateTime.class),
                        rs.getString("last_error")), tenantId).stream().findFirst()
                .orElse(new TenantState(0, null, null));
    }

    void backOff(String tenantId, int attempts, OffsetDateTime next, String error) {
        jdbc.update("""
                insert into relay_tenant (tenant_id, attempts, next_attempt_at, last_error, updated_at)
                values (?, ?, ?, ?, now())
                on conflict (tenant_id) do update set attempts = excluded.attempts,
                    next_attempt_at = excluded.next_attempt_at, last_error = excluded.last_error, updated_at = now()""",
                tenantId, attempts, next, error);
    }

    void clearBackoff(String tenantId) {
        jdbc.update("delete from relay_tenant where tenant_id = ?", tenantId);
    }

    public int pendingCount(String tenantId) {
        return Optional.ofNullable(jdbc.queryForObject(
                "select count(*) from relay_outbox where tenant_id = ? and state = 'PENDING'", Integer.class, tenantId))
                .orElse(0);
    }

    public List<Failed> failed(String tenantId, int limit) {
        return jdbc.query("""
                select message_key, kind, error, settled_at from relay_outbox
                where tenant_id = ? and state = 'FAILED' order by id desc limit ?""",
                (rs, i) -> new Failed(rs.getString("message_key"), rs.getString("kind"), rs.getString("error"),
                        rs.getObject("settled_at", OffsetDateTime.class)), tenantId, limit);
    }

    private String write(RelayMessage message) {
        try {
            return json.writeValueAsString(message);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise " + message.key(), e);
        }
    }

    private RelayMessage read(String text) {
        try {
            return json.readValue(text, RelayMessage.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("an outbox row cannot be read back", e);
        }
    }
}
