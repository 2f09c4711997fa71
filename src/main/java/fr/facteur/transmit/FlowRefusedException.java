package fr.facteur.transmit;

/**
 * Chorus Pro refused a flow for good (or it failed too often for another reason): the flow is marked FAILED with the
 * reason and its message goes to DLQ.facteur.transmit, from where an operator can replay it once the cause is fixed.
 */
class FlowRefusedException extends RuntimeException {

    FlowRefusedException(String message, Throwable cause) {
        super(message, cause);
    }
}
