package fr.facteur.relay;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.transaction.support.TransactionOperations;

import fr.facteur.tenant.Tenant;
import fr.facteur.tenant.TenantDirectory;
import fr.facteur.tracking.DeliveryRepository;

/**
 * Empties the relay outbox, tenant by tenant, in order: the one place where deliveries are attempted.
 *
 * <ul>
 * <li><b>Order and isolation.</b> A tenant's messages go one after the other, oldest first; tenants are served in
 * parallel ({@code facteur.relay.workers}), so one supplier's dead endpoint never delays another. With several
 * gateway instances a PostgreSQL advisory lock per tenant lets only one serve it at a time.</li>
 * <li><b>Outage.</b> When the endpoint cannot take a delivery (SFTP server down, webhook 5xx / 408 / 429 /
 * timeout, tenant not installed) the tenant's deliveries stop where they are and wait, with exponential backoff
 * ({@code backoff-first} doubled up to {@code backoff-max}), then resume by themselves in the same order. Nothing is
 * dropped and there is no attempt limit: the state is visible in GET /api/relay/{tenant}.</li>
 * <li><b>Final failure.</b> A delivery the endpoint refuses for good (webhook 4xx other than 408/429) or that
 * cannot be built (data inconsistent) is marked FAILED with its reason, kept and shown; the next ones proceed.</li>
 * <li><b>Exactly once.</b> The delivery is recorded (delivery table) and the rows marked sent in the transaction
 * that made it. SFTP: that transaction only stages the file under a temporary name; the next step renames it, after
 * the commit, so a crash anywhere never shows the supplier the file twice ({@link RelayService#publishStaged}).
 * Webhook and AS2: a crash before the commit sends the document again under the same Idempotency-Key or
 * Message-ID, which the receiver drops.</li>
 * <li><b>Timing.</b> {@code immediate}: each message is one document. {@code digest}: answers to the supplier's
 * files still go at once (they are not lifecycle events), return events wait for the end of their period
 * ({@code returns.digest-every}, periods aligned on the epoch, UTC) and go as one document per period.</li>
 * <li><b>Lifecycle order</b> per invoice: see {@link LifecycleOrder}.</li>
 * </ul>
 */
public class RelayDispatcher implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(RelayDispatcher.class);
    private static final DateTimeFormatter PERIOD_NAME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);
    /** Bounds one dispatch run, so a worker comes back to the queue of tenants now and then. */
    private static final int MAX_STEPS = 500;

    private enum Step {
        DELIVERED, NOTHING_READY, WAITING, BUSY
    }

    /** What goes out next: one message, or a digest of several. */
    private record Batch(List<RelayOutbox.Row> rows, String digestKey, String digestName) {

        List<Long> ids() {
            return rows.stream().map(RelayOutbox.Row::id).toList();
        }
    }

    private final RelayOutbox outbox;
    private final RelayService relay;
    private final TenantDirectory tenants;
    private final DeliveryRepository deliveries;
    private final TransactionOperations transactions;
    private final RelayProperties properties;
    private final Clock clock;

    private final Set<String> inFlight = ConcurrentHashMap.newKeySet();
    private volatile ScheduledExecutorService ticker;
    private volatile ExecutorService workers;

    public RelayDispatcher(RelayOutbox outbox, RelayService relay, TenantDirectory tenants,
            DeliveryRepository deliveries, TransactionOperations transactions, RelayProperties properties, Clock clock) {
        this.outbox = outbox;
        this.relay = relay;
        this.tenants = tenants;
        this.deliveries = deliveries;
        this.transactions = transactions;
        this.properties = properties;
        this.clock = clock;
    }

    // --- running -----------------------------------------------------------------------------------------------

    @Override
    public synchronized void start() {
        if (ticker != null) {
            return;
        }
        workers = Executors.newFixedThreadPool(Math.max(1, properties.workers()), r -> thread(r, "relay-worker"));
        ticker = Executors.newSingleThreadScheduledExecutor(r -> thread(r, "relay-ticker"));
        long tick = Math.max(50, properties.tick().toMillis());
        ticker.scheduleWithFixedDelay(this::tick, tick, tick, TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized void stop() {
        if (ticker == null) {
            return;
        }
        ticker.shutdownNow();
        workers.shutdown();
        try {
            workers.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        workers.shutdownNow();
        ticker = null;
        workers = null;
    }

    @Override
    public boolean isRunning() {
        return ticker != null;
    }

    /** Something arrived for this tenant: serve it now rather than at the next tick. */
    public void wake(String tenantId) {
        submit(tenantId);
    }

    private void tick() {
        try {
            outbox.tenantsWithWork().forEach(this::submit);
        } catch (RuntimeException e) {
            log.warn("relay: cannot look for pending deliveries: {}", e.toString());
        }
    }

    private void submit(String tenantId) {
        ExecutorService pool = workers;
        if (pool == null || !inFlight.add(tenantId)) {
            return;
        }
        try {
            pool.execute(() -> {
                try {
                    dispatch(tenantId);
                } catch (RuntimeException e) {
                    log.warn("relay: serving {} failed: {}", tenantId, e.toString());
                } finally {
                    inFlight.remove(tenantId);
                }
            });
        } catch (RuntimeException rejected) {
            inFlight.remove(tenantId);
        }
    }

    private static Thread thread(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    // --- one tenant --------------------------------------------------------------------------------------------

    /** Serves every tenant with pending work, in the calling thread (tests; the ticker uses the worker pool). */
    public void dispatchAll() {
        outbox.tenantsWithWork().forEach(this::dispatch);
    }

    /** Delivers what is ready for this tenant, in order, until nothing is ready or its endpoint fails. */
    public void dispatch(String tenantId) {
        for (int i = 0; i < MAX_STEPS; i++) {
            if (step(tenantId) != Step.DELIVERED) {
                return;
            }
        }
    }

    private Step step(String tenantId) {
        AtomicReference<Batch> chosen = new AtomicReference<>();
        try {
            return transactions.execute(tx -> {
                if (!outbox.tryLock(tenantId)) {
                    return Step.BUSY;
                }
                RelayOutbox.TenantState state = outbox.state(tenantId);
                Instant now = clock.instant();
                if (state.nextAttemptAt() != null && state.nextAttemptAt().toInstant().isAfter(now)) {
                    return Step.WAITING;
                }
                Tenant tenant = tenants.find(tenantId)
                        .orElseThrow(() -> new TenantNotInstalledException(tenantId, "its pending deliveries"));
                // the previous step's SFTP file, renamed now that its record is committed, before the next one is
                // staged (the tenant's order). Cleared in this step's transaction: if it rolls back, the rename is
                // not undone, and the next attempt finds no temporary file left and only clears the record.
                boolean published = relay.publishStaged(tenantId) > 0;
                Batch batch = next(tenant, outbox.pending(tenantId), now);
                if (batch == null) {
                    if (published) {
                        endBackoff(tenantId, state);
                    }
                    return Step.NOTHING_READY;
                }
                chosen.set(batch);
                String key;
                if (batch.digestKey() == null) {
                    RelayMessage message = batch.rows().get(0).message();
                    relay.deliver(message);
                    key = message.key();
                } else {
                    relay.deliverDigest(tenantId, batch.rows().stream().map(RelayOutbox.Row::message).toList(),
                            batch.digestKey(), batch.digestName());
                    key = batch.digestKey();
                }
                outbox.markSent(batch.ids(), key);
                endBackoff(tenantId, state);
                return Step.DELIVERED;
            });
        } catch (RuntimeException e) {
            Batch batch = chosen.get();
            if (batch != null && isFinal(e)) {
                transactions.executeWithoutResult(tx -> outbox.markFailed(batch.ids(), e.getMessage()));
                log.error("{}: delivery of {} failed for good, kept as FAILED: {}", tenantId,
                        batch.digestKey() != null ? batch.digestKey() : batch.rows().get(0).message().key(),
                        e.getMessage());
                return Step.DELIVERED; // the next ones may proceed
            }
            backOff(tenantId, e);
            return Step.WAITING;
        }
    }

    private void endBackoff(String tenantId, RelayOutbox.TenantState state) {
        if (state.attempts() > 0) {
            outbox.clearBackoff(tenantId);
            log.info("{}: its endpoint takes deliveries again after {} failed attempts", tenantId, state.attempts());
        }
    }

    /** Refused for good by the endpoint, or a document that cannot be built: trying again would not help. */
    private static boolean isFinal(RuntimeException e) {
        return e instanceof DeliveryRefusedException || e instanceof IllegalArgumentException
                || (e instanceof IllegalStateException && !(e instanceof TenantNotInstalledException));
    }

    private void backOff(String tenantId, RuntimeException e) {
        try {
            transactions.executeWithoutResult(tx -> {
                RelayOutbox.TenantState state = outbox.state(tenantId);
                int attempts = state.attempts() + 1;
                Duration delay = delay(attempts);
                outbox.backOff(tenantId, attempts, OffsetDateTime.ofInstant(clock.instant().plus(delay), ZoneOffset.UTC),
                        e.getMessage());
                log.warn("{}: delivery failed (attempt {}), deliveries wait {} then resume: {}", tenantId, attempts,
                        delay, e.getMessage());
            });
        } catch (RuntimeException ignored) {
            log.warn("{}: delivery failed and its backoff could not be recorded: {}", tenantId, e.toString());
        }
    }

    /** backoff-first × 2^(attempts − 1), at most backoff-max. */
    Duration delay(int attempts) {
        Duration delay = properties.backoffFirst();
        for (int i = 1; i < attempts && delay.compareTo(properties.backoffMax()) < 0; i++) {
            delay = delay.multipliedBy(2);
        }
        return delay.compareTo(properties.backoffMax()) > 0 ? properties.backoffMax() : delay;
    }

    // --- what is ready -----------------------------------------------------------------------------------------

    private Batch next(Tenant tenant, List<RelayOutbox.Row> pending, Instant now) {
        boolean digest = tenant.returns() != null && tenant.returns().digest() && tenant.returns().digestEvery() != null;
        if (!digest) {
            for (int i = 0; i < pending.size(); i++) {
                RelayOutbox.Row row = pending.get(i);
                if (!held(tenant.id(), row, pending.subList(0, i), List.of(), now)) {
                    return new Batch(List.of(row), null, null);
                }
            }
            return null;
        }
        for (RelayOutbox.Row row : pending) {
            if (!RelayMessage.Kind.RETURN.name().equals(row.kind())) {
                return new Batch(List.of(row), null, null);
            }
        }
        long every = tenant.returns().digestEvery().toMillis();
        Instant periodStart = Instant.ofEpochMilli(Math.floorDiv(now.toEpochMilli(), every) * every);
        String key = "digest:" + tenant.id() + ":" + periodStart.getEpochSecond();
        if (deliveries.exists(key)) {
            return null; // this period's digest is out: the rest waits for the next one
        }
        List<RelayOutbox.Row> chosen = new ArrayList<>();
        List<RelayOutbox.Row> skipped = new ArrayList<>();
        for (RelayOutbox.Row row : pending) {
            if (row.createdAt().toInstant().isBefore(periodStart) && !held(tenant.id(), row, skipped, chosen, now)) {
                chosen.add(row);
            } else {
                skipped.add(row);
            }
        }
        if (chosen.isEmpty()) {
            return null;
        }
        return new Batch(chosen, key, "digest_" + tenant.id() + "_" + PERIOD_NAME.format(periodStart));
    }

    /** A flow-level event (an integration report) goes out in the same document, before or with this row. */
    private static boolean reportAlongside(RelayOutbox.Row row, List<RelayOutbox.Row> with) {
        return row.events().stream().anyMatch(o -> LifecycleOrder.isIntegrationReport(o.code()))
                || with.stream().flatMap(r -> r.events().stream())
                        .anyMatch(o -> LifecycleOrder.isIntegrationReport(o.code()));
    }

    /**
     * Whether a RETURN row must wait for lifecycle order ({@link LifecycleOrder}).
     *
     * @param earlier pending rows before it that are not going out with it
     * @param with    rows going out in the same document, before it
     */
    private boolean held(String tenantId, RelayOutbox.Row row, List<RelayOutbox.Row> earlier,
            List<RelayOutbox.Row> with, Instant now) {
        if (!RelayMessage.Kind.RETURN.name().equals(row.kind())) {
            return false;
        }
        boolean waitedEnough = !Duration.between(row.createdAt().toInstant(), now).minus(properties.orderWait())
                .isNegative();
        for (RelayOutbox.Event e : row.events()) {
            int rank = LifecycleOrder.rank(e.code());
            if (e.invoiceId() == null || rank == 0) {
                continue;
            }
            // never overtake an earlier status of the same invoice that is still waiting
            for (RelayOutbox.Row before : earlier) {
                for (RelayOutbox.Event other : before.events()) {
                    int otherRank = LifecycleOrder.rank(other.code());
                    if (e.invoiceId().equals(other.invoiceId()) && otherRank > 0 && otherRank <= rank) {
                        return true;
                    }
                }
            }
            if (LifecycleOrder.followsTheIntegrationReport(e.code()) && !waitedEnough
                    && !reportAlongside(row, with) && !outbox.flowReportSettled(tenantId, e.invoiceId())) {
                // Déposée must not reach the supplier before its flow's integration report (90/96/93), which may
                // come in a later file: held like any status waiting for its predecessor, within the same bound
                return true;
            }
            Set<String> predecessors = LifecycleOrder.predecessors(e.code());
            if (predecessors.isEmpty() || waitedEnough) {
                continue;
            }
            boolean alongside = row.events().stream().anyMatch(o -> e.invoiceId().equals(o.invoiceId())
                    && predecessors.contains(o.code()))
                    || with.stream().flatMap(r -> r.events().stream()).anyMatch(o -> e.invoiceId().equals(o.invoiceId())
                            && predecessors.contains(o.code()));
            if (!alongside && !outbox.settled(tenantId, e.invoiceId(), predecessors)) {
                return true;
            }
        }
        return false;
    }
}
