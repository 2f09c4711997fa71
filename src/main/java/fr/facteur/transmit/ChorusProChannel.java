package fr.facteur.transmit;

import fr.facteur.tracking.FlowRecord;

/** A way to deposit a signed flow with Chorus Pro (SFTP now; AS2 and the PISTE API come with later issues). */
interface ChorusProChannel {

    /**
     * Deposits the flow and its signature. Must be safe to call again for the same flow (a redelivery after a crash
     * between deposit and bookkeeping): the same file name is written again, never a second flow.
     */
    void deposit(FlowRecord flow);
}
