package fr.facteur.simulator.api;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Faults the simulator's API plays on demand. Each queued fault answers the next call(s) of the API (optionally only
 * of one operation, e.g. {@code deposer/flux}), in the order queued:
 * <ul>
 * <li>{@code 5xx} — answers that HTTP status (500 unless given);</li>
 * <li>{@code timeout} — holds the call for {@code seconds} and answers 504, without doing anything;</li>
 * <li>{@code 413} — Payload Too Large;</li>
 * </ul>
 * plus {@code token-expired} (every token issued so far is refused with 401: the client must get a new one) and a
 * maintenance window (every call, token endpoint included, answers 503 with Retry-After until the given time).
 */
public final class PisteFaults {

    public enum Kind {
        SERVER_ERROR, TIMEOUT, TOO_LARGE
    }

    /** A queued fault: {@code remaining} calls of {@code operation} (null = any) still to spoil. */
    public static final class Fault {
        final Kind kind;
        final String operation;
        final int status;
        final Duration hold;
        int remaining;

        Fault(Kind kind, String operation, int count, int status, Duration hold) {
            this.kind = kind;
            this.operation = operation;
            this.remaining = count;
            this.status = status;
            this.hold = hold;
        }

        Map<String, Object> view() {
            Map<String, Object> view = new LinkedHashMap<>();
            view.put("kind", kind.name());
            view.put("operation", operation);
            view.put("remaining", remaining);
            view.put("status", status);
            view.put("holdSeconds", hold == null ? null : hold.toSeconds());
            return view;
        }
    }

    private final Deque<Fault> queue = new ArrayDeque<>();
    private Instant maintenanceUntil;
    private Instant tokensRevokedBefore;

    public synchronized void add(Kind kind, String operation, int count, int status, Duration hold) {
        queue.add(new Fault(kind, operation, Math.max(1, count), status, hold));
    }

    public synchronized void maintenanceUntil(Instant until) {
        this.maintenanceUntil = until;
    }

    /** Every token issued before now is refused from now on. */
    public synchronized void expireTokens(Instant now) {
        this.tokensRevokedBefore = now;
    }

    public synchronized void clear() {
        queue.clear();
        maintenanceUntil = null;
        tokensRevokedBefore = null;
    }

    synchronized Optional<Instant> maintenance(Instant now) {
        return maintenanceUntil != null && now.isBefore(maintenanceUntil) ? Optional.of(maintenanceUntil)
                : Optional.empty();
    }

    synchronized boolean revoked(Instant issuedAt) {
        return tokensRevokedBefore != null && !issuedAt.isAfter(tokensRevokedBefore);
    }

    /** Takes one use of the first queued fault that applies to {@code operation}. */
    synchronized Optional<Fault> next(String operation) {
        for (Fault fault : queue) {
            if (fault.operation == null || operation.endsWith(fault.operation)) {
                fault.remaining--;
                if (fault.remaining <= 0) {
                    queue.remove(fault);
                }
                return Optional.of(fault);
            }
        }
        return Optional.empty();
    }

    public synchronized Map<String, Object> view() {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("maintenanceUntil", maintenanceUntil == null ? null : maintenanceUntil.toString());
        view.put("tokensRevokedBefore", tokensRevokedBefore == null ? null : tokensRevokedBefore.toString());
        List<Map<String, Object>> faults = queue.stream().map(Fault::view).toList();
        view.put("queued", faults);
        return view;
    }
}
