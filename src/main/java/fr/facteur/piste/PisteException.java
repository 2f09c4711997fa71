package fr.facteur.piste;

import java.time.Duration;

/**
 * A call to Chorus Pro that did not succeed, classified where it is known: {@link Kind#UNAVAILABLE} will succeed later
 * (Chorus Pro down, in maintenance, slow, or our token refused) and must be retried without losing anything;
 * {@link Kind#REFUSED} will never succeed as sent (413 payload too large, another 4xx, a non-zero codeRetour) and
 * goes to a visible failed state instead of being retried forever.
 */
public class PisteException extends RuntimeException {

    public enum Kind {
        UNAVAILABLE, REFUSED
    }

    private final Kind kind;
    private final int httpStatus;
    private final Duration retryAfter;

    public PisteException(Kind kind, int httpStatus, Duration retryAfter, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
        this.httpStatus = httpStatus;
        this.retryAfter = retryAfter;
    }

    public static PisteException unavailable(int httpStatus, Duration retryAfter, String message, Throwable cause) {
        return new PisteException(Kind.UNAVAILABLE, httpStatus, retryAfter, message, cause);
    }

    public static PisteException refused(int httpStatus, String message) {
        return new PisteException(Kind.REFUSED, httpStatus, null, message, null);
    }

    public Kind kind() {
        return kind;
    }

    public boolean retryable() {
        return kind == Kind.UNAVAILABLE;
    }

    /** HTTP status of the answer, 0 when there was none (connection refused, timeout). */
    public int httpStatus() {
        return httpStatus;
    }

    /** The server's Retry-After, or null when it gave none. */
    public Duration retryAfter() {
        return retryAfter;
    }
}
