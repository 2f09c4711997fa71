package fr.facteur.relay;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import javax.xml.transform.OutputKeys;
import javax.xml.transform.Transformer;
import javax.xml.transform.TransformerException;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

import fr.facteur.platform.SecureXml;
import fr.facteur.tracking.StatusEventRepository.RelayableEvent;

/**
 * Writes a CPPStatut document (AIFE CPPStatutPivot V1_19 shape, chorus-pro.md §3) from recorded events, for
 * statuses that came over the Chorus Pro API: there is no Chorus Pro file to cut down, so a supplier that asked for
 * {@code cppstatut} gets the same form as over SFTP, holding only its own events. Flow reports become
 * CPPFluxStatuts units (with their error lines), invoice statuses CPPFactureStatuts units. An invoice's rejection
 * recorded from its flow's report (returns: partial integration) is carried by that report's unit, as in Chorus
 * Pro's own files; without the report (filtered out) it gets a report unit of its own.
 */
class CppStatutComposer {

    private static final ZoneId FRENCH_TIME = ZoneId.of("Europe/Paris");
    private static final DateTimeFormatter HORODATAGE = DateTimeFormatter.ISO_OFFSET_DATE_TIME;

    private final ObjectMapper json;
    private final String partnerCode;

    /** @param partnerCode the operator's partner code: Recepteur, as in Chorus Pro's files to the operator */
    CppStatutComposer(ObjectMapper json, String partnerCode) {
        this.json = json;
        this.partnerCode = partnerCode == null ? "AAA999" : partnerCode;
    }

    /**
     * @param fileId       IdFlx of the envelope (the relayed file's name without extension)
     * @param supplierName RaisonSociale of Fournisseur
     */
    byte[] compose(String fileId, String siret, String supplierName, List<RelayableEvent> events,
            OffsetDateTime producedAt) {
        Document doc = newDocument();
        Element root = doc.createElement(CppStatutUnits.ROOT);
        root.setAttribute("Version", "V1_19");
        doc.appendChild(root);
        Element envelope = add(add(root, "Enveloppe"), "EnveloppeUnitaire");
        envelope.setAttribute("NumOrdre", "1");
        Element parameters = add(envelope, "Parametres");
        parameter(parameters, "0001", "DtPrd", producedAt.atZoneSameInstant(FRENCH_TIME).toLocalDate().toString());
        parameter(parameters, "0002", "IdFlx", fileId);
        Element partners = add(envelope, "Partenaires");
        text(add(partners, "Recepteur"), "Id", partnerCode);
        text(add(partners, "Emetteur"), "Id", "CPP");

        Set<Long> reportedFlows = events.stream().filter(e -> "FLOW".equals(e.level()) && e.flowId() != null)
                .map(RelayableEvent::flowId).collect(Collectors.toSet());
        List<RelayableEvent> flowUnits = new ArrayList<>();
        List<RelayableEvent> invoiceUnits = new ArrayList<>();
        for (RelayableEvent e : events) {
            if ("FLOW".equals(e.level())) {
                flowUnits.add(e);
            } else if (CppStatutFilter.carriedByReport(e)) {
                if (e.flowId() == null || !reportedFlows.contains(e.flowId())) {
                    flowUnits.add(e);
                }
            } else {
                invoiceUnits.add(e);
            }
        }
        if (!flowUnits.isEmpty()) {
            Element section = add(root, CppStatutUnits.FLOW_SECTION);
            section.setAttribute("compteur", String.valueOf(flowUnits.size()));
            int n = 0;
            for (RelayableEvent e : flowUnits) {
                Element unit = add(section, CppStatutUnits.FLOW_UNIT);
                unit.setAttribute("NumOrdre", String.valueOf(++n));
                flowData(add(unit, "DonneesStatut"), e);
            }
        }
        if (!invoiceUnits.isEmpty()) {
            Element section = add(root, CppStatutUnits.INVOICE_SECTION);
            section.setAttribute("compteur", String.valueOf(invoiceUnits.size()));
            int n = 0;
            for (RelayableEvent e : invoiceUnits) {
                Element unit = add(section, CppStatutUnits.INVOICE_UNIT);
                unit.setAttribute("NumOrdre", String.valueOf(++n));
                Element supplier = add(unit, "Fournisseur");
                text(supplier, "TypeIdentifiant", "1");
                text(supplier, "Identifiant", siret);
                text(supplier, "RaisonSociale", supplierName == null ? siret : supplierName);
                Element debtor = add(unit, "Debiteur");
                text(debtor, "TypeIdentifiant", "1");
                text(debtor, "Identifiant", e.buyerSiret());
                Element data = add(unit, "DonneesStatut");
                text(data, "IdStatut", e.code());
                optional(data, "Commentaire", e.detail());
                text(data, "Horodatage", horodatage(e.occurredAt()));
                text(data, "IdFacture", e.invoiceNumber());
            }
        }
        return serialize(doc);
    }

    private void flowData(Element data, RelayableEvent e) {
        JsonNode detail = detail(e);
        text(data, "IdStatut", e.code());
        optional(data, "ComplementStatut", e.numeroFluxDepot());
        String comment = "FLOW".equals(e.level()) ? textOf(detail, "comment")
                : "Facture " + e.invoiceNumber() + " rejetée : " + e.detail();
        optional(data, "Commentaire", comment);
        text(data, "Horodatage", horodatage(e.occurredAt()));
        text(data, "IdProducteur", "CPP");
        text(data, "IdFlux", e.flowName());
        JsonNode errors = detail.path("errors");
        if (errors.isArray() && !errors.isEmpty()) {
            Element details = add(data, "Details");
            details.setAttribute("NbLignesErreur", String.valueOf(errors.size()));
            int n = 0;
            for (JsonNode error : errors) {
                Element line = add(details, "LigneErreurDetail");
                line.setAttribute("IdLigne", String.valueOf(++n));
                optional(line, "NatureErreur", textOf(error, "nature"));
                optional(line, "CodeErreur", textOf(error, "code"));
                optional(line, "LibelleErreur", textOf(error, "label"));
                optional(line, "DescriptionErreur", textOf(error, "description"));
            }
        }
    }

    private JsonNode detail(RelayableEvent e) {
        if (!"FLOW".equals(e.level()) || e.detail() == null) {
            return json.createObjectNode();
        }
        try {
            return json.readTree(e.detail());
        } catch (JsonProcessingException notJson) {
            return json.createObjectNode().put("comment", e.detail());
        }
    }

    private static String textOf(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isMissingNode() || value.isNull() ? null : value.asText();
    }

    private static String horodatage(OffsetDateTime at) {
        return at.atZoneSameInstant(FRENCH_TIME).toOffsetDateTime().truncatedTo(ChronoUnit.SECONDS).format(HORODATAGE);
    }

    private static void parameter(Element parameters, String order, String code, String value) {
        Element p = add(parameters, "ParametreIndiv");
        p.setAttribute("NumOrdre", order);
        text(p, "Code", code);
        text(p, "Valeurparametre", value);
    }

    private static Element add(Element parent, String name) {
        Element child = parent.getOwnerDocument().createElement(name);
        parent.appendChild(child);
        return child;
    }

    private static void text(Element parent, String name, String value) {
        add(parent, name).setTextContent(value == null ? "" : value);
    }

    private static void optional(Element parent, String name, String value) {
        if (value != null && !value.isBlank()) {
            text(parent, name, value);
        }
    }

    private static Document newDocument() {
        return SecureXml.documentBuilder().newDocument();
    }

    private static byte[] serialize(Document document) {
        try {
            Transformer transformer = SecureXml.transformerFactory().newTransformer();
            transformer.setOutputProperty(OutputKeys.ENCODING, "UTF-8");
            transformer.setOutputProperty(OutputKeys.INDENT, "yes");
            transformer.setOutputProperty(OutputKeys.OMIT_XML_DECLARATION, "yes");
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.writeBytes("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n".getBytes(StandardCharsets.UTF_8));
            transformer.transform(new DOMSource(document), new StreamResult(out));
            return out.toByteArray();
        } catch (TransformerException e) {
            throw new IllegalStateException("cannot write the CPPStatut document", e);
        }
    }
}
