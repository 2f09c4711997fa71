package fr.facteur.transmit;

import java.time.Duration;
import java.time.OffsetDateTime;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import fr.facteur.observability.GatewayMetrics;
import fr.facteur.tracking.FlowRecord;
import fr.facteur.tracking.FlowRepository;
import fr.facteur.tracking.InvoiceRepository;

/**
 * Transmits one queued flow. Idempotent on the flow: a flow already transmitted is acknowledged without a second
 * deposit. Any failure propagates so the transacted consumer rolls back and the broker redelivers with backoff
 * (then dead-letters): Chorus Pro being down never loses a flow.
 */
public class TransmitService {

    private static final Logger log = LoggerFactory.getLogger(TransmitService.class);

    private final FlowRepository flows;
    private final InvoiceRepository invoices;
    private final ChorusProChannel channel;
    private final GatewayMetrics metrics;

    TransmitService(FlowRepository flows, InvoiceRepository invoices, ChorusProChannel channel,
            GatewayMetrics metrics) {
        this.flows = flows;
        this.invoices = invoices;
        this.channel = channel;
        this.metrics = metrics;
    }

    public void transmit(long flowId) {
        FlowRecord flow = flows.find(flowId)
                .orElseThrow(() -> new IllegalStateException("flow " + flowId + " is not in the tracking store"));
        if (flow.isTransmitted()) {
            log.info("{}: flow {} already transmitted at {}, not sent again", flow.tenantId(), flow.name(), flow.transmittedAt());
            return;
        }
        channel.deposit(flow);
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
}
