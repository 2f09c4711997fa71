package fr.facteur.returns;

/**
 * A file in Chorus Pro's return folder that is not a CPPStatut document (not XML, or another root element). The
 * file is archived and recorded as UNKNOWN before this is thrown, so the route moves it to the error folder and the
 * operator can look at it; it is never silently skipped.
 */
public class UnreadableReturnFileException extends RuntimeException {

    public UnreadableReturnFileException(String message) {
        super(message);
    }

    public UnreadableReturnFileException(String message, Throwable cause) {
        super(message, cause);
    }
}
