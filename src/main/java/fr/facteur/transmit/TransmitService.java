package fr.facteur.transmit;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import fr.facteur.observability.ChorusProConnection;
import fr.facteur.observability.GatewayMetrics;
import fr.facteur.piste.PisteException;
import fr.facteur.tracking.FlowRecord;
import fr.facteur.tracking.FlowRepository;
import fr.facteur.tracking.InvoiceRepository;

/**
 * Transmits one queued flow. Idempotent on the flow: a flow already transmitted is acknowledged without a second
 * deposit. Chorus Pro unavailable: the failure propagates so the transacted consumer rolls back, the consumer
 * pauses, and the broker redelivers (facteur.transmit has no delivery limit): Chorus Pro being down never loses a
 * flow. Refused for good: the flow is FAILED with its reason and dead-lettered, never retried.
 */
public class TransmitService {

    private static final Logger log = LoggerFactory.getLogger(TransmitService.class);

    private final FlowRepository flows;
    private final InvoiceRepository invoices;
    private final ChorusProChannel channel;
    private final GatewayMetrics metrics;
    private final ChorusProConnection connection;
    private final TransmitPause pause;
    private final Duration maxBackoff;
    private final int maxDeliveryAttempts;

    /**
     * @param pause               pauses the consumer during an outage (null: rely on the broker's redelivery delay)
     * @param maxDeliveryAttempts a failure that is not Chorus Pro's (a bug, a missing archive file) dead-letters the
     *                            flow after this many deliveries; Chorus Pro being unavailable never does
     */
    TransmitService(FlowRepository flows, InvoiceRepository invoices, ChorusProChannel channel,
            GatewayMetrics metrics, ChorusProConnection connection, TransmitPause pause, Duration maxBackoff,
            int maxDeliveryAttempts) {
        this.flows = flows;
        this.invoices = invoices;
        this.channel = channel;
        this.metrics = metrics;
        this.connection = connection;
        this.pause = pause;
        this.maxBackoff = maxBackoff;
        this.maxDeliveryAttempts = maxDeliveryAttempts;
    }

    public void transmit(long flowId) {
        transmit(flowId, 1);
    }

    /**
     * Deposits the flow. Chorus Pro unavailable (down, 5xx, timeout, maintenance): the connection is marked
     * DEGRADED/DOWN, transmission pauses (Retry-After honoured, else doubling backoff up to maxBackoff) and the
     * exception rolls the message back into the queue. Refused for good (413, other 4xx): the flow is FAILED with
     * the reason and a {@link FlowRefusedException} sends the message to the dead-letter queue.
     *
     * @param deliveryCount JMSXDeliveryCount of the message
     */
    public void transmit(long flowId, int deliveryCount) {
        Optional<FlowRecord> found;
        try {
            found = flows.find(flowId);
        } catch (RuntimeException e) {
            holdBack(deliveryCount);
            throw e;
        }
        if (found.isEmpty()) {
            // not Chorus Pro's doing: give up after the broker's usual number of attempts
            String reason = "flow " + flowId + " is not in the tracking store";
            if (deliveryCount >= maxDeliveryAttempts) {
                throw new FlowRefusedException(reason + " (" + deliveryCount + " deliveries)", null);
            }
            holdBack(deliveryCount);
            throw new IllegalStateException(reason);
        }
        FlowRecord flow = found.get();

        if (flow.isTransmitted()) {
            log.info("{}: flow {} already transmitted at {}, not sent again", flow.tenantId(), flow.name(), flow.transmittedAt());
            return;
        }
        try {
            channel.deposit(flow);
        } catch (PisteException e) {
            if (!e.retryable()) {
                refuse(flow, e.getMessage(), e);
            }
            unavailable(flow, e.getMessage(), e.retryAfter(), e.httpStatus() == 503 && e.retryAfter() != null);
            throw e;
        } catch (DepositRefusedException e) {
            refuse(flow, e.getMessage(), e);
        } catch (RuntimeException e) {
            // SFTP and other channels: any failure of the deposit itself is an outage, retried until it passes
            unavailable(flow, e.toString(), null, false);
            throw e;
        }
        connection.succeeded();
        flows.markTransmitted(flow.id());
        invoices.advanceGatewayStatus(flow.id(), "QUEUED", "TRANSMITTED");
        metrics.flowTransmitted(flow.tenantId());
        // the consumer may read the flow before the intake has marked it queued (the message goes first): then the
        // packaging time, a few milliseconds earlier in the same intake, stands for it
        OffsetDateTime queuedAt = flow.queuedAt() != null ? flow.queuedAt() : flow.createdAt();
        if (queuedAt != null) {
            metrics.stageTime(GatewayMetrics.STAGE_TRANSMIT, Duration.between(queuedAt, OffsetDateTime.now()));
        }
        log.info("{}: flow {} transmitted to Chorus Pro", flow.tenantId(), flow.name());
    }

    private void refuse(FlowRecord flow, String reason, RuntimeException cause) {
        flows.markFailed(flow.id(), reason);
        // the intake marks its invoices QUEUED just after sending the message: it may not have done so yet
        invoices.advanceGatewayStatus(flow.id(), "RECEIVED", "FAILED");
        invoices.advanceGatewayStatus(flow.id(), "QUEUED", "FAILED");
        connection.refused(flow.name() + ": " + reason);
        log.error("{}: flow {} refused by Chorus Pro, not retried (dead letter): {}", flow.tenantId(), flow.name(),
                reason);
        throw new FlowRefusedException(flow.name() + " refused: " + reason, cause);
    }

    private void unavailable(FlowRecord flow, String reason, Duration retryAfter, boolean maintenance) {
        Duration wait = retryAfter != null ? retryAfter : backoff(connection.consecutiveFailures() + 1);
        if (wait.compareTo(maxBackoff) > 0) {
            wait = maxBackoff;
        }
        connection.failed(reason, wait, maintenance);
        log.warn("{}: flow {} not deposited, Chorus Pro unavailable ({}); transmission pauses {} ms", flow.tenantId(),
                flow.name(), reason, wait.toMillis());
        if (pause != null) {
            pause.pauseUntil(Instant.now().plus(wait));
        }
    }

    /**
     * A failure that is not Chorus Pro's (tracking store unreachable, flow missing): facteur.transmit has no broker
     * redelivery delay (it would break the per-tenant order), so the consumer pauses here too, by this message's
     * delivery count, rather than take it again at once.
     */
    private void holdBack(int deliveryCount) {
        if (pause != null) {
            Duration wait = backoff(deliveryCount);
            pause.pauseUntil(Instant.now().plus(wait.compareTo(maxBackoff) > 0 ? maxBackoff : wait));
        }
    }

    /** 1 s, 2 s, 4 s ... */
    static Duration backoff(int failures) {
        return Duration.ofSeconds(1L << Math.min(Math.max(failures - 1, 0), 20));
    }
}
