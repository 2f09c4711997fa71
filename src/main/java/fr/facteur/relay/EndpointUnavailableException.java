package fr.facteur.relay;

/**
 * The supplier's endpoint cannot take a delivery now (connection refused, timeout, HTTP 5xx, 408, 429): the
 * tenant's deliveries wait with backoff and resume by themselves.
 */
public class EndpointUnavailableException extends RuntimeException {

    public EndpointUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
