package fr.facteur.inbound;

import java.util.Map;

import org.apache.camel.ProducerTemplate;
import org.springframework.stereotype.Component;

import fr.facteur.messaging.OutgoingMessage;
import fr.facteur.messaging.Queues;
import fr.facteur.tracking.FlowRecord;

/**
 * Puts a packaged flow on facteur.transmit: persistent, grouped by tenant, with the flow ref as the broker's
 * duplicate id so that a resumed intake never queues the same flow twice.
 */
@Component
class TransmitQueue {

    private final ProducerTemplate producer;

    TransmitQueue(ProducerTemplate producer) {
        this.producer = producer;
    }

    void enqueue(String tenantId, FlowRecord flow) {
        OutgoingMessage message = message(tenantId, flow);
        producer.sendBodyAndHeaders(Queues.producer(Queues.TRANSMIT), message.body(), message.properties());
    }

    /** The message {@link #enqueue} sends, for the intake that sends it in one JMS transaction with its answer. */
    OutgoingMessage message(String tenantId, FlowRecord flow) {
        return new OutgoingMessage(Queues.TRANSMIT, String.valueOf(flow.id()), Map.of(
                Queues.GROUP_ID, tenantId,
                Queues.TENANT_ID, tenantId,
                Queues.FLOW_ID, flow.id(),
                Queues.DUPLICATE_ID, "flow:" + flow.flowRef()));
    }
}
