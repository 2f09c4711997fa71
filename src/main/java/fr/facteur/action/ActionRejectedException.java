package fr.facteur.action;

import org.springframework.http.HttpStatus;

/**
 * A supplier action the gateway refuses, with the HTTP status and title of its problem detail, the rule that failed
 * (the {@code rule} of an action file's answer, see README "Supplier actions") and the recorded action's id.
 */
public class ActionRejectedException extends RuntimeException {

    private final HttpStatus status;
    private final String title;
    private final String rule;
    private final Long actionId;

    ActionRejectedException(HttpStatus status, String title, String detail) {
        this(status, title, detail, null, null);
    }

    ActionRejectedException(HttpStatus status, String title, String detail, String rule, Long actionId) {
        super(detail);
        this.status = status;
        this.title = title;
        this.rule = rule;
        this.actionId = actionId;
    }

    /** The rule that failed, e.g. ACT-STATUS. */
    public String rule() {
        return rule;
    }

    /** The supplier_action row that records the refusal. */
    public Long actionId() {
        return actionId;
    }

    public HttpStatus status() {
        return status;
    }

    public String title() {
        return title;
    }
}
