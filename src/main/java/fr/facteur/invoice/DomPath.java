package fr.facteur.invoice;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * Child-axis paths over a namespace-aware DOM ("cac:AccountingSupplierParty/cac:Party/cbc:ID"), written with the
 * usual UBL/CII prefixes. The same string is the lookup and, prefixed by the root, the XPath shown to the supplier
 * when a term is missing, so the two never drift apart. Plain DOM walking: no XPath engine to instantiate per read,
 * and the prefixes of the supplier's file do not matter (only namespaces do).
 */
final class DomPath {

    static final Map<String, String> NAMESPACES = Map.of(
            "cbc", "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2",
            "cac", "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2",
            "rsm", "urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100",
            "ram", "urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100",
            "udt", "urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100");

    private DomPath() {
    }

    /** Every element at {@code path} below {@code context}, in document order. */
    static List<Element> all(Element context, String path) {
        List<Element> current = List.of(context);
        for (String step : path.split("/")) {
            int colon = step.indexOf(':');
            String namespace = NAMESPACES.get(step.substring(0, colon));
            if (namespace == null) {
                throw new IllegalArgumentException("unknown prefix in " + path);
            }
            String localName = step.substring(colon + 1);
            List<Element> next = new ArrayList<>();
            for (Element parent : current) {
                for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
                    if (n instanceof Element e && namespace.equals(e.getNamespaceURI())
                            && localName.equals(e.getLocalName())) {
                        next.add(e);
                    }
                }
            }
            current = next;
        }
        return current;
    }

    /** The trimmed text of the first element at {@code path}, or null when absent or blank. */
    static String text(Element context, String path) {
        List<Element> found = all(context, path);
        return found.isEmpty() ? null : text(found.get(0));
    }

    /** The trimmed text of an element, or null when blank. */
    static String text(Element e) {
        String value = e.getTextContent();
        if (value == null) {
            return null;
        }
        value = value.strip();
        return value.isEmpty() ? null : value;
    }
}
