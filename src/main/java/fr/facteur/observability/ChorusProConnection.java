package fr.facteur.observability;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

import org.springframework.stereotype.Component;

/**
 * What transmission knows of Chorus Pro, whatever the channel: UP (the last call succeeded), DEGRADED (calls fail
 * but not for long, or a call has just succeeded after failures), DOWN (failing for longer than {@link #DOWN_AFTER},
 * or in a maintenance window announced by Retry-After), since when, the last error, when transmission resumes, and
 * the backlog (flows waiting to be deposited). Shown in {@code /actuator/health} (chorusPro) and
 * {@code GET /api/chorus-pro/connection}.
 */
@Component
public class ChorusProConnection {

    public enum State {
        UP, DEGRADED, DOWN
    }

    /** Failing this long makes the connection DOWN rather than DEGRADED. */
    static final Duration DOWN_AFTER = Duration.ofSeconds(30);

    private final Clock clock;
    private State state = State.UP;
    private Instant since;
    private Instant failingSince;
    private String lastError;
    private Instant lastErrorAt;
    private Instant pausedUntil;
    private int consecutiveFailures;
    private String channel = "sftp";
    private volatile LongSupplier backlog = () -> -1;

    public ChorusProConnection() {
        this(Clock.systemUTC());
    }

    ChorusProConnection(Clock clock) {
        this.clock = clock;
        this.since = clock.instant();
    }

    /** The channel in use and how to count the flows waiting for it (set by transmission at start). */
    public void describe(String channel, LongSupplier backlog) {
        this.channel = channel;
        this.backlog = backlog;
    }

    public synchronized void succeeded() {
        consecutiveFailures = 0;
        failingSince = null;
        pausedUntil = null;
        move(State.UP);
    }

    /**
     * A call failed in a way that will pass (down, maintenance, timeout).
     *
     * @param pause how long transmission waits before trying again
     */
    public synchronized void failed(String error, Duration pause, boolean maintenance) {
        Instant now = clock.instant();
        consecutiveFailures++;
        lastError = error;
        lastErrorAt = now;
        if (failingSince == null) {
            failingSince = now;
        }
        pausedUntil = now.plus(pause);
        boolean long_ = Duration.between(failingSince, now).compareTo(DOWN_AFTER) >= 0;
        move(maintenance || long_ || consecutiveFailures >= 3 ? State.DOWN : State.DEGRADED);
    }

    /** A flow refused for good (413, 4xx): Chorus Pro answers, the connection is fine. */
    public synchronized void refused(String error) {
        lastError = error;
        lastErrorAt = clock.instant();
    }

    public synchronized State state() {
        return state;
    }

    public synchronized int consecutiveFailures() {
        return consecutiveFailures;
    }

    /** When transmission may try again, or null when it is not paused. */
    public synchronized Instant pausedUntil() {
        return pausedUntil != null && pausedUntil.isAfter(clock.instant()) ? pausedUntil : null;
    }

    public synchronized Map<String, Object> view() {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("state", state.name());
        view.put("channel", channel);
        view.put("since", since.toString());
        view.put("consecutiveFailures", consecutiveFailures);
        view.put("lastError", lastError);
        view.put("lastErrorAt", lastErrorAt == null ? null : lastErrorAt.toString());
        Instant paused = pausedUntil();
        view.put("pausedUntil", paused == null ? null : paused.toString());
        view.put("backlog", backlog.getAsLong());
        return view;
    }

    private void move(State next) {
        if (next != state) {
            state = next;
            since = clock.instant();
        }
    }
}
