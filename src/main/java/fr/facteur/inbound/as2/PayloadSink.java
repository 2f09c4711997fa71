package fr.facteur.inbound.as2;

import java.nio.file.Path;

/** Where the payload of an accepted AS2 message goes. */
public interface PayloadSink {

    /**
     * @param fileName the file name the partner gave (Content-Disposition), not yet sanitised
     * @param file     a local copy of the payload
     * @return what became of it (ACCEPTED, REJECTED, DUPLICATE, RETURN_FILE...), recorded with the message
     */
    String deliver(TradingPartner partner, String fileName, Path file);

    /**
     * As {@link #deliver(TradingPartner, String, Path)}, knowing the message's Message-ID: a partner retrying the
     * same Message-ID after the gateway stopped mid-way is sending the same transmission again.
     */
    default String deliver(TradingPartner partner, String fileName, Path file, String messageId) {
        return deliver(partner, fileName, file);
    }
}
