package fr.facteur.flow;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.regex.Pattern;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

import fr.facteur.archive.Archive;
import fr.facteur.archive.Archived;
import fr.facteur.crypto.CmsSigner;
import fr.facteur.invoice.InvoiceFacts;
import fr.facteur.platform.FacteurProperties;

/**
 * Builds the Chorus Pro flow of an understood invoice, signs it and archives both files.
 *
 * <p>An E1 flow (FSO1100A UBL, FSO1106A CII) is the invoice XML itself, byte for byte: the supplier's document is
 * what Chorus Pro must receive, so nothing is re-serialised. The flow is named {@code <interface>_<partnerCode>_<flowRef>}
 * with no extension, as Chorus Pro names flows; its detached CMS signature travels beside it as
 * {@code <name>.p7s}. Both files are kept in the content-addressed archive (the archived flow is the very copy
 * that is signed and later sent).
 */
@Component
public class FlowPackager {

    /** Flow ids: letters and digits only, so the name is safe on every file system and transport. */
    private static final Pattern FLOW_REF = Pattern.compile("[A-Za-z0-9]{1,40}");
    private static final Pattern PARTNER_CODE = Pattern.compile("[A-Za-z0-9]{1,20}");

    /** Extension of the detached signature beside a flow. */
    public static final String SIGNATURE_EXTENSION = ".p7s";

    private final String partnerCode;
    private final CmsSigner signer;
    private final Archive archive;

    @Autowired
    public FlowPackager(FacteurProperties properties, CmsSigner signer, Archive archive) {
        this(properties.operator().partnerCode(), signer, archive);
    }

    public FlowPackager(String partnerCode, CmsSigner signer, Archive archive) {
        if (partnerCode == null || !PARTNER_CODE.matcher(partnerCode).matches()) {
            throw new IllegalStateException("facteur.operator.partner-code must be the operator's Chorus Pro partner "
                    + "code (letters and digits, shape AAA999), not '" + partnerCode + "'");
        }
        this.partnerCode = partnerCode;
        this.signer = signer;
        this.archive = archive;
    }

    /**
     * @param original the supplier's original (archived) file
     * @param flowRef  unique flow id, chosen by the caller (so that a retry rebuilds the same flow): 1 to 40 letters
     *                 or digits
     * @throws IllegalArgumentException when flowRef is not 1 to 40 letters or digits
     */
    public PackagedFlow pack(InvoiceFacts facts, Path original, String flowRef) {
        Objects.requireNonNull(facts, "facts");
        Objects.requireNonNull(original, "original");
        if (flowRef == null || !FLOW_REF.matcher(flowRef).matches()) {
            throw new IllegalArgumentException("a flow ref is 1 to 40 letters or digits ([A-Za-z0-9]{1,40}), not '"
                    + flowRef + "'");
        }
        String interfaceCode = facts.syntax().interfaceCode();
        String name = flowName(interfaceCode, flowRef);

        // the signature is made over the archived copy, the one that will be sent. The supplier's original is
        // usually archived already (the intake stored it): the archive is content-addressed, so storing it again
        // would only re-read, re-hash and rewrite the same bytes to the same place. Only a file from outside the
        // archive (a mapping's UBL, a caller's file) is streamed in.
        Path flowFile = archived(original) ? original.toAbsolutePath().normalize()
                : archive.resolve(archive.store(original).relativePath());
        Archived signature = archive.store(signer.signDetached(flowFile));
        return new PackagedFlow(flowRef, name, interfaceCode, flowFile, archive.resolve(signature.relativePath()));
    }

    private boolean archived(Path file) {
        try {
            archive.relativize(file);
            return Files.isRegularFile(file);
        } catch (IllegalArgumentException notInTheArchive) {
            return false;
        }
    }

    /** {@code <interfaceCode>_<partnerCode>_<flowRef>}. */
    public String flowName(String interfaceCode, String flowRef) {
        return interfaceCode + "_" + partnerCode + "_" + flowRef;
    }
}
