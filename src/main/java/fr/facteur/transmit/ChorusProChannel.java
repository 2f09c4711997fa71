package fr.facteur.transmit;

import fr.facteur.tracking.FlowRecord;

/** A way to deposit a signed flow with Chorus Pro (SFTP, the PISTE API; AS2 with its own issue). */
interface ChorusProChannel {

    /**
     * Deposits the flow and its signature. Must be safe to call again for the same flow (a redelivery after a crash
     * between deposit and bookkeeping): the same file name is written again, never a second flow.
     */
    void deposit(FlowRecord flow);

    // Failures: a DepositRefusedException (or a PisteException that is not retryable) means "refused for good": the
    // flow is FAILED and dead-lettered; anything else is taken as Chorus Pro being unavailable (pause and retry).
}
