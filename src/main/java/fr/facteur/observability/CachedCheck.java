package fr.facteur.observability;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;

/**
 * The last result of a costly check, reused for a while: health endpoints are polled by load balancers and
 * monitoring every few seconds, and each call must not open SSH connections to partners' servers.
 */
final class CachedCheck<T> {

    private final Supplier<T> check;
    private final Duration ttl;
    private final Clock clock;
    private T last;
    private Instant checkedAt;

    CachedCheck(Supplier<T> check, Duration ttl, Clock clock) {
        this.check = check;
        this.ttl = ttl;
        this.clock = clock;
    }

    /** Synchronized so that concurrent health calls wait for one check instead of each starting their own. */
    synchronized T get() {
        Instant now = clock.instant();
        if (last == null || !now.isBefore(checkedAt.plus(ttl))) {
            last = check.get();
            checkedAt = now;
        }
        return last;
    }

    synchronized Instant checkedAt() {
        return checkedAt;
    }
}
