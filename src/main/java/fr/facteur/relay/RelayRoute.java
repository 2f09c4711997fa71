package fr.facteur.relay;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.springframework.transaction.support.TransactionOperations;

import fr.facteur.messaging.Queues;

/**
 * The facteur.relay consumer (route {@value #ROUTE_ID}): keeps each {@link RelayMessage} in the relay outbox
 * (database) and wakes the {@link RelayDispatcher}, which delivers it. Transacted, with no Camel error handler: a
 * failure to store rolls the message back to the broker (redelivery, then DLQ.facteur.relay). Delivery failures
 * never reach the broker: the outbox waits with backoff per tenant, without attempt limit, so a supplier's outage
 * neither loses anything nor stops other tenants.
 */
public class RelayRoute extends RouteBuilder {

    public static final String ROUTE_ID = "relay";

    private final RelayOutbox outbox;
    private final RelayDispatcher dispatcher;
    private final TransactionOperations transactions;
    private final ObjectMapper json;

    public RelayRoute(RelayOutbox outbox, RelayDispatcher dispatcher, TransactionOperations transactions,
            ObjectMapper json) {
        this.outbox = outbox;
        this.dispatcher = dispatcher;
        this.transactions = transactions;
        this.json = json;
    }

    @Override
    public void configure() {
        from(Queues.consumer(Queues.RELAY, 2)).routeId(ROUTE_ID)
                .errorHandler(noErrorHandler())
                .process(this::keep);
    }

    private void keep(Exchange exchange) throws Exception {
        RelayMessage message = json.readValue(exchange.getMessage().getBody(String.class), RelayMessage.class);
        transactions.executeWithoutResult(tx -> outbox.accept(message));
        dispatcher.wake(message.tenantId());
    }
}
