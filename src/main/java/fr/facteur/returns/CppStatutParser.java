package fr.facteur.returns;

import static fr.facteur.relay.CppStatutUnits.child;
import static fr.facteur.relay.CppStatutUnits.children;
import static fr.facteur.relay.CppStatutUnits.localName;
import static fr.facteur.relay.CppStatutUnits.text;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.xml.sax.SAXException;

import fr.facteur.platform.SecureXml;
import fr.facteur.relay.CppStatutUnits;

/**
 * Reads a CPPStatut return file (AIFE schema V1_19, no namespace; chorus-pro.md §3) into {@link ReturnLine}s,
 * through the hardened parser (no DTD, no external entity). It reads what correlation needs and is lenient on the
 * rest: a unit with a missing field still becomes a line, and the processor keeps it as unmatched with the reason,
 * rather than losing the whole file.
 */
public class CppStatutParser {

    /** Chorus Pro writes local French time when Horodatage carries no offset. */
    static final ZoneId CHORUS_PRO_TIME = ZoneId.of("Europe/Paris");

    /** What a return file holds. */
    public record Parsed(String kind, List<ReturnLine> lines) {
    }

    /** return_file.kind values. */
    public static final String FLOW_STATUS = "FLOW_STATUS";
    public static final String INVOICE_STATUS = "INVOICE_STATUS";
    /** Both sections in one file: not seen from Chorus Pro, accepted all the same. */
    public static final String MIXED = "MIXED";
    public static final String UNKNOWN = "UNKNOWN";

    /**
     * @throws UnreadableReturnFileException when the file is not XML, not a CPPStatut document, or carries no
     *                                       status section
     */
    public Parsed parse(String fileName, Path file) {
        Document document;
        try {
            document = SecureXml.documentBuilder().parse(file.toFile());
        } catch (SAXException e) {
            throw new UnreadableReturnFileException(fileName + " is not a readable XML document: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the return file " + fileName, e);
        }
        Element root = document.getDocumentElement();
        if (!CppStatutUnits.ROOT.equals(localName(root))) {
            throw new UnreadableReturnFileException(fileName + " is not a CPPStatut return file: its root element is <"
                    + localName(root) + ">");
        }
        List<Element> sections = CppStatutUnits.sections(root);
        if (sections.isEmpty()) {
            throw new UnreadableReturnFileException(fileName + " is a CPPStatut document without "
                    + CppStatutUnits.FLOW_SECTION + " or " + CppStatutUnits.INVOICE_SECTION);
        }
        List<ReturnLine> lines = new ArrayList<>();
        List<Element> units = CppStatutUnits.units(root);
        for (int i = 0; i < units.size(); i++) {
            Element unit = units.get(i);
            int lineNo = i + 1;
            lines.add(CppStatutUnits.FLOW_UNIT.equals(localName(unit)) ? flowStatus(lineNo, unit)
                    : invoiceStatus(lineNo, unit));
        }
        return new Parsed(kind(sections), List.copyOf(lines));
    }

    private static String kind(List<Element> sections) {
        boolean flows = sections.stream().anyMatch(s -> CppStatutUnits.FLOW_SECTION.equals(localName(s)));
        boolean invoices = sections.stream().anyMatch(s -> CppStatutUnits.INVOICE_SECTION.equals(localName(s)));
        return flows && invoices ? MIXED : flows ? FLOW_STATUS : INVOICE_STATUS;
    }

    private static ReturnLine.FlowStatus flowStatus(int lineNo, Element unit) {
        Element data = child(unit, "DonneesStatut");
        String timestamp = text(data, "Horodatage");
        List<ReturnLine.ErrorLine> errors = new ArrayList<>();
        // Details belongs in DonneesStatut; accept it one level up too rather than lose the error lines
        Element details = child(data, "Details") != null ? child(data, "Details") : child(unit, "Details");
        if (details != null) {
            for (Element line : children(details)) {
                if ("LigneErreurDetail".equals(localName(line))) {
                    String id = line.getAttribute("IdLigne");
                    errors.add(new ReturnLine.ErrorLine(id.isBlank() ? null : id, text(line, "NatureErreur"),
                            text(line, "CodeErreur"), text(line, "LibelleErreur"), text(line, "DescriptionErreur")));
                }
            }
        }
        return new ReturnLine.FlowStatus(lineNo, text(data, "IdStatut"), text(data, "ComplementStatut"),
                text(data, "Commentaire"), timestamp, instant(timestamp), text(data, "IdProducteur"),
                text(data, "IdFlux"), List.copyOf(errors));
    }

    private static ReturnLine.InvoiceStatus invoiceStatus(int lineNo, Element unit) {
        Element data = child(unit, "DonneesStatut");
        String timestamp = text(data, "Horodatage");
        return new ReturnLine.InvoiceStatus(lineNo, text(unit, "Fournisseur", "TypeIdentifiant"),
                text(unit, "Fournisseur", "Identifiant"), text(unit, "Debiteur", "Identifiant"),
                text(data, "IdStatut"), text(data, "Commentaire"), timestamp, instant(timestamp),
                text(data, "IdFacture"), text(data, "DateFacture"));
    }

    /** xs:dateTime with or without an offset (local French time then), or a bare date; null when unreadable. */
    static OffsetDateTime instant(String timestamp) {
        if (timestamp == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(timestamp);
        } catch (DateTimeParseException withoutOffset) {
            try {
                return LocalDateTime.parse(timestamp).atZone(CHORUS_PRO_TIME).toOffsetDateTime();
            } catch (DateTimeParseException notADateTime) {
                try {
                    return LocalDate.parse(timestamp).atStartOfDay(CHORUS_PRO_TIME).toOffsetDateTime();
                } catch (DateTimeParseException unreadable) {
                    return null;
                }
            }
        }
    }
}
