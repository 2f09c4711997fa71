package fr.facteur.action;

import org.springframework.http.HttpStatus;

/** A supplier action the gateway refuses, with the HTTP status and title of its problem detail. */
public class ActionRejectedException extends RuntimeException {

    private final HttpStatus status;
    private final String title;

    ActionRejectedException(HttpStatus status, String title, String detail) {
        super(detail);
        this.status = status;
        this.title = title;
    }

    public HttpStatus status() {
        return status;
    }

    public String title() {
        return title;
    }
}
