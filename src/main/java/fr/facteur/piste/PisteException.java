package fr.facteur.piste;

import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;

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
    private final transient JsonNode answer;

    public PisteException(Kind kind, int httpStatus, Duration retryAfter, String message, Throwable cause) {
        this(kind, httpStatus, retryAfter, message, cause, null);
    }

    private PisteException(Kind kind, int httpStatus, Duration retryAfter, String message, Throwable cause,
            JsonNode answer) {
        super(message, cause);
        this.kind = kind;
        this.httpStatus = httpStatus;
        this.retryAfter = retryAfter;
        this.answer = answer;
    }

    /** A 2xx answer whose codeRetour is not 0. */
    public static PisteException refused(int httpStatus, String message, JsonNode answer) {
        return new PisteException(Kind.REFUSED, httpStatus, null, message, null, answer);
    }

    /** The JSON answer that carried a non-zero codeRetour, or null. */
    public JsonNode answer() {
        return answer;
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
