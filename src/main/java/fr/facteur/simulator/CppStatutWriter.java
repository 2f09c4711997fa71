package fr.facteur.simulator;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;

import javax.xml.transform.OutputKeys;
import javax.xml.transform.Transformer;
import javax.xml.transform.TransformerException;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;

import org.w3c.dom.Document;
import org.w3c.dom.Element;

import fr.facteur.platform.SecureXml;

/**
 * Writes CPPStatut return files in the shape of AIFE's XSD CPPStatutPivot_V1_19 (chorus-pro.md §3; no namespace):
 * an envelope, then either CPPFluxStatuts (integration reports) or CPPFactureStatuts (invoice lifecycle). Each file
 * says in a comment that the simulator made it: the real CSO report format is not public, so this is the closest
 * faithful form, not a copy of Chorus Pro's output.
 */
final class CppStatutWriter {

    static final String VERSION = "V1_19";
    static final int ID_PRODUCTEUR_LENGTH = 8;
    /** Chorus Pro is a French service: its timestamps are French local time (written here with the offset). */
    static final ZoneId CHORUS_PRO_TIME = ZoneId.of("Europe/Paris");
    static final String SIMULATED = " Fichier simulé : produit par le simulateur Chorus Pro de Facteur, pas par "
            + "Chorus Pro (forme CPPStatut V1_19). Simulated file, not from Chorus Pro. ";

    /**
     * The envelope of one return file.
     *
     * @param producedAt DtPrd (production date)
     * @param fileId     IdFlx, the file's own id
     * @param receiverId Recepteur/Id: the operator's partner code
     * @param emitterId  Emetteur/Id: Chorus Pro
     */
    record Envelope(Instant producedAt, String fileId, String receiverId, String emitterId) {
    }

    /** One CPPFluxStatutUnitaire: the integration report of one deposited flow. */
    record FlowStatusUnit(IntegrationStatus status, String numeroFluxDepot, String comment, Instant timestamp,
            String producerId, String flowName, List<FlowError> errors) {
    }

    /** One CPPFactureStatutUnitaire: one status of one supplier's invoice. */
    record InvoiceStatusUnit(String supplierSiret, String supplierName, String buyerSiret, String serviceCode,
            InvoiceStatus status, String comment, Instant timestamp, String invoiceNumber, LocalDate invoiceDate) {
    }

    byte[] flowStatuses(Envelope envelope, List<FlowStatusUnit> units) {
        Document doc = SecureXml.documentBuilder().newDocument();
        Element section = start(doc, envelope, "CPPFluxStatuts", units.size());
        int order = 0;
        for (FlowStatusUnit unit : units) {
            Element statusUnit = add(section, "CPPFluxStatutUnitaire");
            statusUnit.setAttribute("NumOrdre", String.valueOf(++order));
            Element data = add(statusUnit, "DonneesStatut");
            text(data, "IdStatut", unit.status().code());
            optional(data, "ComplementStatut", unit.numeroFluxDepot());
            optional(data, "Commentaire", unit.comment());
            text(data, "Horodatage", timestamp(unit.timestamp()));
            // AIFE XSD V1_19: IdProducteur is optional and exactly 8 characters long; a shorter producer id (the
            // default "CPP", valid as Emetteur/Id, 3-8) would make the file invalid, so it is left out
            if (unit.producerId() != null && unit.producerId().length() == ID_PRODUCTEUR_LENGTH) {
                text(data, "IdProducteur", unit.producerId());
            }
            text(data, "IdFlux", unit.flowName());
            if (!unit.errors().isEmpty()) {
                Element details = add(data, "Details");
                details.setAttribute("NbLignesErreur", String.valueOf(unit.errors().size()));
                int line = 0;
                for (FlowError error : unit.errors()) {
                    Element detail = add(details, "LigneErreurDetail");
                    detail.setAttribute("IdLigne", String.valueOf(++line));
                    text(detail, "NatureErreur", error.code().nature().name());
                    text(detail, "CodeErreur", error.code().name());
                    text(detail, "LibelleErreur", error.label());
                    optional(detail, "DescriptionErreur", error.description());
                }
            }
        }
        return serialize(doc);
    }

    byte[] invoiceStatuses(Envelope envelope, List<InvoiceStatusUnit> units) {
        Document doc = SecureXml.documentBuilder().newDocument();
        Element section = start(doc, envelope, "CPPFactureStatuts", units.size());
        int order = 0;
        for (InvoiceStatusUnit unit : units) {
            Element statusUnit = add(section, "CPPFactureStatutUnitaire");
            statusUnit.setAttribute("NumOrdre", String.valueOf(++order));
            Element supplier = add(statusUnit, "Fournisseur");
            text(supplier, "TypeIdentifiant", "1");
            text(supplier, "Identifiant", unit.supplierSiret());
            // required by the XSD: empty when the invoice did not name its supplier
            text(supplier, "RaisonSociale", unit.supplierName() == null ? "" : unit.supplierName());
            Element debtor = add(statusUnit, "Debiteur");
            text(debtor, "TypeIdentifiant", "1");
            text(debtor, "Identifiant", unit.buyerSiret());
            optional(debtor, "CodeService", unit.serviceCode());
            Element data = add(statusUnit, "DonneesStatut");
            text(data, "IdStatut", unit.status().code());
            optional(data, "Commentaire", unit.comment());
            text(data, "Horodatage", timestamp(unit.timestamp()));
            text(data, "IdFacture", unit.invoiceNumber());
            if (unit.invoiceDate() != null) {
                text(data, "DateFacture", unit.invoiceDate().toString());
            }
        }
        return serialize(doc);
    }

    /**
     * xs:dateTime in French local time with its offset, to the millisecond when there are any: with short step
     * delays two statuses of one invoice may fall in the same second, and their order must still show.
     */
    static String timestamp(Instant instant) {
        return DateTimeFormatter.ISO_OFFSET_DATE_TIME
                .format(instant.atZone(CHORUS_PRO_TIME).toOffsetDateTime().truncatedTo(ChronoUnit.MILLIS));
    }

    private static Element start(Document doc, Envelope envelope, String sectionName, int count) {
        Element root = doc.createElement("CPPStatut");
        root.setAttribute("Version", VERSION);
        doc.appendChild(root);
        Element unit = add(add(root, "Enveloppe"), "EnveloppeUnitaire");
        unit.setAttribute("NumOrdre", "1");
        Element parameters = add(unit, "Parametres");
        parameter(parameters, "0001", "DtPrd", envelope.producedAt().atZone(CHORUS_PRO_TIME).toLocalDate().toString());
        parameter(parameters, "0002", "IdFlx", envelope.fileId());
        Element partners = add(unit, "Partenaires");
        text(add(partners, "Recepteur"), "Id", envelope.receiverId());
        text(add(partners, "Emetteur"), "Id", envelope.emitterId());
        Element section = add(root, sectionName);
        section.setAttribute("compteur", String.valueOf(count));
        return section;
    }

    private static void parameter(Element parameters, String order, String code, String value) {
        Element parameter = add(parameters, "ParametreIndiv");
        parameter.setAttribute("NumOrdre", order);
        text(parameter, "Code", code);
        text(parameter, "Valeurparametre", value);
    }

    private static Element add(Element parent, String name) {
        Element child = parent.getOwnerDocument().createElement(name);
        parent.appendChild(child);
        return child;
    }

    private static void text(Element parent, String name, String value) {
        add(parent, name).setTextContent(value);
    }

    private static void optional(Element parent, String name, String value) {
        if (value != null && !value.isBlank()) {
            text(parent, name, value);
        }
    }

    private static byte[] serialize(Document doc) {
        try {
            Transformer transformer = SecureXml.transformerFactory().newTransformer();
            transformer.setOutputProperty(OutputKeys.ENCODING, "UTF-8");
            transformer.setOutputProperty(OutputKeys.INDENT, "yes");
            transformer.setOutputProperty("{http://xml.apache.org/xslt}indent-amount", "2");
            // declaration and comment written by hand: the JDK serializer glues a top-level comment to the root tag
            transformer.setOutputProperty(OutputKeys.OMIT_XML_DECLARATION, "yes");
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.writeBytes(("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!--" + SIMULATED + "-->\n")
                    .getBytes(StandardCharsets.UTF_8));
            transformer.transform(new DOMSource(doc.getDocumentElement()), new StreamResult(out));
            return out.toByteArray();
        } catch (TransformerException e) {
            throw new IllegalStateException("cannot write a CPPStatut document", e);
        }
    }
}
