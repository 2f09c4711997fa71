package fr.facteur.as2.outbound;

/**
 * An outbound AS2 message was not delivered. {@link #retryable()} is false for a final failure (4xx answer,
 * negative MDN, MDN that does not verify or whose MIC differs, expired certificate): sending the same message again
 * would fail the same way, so it is recorded as FAILED and never sent again.
 */
public class As2DeliveryException extends RuntimeException {

    private final boolean retryable;

    As2DeliveryException(String message, boolean retryable, Throwable cause) {
        super(message, cause);
        this.retryable = retryable;
    }

    public boolean retryable() {
        return retryable;
    }
}
