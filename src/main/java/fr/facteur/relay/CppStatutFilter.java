package fr.facteur.relay;

import static fr.facteur.relay.CppStatutUnits.localName;
import static fr.facteur.relay.CppStatutUnits.text;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import javax.xml.transform.OutputKeys;
import javax.xml.transform.Transformer;
import javax.xml.transform.TransformerException;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.SAXException;

import fr.facteur.platform.SecureXml;
import fr.facteur.tracking.StatusEventRepository.RelayableEvent;

/**
 * Cuts a Chorus Pro CPPStatut return file down to one supplier: only the units of the events relayed to it are
 * kept, every other unit (other suppliers' invoices, other tenants' flows, unmatched lines, filtered-out statuses)
 * is removed; NumOrdre and the sections' compteur are renumbered, empty sections and XML comments removed, the
 * envelope kept.
 *
 * <p>A unit is kept only when an event of this tenant was recorded from that very unit (same position) and the
 * unit says the same: for an invoice, supplier SIRET = the tenant's and the invoice's, and IdFacture = the invoice's
 * number; for a flow, IdFlux = the flow's name. Anything inconsistent fails loudly rather than risk showing a
 * supplier a line that is not its own.
 */
public class CppStatutFilter {

    /**
     * @param original the archived return file
     * @param siret    the tenant's SIRET
     * @param events   the tenant's events to relay, all recorded from this file
     * @return the filtered document, or empty when no unit remains
     */
    public Optional<byte[]> filter(Path original, String siret, Collection<RelayableEvent> events) {
        Document document = parse(original);
        Element root = document.getDocumentElement();
        if (!CppStatutUnits.ROOT.equals(localName(root))) {
            throw new IllegalStateException(original + " is not a CPPStatut document");
        }
        // one event per unit, except that a flow's report unit also carries the rejections it caused for invoices
        // of that flow (returns: an invoice named by the report's error lines), which have no unit of their own
        Map<Integer, List<RelayableEvent>> byLine = new HashMap<>();
        for (RelayableEvent event : events) {
            if (event.lineNo() == null) {
                throw new IllegalStateException("event " + event.id() + " has no line in " + original);
            }
            List<RelayableEvent> atLine = byLine.computeIfAbsent(event.lineNo(), l -> new java.util.ArrayList<>());
            atLine.add(event);
            if (atLine.stream().filter(e -> !carriedByReport(e)).count() > 1) {
                throw new IllegalStateException("event " + event.id() + " shares its line in " + original);
            }
        }
        List<Element> units = CppStatutUnits.units(root);
        int kept = 0;
        for (int i = 0; i < units.size(); i++) {
            Element unit = units.get(i);
            List<RelayableEvent> atLine = byLine.remove(i + 1);
            if (atLine == null) {
                remove(unit);
            } else {
                for (RelayableEvent event : atLine) {
                    checkBelongs(unit, event, siret, i + 1);
                }
                kept++;
            }
        }
        if (!byLine.isEmpty()) {
            throw new IllegalStateException("events " + byLine.values().stream().flatMap(List::stream)
                    .map(RelayableEvent::id).toList() + " point at lines " + byLine.keySet() + " that " + original
                    + " does not have");
        }
        if (kept == 0) {
            return Optional.empty();
        }
        for (Element section : CppStatutUnits.sections(root)) {
            renumber(section);
        }
        removeComments(document);
        return Optional.of(serialize(document));
    }

    /**
     * Merges several filtered documents (a digest) into one: the first one's envelope, every unit of all of them in
     * order, each section renumbered.
     */
    public byte[] merge(List<byte[]> documents) {
        if (documents.isEmpty()) {
            throw new IllegalArgumentException("nothing to merge");
        }
        Document merged = parse(documents.get(0));
        Element root = merged.getDocumentElement();
        for (byte[] other : documents.subList(1, documents.size())) {
            for (Element section : CppStatutUnits.sections(parse(other).getDocumentElement())) {
                String name = localName(section);
                Element target = CppStatutUnits.child(root, name);
                if (target == null) {
                    target = (Element) merged.importNode(section, false);
                    // flow reports come before invoice statuses, as Chorus Pro writes them
                    Element invoices = CppStatutUnits.FLOW_SECTION.equals(name)
                            ? CppStatutUnits.child(root, CppStatutUnits.INVOICE_SECTION) : null;
                    root.insertBefore(target, invoices);
                }
                for (Element unit : CppStatutUnits.children(section)) {
                    target.appendChild(merged.importNode(unit, true));
                }
            }
        }
        for (Element section : CppStatutUnits.sections(root)) {
            renumber(section);
        }
        return serialize(merged);
    }

    private static Document parse(byte[] xml) {
        try {
            return SecureXml.documentBuilder().parse(new java.io.ByteArrayInputStream(xml));
        } catch (SAXException e) {
            throw new IllegalStateException("a filtered return file cannot be read again", e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void checkBelongs(Element unit, RelayableEvent event, String siret, int lineNo) {
        boolean belongs;
        if (CppStatutUnits.INVOICE_UNIT.equals(localName(unit))) {
            String supplier = text(unit, "Fournisseur", "Identifiant");
            belongs = "INVOICE".equals(event.level()) && siret.equals(supplier) && siret.equals(event.sellerSiret())
                    && event.invoiceNumber() != null
                    && event.invoiceNumber().equals(text(unit, "DonneesStatut", "IdFacture"));
        } else if (carriedByReport(event)) {
            belongs = siret.equals(event.sellerSiret()) && event.flowName() != null
                    && event.flowName().equals(text(unit, "DonneesStatut", "IdFlux"));
        } else {
            belongs = "FLOW".equals(event.level()) && event.flowName() != null
                    && event.flowName().equals(text(unit, "DonneesStatut", "IdFlux"));
        }
        if (!belongs) {
            throw new IllegalStateException("line " + lineNo + " of the return file does not carry event " + event.id()
                    + " of tenant " + event.tenantId() + ": refusing to relay it");
        }
    }

    /** An invoice's rejection recorded from its flow's integration report (flow code, invoice level). */
    static boolean carriedByReport(RelayableEvent event) {
        return "INVOICE".equals(event.level()) && event.code() != null && event.code().startsWith("9");
    }

    /** Removes a unit and the indentation before it, so the result still reads well. */
    private static void remove(Element unit) {
        Node before = unit.getPreviousSibling();
        if (before != null && before.getNodeType() == Node.TEXT_NODE && before.getTextContent().isBlank()) {
            before.getParentNode().removeChild(before);
        }
        unit.getParentNode().removeChild(unit);
    }

    /** Comments are not data, and may name anyone: none goes out. */
    private static void removeComments(Node node) {
        Node child = node.getFirstChild();
        while (child != null) {
            Node next = child.getNextSibling();
            if (child.getNodeType() == Node.COMMENT_NODE) {
                node.removeChild(child);
            } else {
                removeComments(child);
            }
            child = next;
        }
    }

    private static void renumber(Element section) {
        String unitName = CppStatutUnits.unitNameOf(section);
        int n = 0;
        for (Element child : CppStatutUnits.children(section)) {
            if (unitName.equals(localName(child))) {
                child.setAttribute("NumOrdre", String.valueOf(++n));
            }
        }
        if (n == 0) {
            remove(section);
        } else {
            section.setAttribute("compteur", String.valueOf(n));
        }
    }

    private static Document parse(Path file) {
        try {
            return SecureXml.documentBuilder().parse(file.toFile());
        } catch (SAXException e) {
            throw new IllegalStateException("the archived return file " + file + " cannot be read again", e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] serialize(Document document) {
        try {
            Transformer transformer = SecureXml.transformerFactory().newTransformer();
            transformer.setOutputProperty(OutputKeys.ENCODING, "UTF-8");
            // the declaration is written by hand: the transformer would glue the root element to it
            transformer.setOutputProperty(OutputKeys.OMIT_XML_DECLARATION, "yes");
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.writeBytes("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n".getBytes(StandardCharsets.UTF_8));
            transformer.transform(new DOMSource(document), new StreamResult(out));
            return out.toByteArray();
        } catch (TransformerException e) {
            throw new IllegalStateException("cannot write the filtered return file", e);
        }
    }
}
