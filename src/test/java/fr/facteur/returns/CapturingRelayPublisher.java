package fr.facteur.returns;

import java.util.ArrayList;
import java.util.List;

import fr.facteur.relay.RelayMessage;
import fr.facteur.relay.RelayPublisher;

/** Keeps what would go on facteur.relay, in order, instead of sending it to a broker. */
public class CapturingRelayPublisher extends RelayPublisher {

    public final List<RelayMessage> published = new ArrayList<>();

    public CapturingRelayPublisher() {
        super(null, null);
    }

    @Override
    public void publish(RelayMessage message) {
        published.add(message);
    }
}
