package fr.facteur.transmit;

/**
 * Thrown by a {@link ChorusProChannel} when Chorus Pro refused the flow for good (it would refuse it again): the flow
 * becomes FAILED with this message and is dead-lettered, never retried. Any other exception from a channel means
 * Chorus Pro is unavailable for now (transmission pauses and retries).
 */
class DepositRefusedException extends RuntimeException {

    DepositRefusedException(String message, Throwable cause) {
        super(message, cause);
    }
}
