package fr.facteur.inbound.as2;

import java.nio.file.Path;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

import fr.facteur.inbound.Intake;
import fr.facteur.returns.ReturnFileProcessor;
import fr.facteur.returns.UnreadableReturnFileException;

/**
 * A tenant's payload enters the same intake as its SFTP files (archive, dedup on tenant + SHA-256, validation,
 * answer through the tenant's returns channel); a Chorus Pro payload is a return file, processed as those polled
 * over SFTP. Either way the transport has succeeded once the bytes are archived: an invoice the intake rejects
 * still gets a "processed" MDN, and the rejection report travels as for SFTP.
 */
@Component
public class IntakePayloadSink implements PayloadSink {

    static final String CHANNEL = "AS2";

    private final Intake intake;
    private final ObjectProvider<ReturnFileProcessor> returns;

    public IntakePayloadSink(Intake intake, ObjectProvider<ReturnFileProcessor> returns) {
        this.intake = intake;
        this.returns = returns;
    }

    @Override
    public String deliver(TradingPartner partner, String fileName, Path file) {
        return deliver(partner, fileName, file, null);
    }

    @Override
    public String deliver(TradingPartner partner, String fileName, Path file, String messageId) {
        if (!partner.isChorusPro()) {
            return intake.receive(partner.tenant(), CHANNEL, fileName, file,
                    messageId == null ? null : "as2:" + partner.as2Id() + ":" + messageId).outcome();
        }
        try {
            returns.getObject().process(fileName, file);
            return "RETURN_FILE";
        } catch (UnreadableReturnFileException e) {
            // archived and recorded as UNKNOWN by the processor: the transfer itself succeeded
            return "UNREADABLE";
        }
    }
}
