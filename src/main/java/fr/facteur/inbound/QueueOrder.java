package fr.facteur.inbound;

import java.time.Duration;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a tenant's flows queued in the order its files were taken, while the files themselves are read, checked and
 * signed in parallel (the tenant's SFTP pollers, {@code facteur.intake.workers-per-tenant}). A file gets a
 * {@link Turn} when a poller starts it; just before its transmit message is queued it waits until every earlier
 * file of the same tenant has been queued or has ended otherwise (rejected, duplicate, failed). Only that last step is
 * serial: the reading and signing, where the CPU goes, stay parallel. Facteur.transmit's message group then keeps
 * that order up to Chorus Pro, outages included. A poller holds one turn at a time and waits only for earlier ones,
 * so the earliest open turn never waits: no deadlock.
 *
 * <p>A turn whose file never ends (a poller stuck on a file far longer than an invoice takes) would block the files
 * after it: a turn waits at most {@link #MAX_WAIT} for its predecessors, then gives them up, goes ahead and says so
 * in the log.
 */
public final class QueueOrder {

    /** Far beyond the time one invoice takes; only a lost turn makes a file wait this long. */
    static final Duration MAX_WAIT = Duration.ofSeconds(60);

    private static final Logger log = LoggerFactory.getLogger(QueueOrder.class);

    private final Map<String, Lane> lanes = new ConcurrentHashMap<>();
    private final Duration maxWait;

    public QueueOrder() {
        this(MAX_WAIT);
    }

    QueueOrder(Duration maxWait) {
        this.maxWait = maxWait;
    }

    /** The next turn of this tenant, in the order of the calls: call it from the poller's thread as it takes the file. */
    public Turn next(String tenantId) {
        Lane lane = lanes.computeIfAbsent(tenantId, id -> new Lane());
        return lane.next(tenantId, maxWait);
    }

    /** A turn that waits for nothing: for channels whose files do not share a poll (AS2, API, tests). */
    public static Turn none() {
        return Turn.NONE;
    }

    /** One file's place in its tenant's queue order. */
    public static class Turn implements AutoCloseable {

        static final Turn NONE = new Turn(null, 0, null, Duration.ZERO);

        private final Lane lane;
        private final long ticket;
        private final String tenantId;
        private final Duration maxWait;

        Turn(Lane lane, long ticket, String tenantId, Duration maxWait) {
            this.lane = lane;
            this.ticket = ticket;
            this.tenantId = tenantId;
            this.maxWait = maxWait;
        }

        /** Waits until every earlier turn of the tenant is over (or {@link QueueOrder#MAX_WAIT} has passed). */
        public void awaitTurn() {
            if (lane != null) {
                lane.await(ticket, tenantId, maxWait);
            }
        }

        /** This file is queued, or will never be: the next one may go. Idempotent. */
        @Override
        public void close() {
            if (lane != null) {
                lane.finish(ticket);
            }
        }
    }

    /** One tenant's tickets: the next to hand out, the first not yet over, and those over ahead of their turn. */
    static final class Lane {
        private long nextTicket;
        private long serving;
        private final TreeSet<Long> overEarly = new TreeSet<>();

        synchronized Turn next(String tenantId, Duration maxWait) {
            return new Turn(this, nextTicket++, tenantId, maxWait);
        }

        synchronized void await(long ticket, String tenantId, Duration maxWait) {
            long deadline = System.nanoTime() + maxWait.toNanos();
            while (serving < ticket) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    log.warn("{}: file {} of the poll order waited {} for the files before it; queued now, the order "
                            + "of this tenant's flows may differ from the order they were taken", tenantId, ticket,
                            maxWait);
                    // the turns before this one are given up, so that the files after it do not wait again
                    overEarly.headSet(ticket).clear();
                    serving = ticket;
                    notifyAll();
                    return;
                }
                try {
                    wait(Math.max(1, left / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }

        synchronized void finish(long ticket) {
            if (ticket < serving) {
                return; // already over
            }
            overEarly.add(ticket);
            while (overEarly.remove(serving)) {
                serving++;
            }
            notifyAll();
        }
    }
}
