package fr.facteur.crypto;

/** A detached signature that does not verify: altered content, altered or foreign signature, weak algorithm. */
public class SignatureVerificationException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public SignatureVerificationException(String message) {
        super(message);
    }

    public SignatureVerificationException(String message, Throwable cause) {
        super(message, cause);
    }
}
