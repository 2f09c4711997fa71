package fr.facteur.transmit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;

import fr.facteur.archive.Archive;
import fr.facteur.as2.outbound.As2Destination;
import fr.facteur.as2.outbound.As2Sender;
import fr.facteur.crypto.Certificates;
import fr.facteur.platform.FacteurProperties;
import fr.facteur.tracking.FlowRecord;

/**
 * Deposits flows with Chorus Pro (or the simulator) by AS2 (facteur.chorus-pro.channel=as2). Over AS2 the flow is
 * signed by S/MIME and the MDN is the proof of deposit, so no detached .p7s goes with it. Idempotent on the flow
 * name: a redelivered flow reuses its Message-ID, and one already delivered is not sent again.
 *
 * <p>The partner's certificate is read at each deposit, so a renewed certificate (or the simulator's, generated at
 * its start) is picked up without a restart.
 */
class As2ChorusProChannel implements ChorusProChannel {

    private final As2Sender sender;
    private final Archive archive;
    private final FacteurProperties.As2 as2;

    As2ChorusProChannel(As2Sender sender, Archive archive, FacteurProperties.As2 as2) {
        if (as2 == null || as2.certificate() == null) {
            throw new IllegalStateException("facteur.chorus-pro.channel=as2 needs facteur.chorus-pro.as2.certificate");
        }
        this.sender = sender;
        this.archive = archive;
        this.as2 = as2;
    }

    @Override
    public void deposit(FlowRecord flow) {
        As2Destination chorusPro = new As2Destination("CHORUS_PRO", null, as2.as2Id(), as2.url(),
                Certificates.readCertificatePem(as2.certificate()),
                as2.nextCertificate() == null ? null : Certificates.readCertificatePem(as2.nextCertificate()),
                as2.timeout(), as2.encryption(), as2.asyncMdn(), as2.allowExpiredCertificate());
        byte[] content;
        try {
            content = Files.readAllBytes(archive.resolve(flow.archivePath()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read flow " + flow.name() + " from the archive", e);
        }
        String type = "FSO1117A".equals(flow.interfaceCode()) ? "application/pdf" : "application/xml";
        sender.send(chorusPro, "chorus-pro:" + flow.name(), flow.name(), type, content);
    }
}
