package fr.facteur.as2;

/** A MIME structure AS2 cannot be read from (no boundary, no part, bad encoding). */
public class MimeFormatException extends RuntimeException {

    public MimeFormatException(String message) {
        super(message);
    }
}
