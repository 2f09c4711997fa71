package fr.facteur.transmit;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import org.apache.camel.CamelContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pauses the facteur.transmit consumer while Chorus Pro is down or in maintenance, and resumes it by itself at the
 * time given. The message being handled is rolled back and waits in the queue (nothing is lost, no delivery
 * attempt is spent while paused); the other flows wait behind it instead of each hitting Chorus Pro in turn.
 *
 * <p>The route is suspended from another thread: the failing exchange runs on the consumer's own thread and must
 * finish (roll back) first.
 */
class TransmitPause implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(TransmitPause.class);

    private final CamelContext camel;
    private final String routeId;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "facteur-transmit-pause");
        thread.setDaemon(true);
        return thread;
    });
    private ScheduledFuture<?> resume;
    private Instant until;

    TransmitPause(CamelContext camel, String routeId) {
        this.camel = camel;
        this.routeId = routeId;
    }

    /** Pauses until {@code until} (a later pause extends it, an earlier one does not shorten it). */
    synchronized void pauseUntil(Instant until) {
        if (this.until != null && !until.isAfter(this.until)) {
            return;
        }
        boolean alreadyPaused = this.until != null;
        this.until = until;
        if (resume != null) {
            resume.cancel(false);
        }
        if (!alreadyPaused) {
            timer.execute(() -> {
                try {
                    camel.getRouteController().suspendRoute(routeId);
                    log.warn("transmission to Chorus Pro paused until {}", this.until);
                } catch (Exception e) {
                    log.warn("cannot pause route {}: {}", routeId, e.toString());
                }
            });
        }
        long delay = Math.max(0, Duration.between(Instant.now(), until).toMillis());
        resume = timer.schedule(this::resume, delay, TimeUnit.MILLISECONDS);
    }

    private void resume() {
        synchronized (this) {
            until = null;
            resume = null;
        }
        try {
            camel.getRouteController().resumeRoute(routeId);
            log.info("transmission to Chorus Pro resumed");
        } catch (Exception e) {
            log.warn("cannot resume route {}: {}", routeId, e.toString());
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
