package fr.facteur.messaging;

/**
 * The Artemis addresses between stages. All persistent; messages carry JMSXGroupID = tenant id so each tenant's
 * messages are handled in order while tenants run in parallel; redelivery and dead-lettering (DLQ.&lt;address&gt;)
 * belong to the broker (see {@link BrokerConfiguration}), never to Camel on the same hop.
 */
public final class Queues {

    /** Signed flows waiting for transmission to Chorus Pro. Body: the flow id; header {@link #FLOW_ID}. */
    public static final String TRANSMIT = "facteur.transmit";
    /** Chorus Pro return files waiting to be parsed and split. */
    public static final String RETURNS = "facteur.returns";
    /** Answers and return events waiting for delivery to a supplier. */
    public static final String RELAY = "facteur.relay";

    public static final String DLQ_PREFIX = "DLQ.";

    /** JMS property: message group, set to the tenant id. */
    public static final String GROUP_ID = "JMSXGroupID";
    /** JMS property read by Artemis to drop a message already sent with the same business key. */
    public static final String DUPLICATE_ID = "_AMQ_DUPL_ID";
    public static final String TENANT_ID = "FacteurTenant";
    public static final String FLOW_ID = "FacteurFlowId";

    private Queues() {
    }

    /** Camel endpoint of a queue for a transacted consumer (broker-side redelivery). */
    public static String consumer(String queue, int concurrentConsumers) {
        return "jms:queue:" + queue + "?transacted=true&cacheLevelName=CACHE_CONSUMER&concurrentConsumers="
                + concurrentConsumers;
    }

    /** Camel endpoint of a queue for producers: persistent delivery. */
    public static String producer(String queue) {
        return "jms:queue:" + queue + "?deliveryPersistent=true";
    }
}
