package fr.facteur.relay;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;

import fr.facteur.messaging.Queues;

/**
 * The facteur.relay consumer (route {@value #ROUTE_ID}): reads each {@link RelayMessage} and hands it to
 * {@link RelayService}. Transacted, with no Camel error handler: a failure rolls the message back to the broker,
 * which owns redelivery (backoff) and dead-lettering (DLQ.facteur.relay).
 */
public class RelayRoute extends RouteBuilder {

    public static final String ROUTE_ID = "relay";

    private final RelayService relay;
    private final ObjectMapper json;

    public RelayRoute(RelayService relay, ObjectMapper json) {
        this.relay = relay;
        this.json = json;
    }

    @Override
    public void configure() {
        from(Queues.consumer(Queues.RELAY, 2)).routeId(ROUTE_ID)
                .errorHandler(noErrorHandler())
                .process(this::deliver);
    }

    private void deliver(Exchange exchange) throws Exception {
        relay.deliver(json.readValue(exchange.getMessage().getBody(String.class), RelayMessage.class));
    }
}
