package fr.facteur.relay;

import java.util.ArrayList;
import java.util.List;

import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * How the units of a CPPStatut document are found and numbered, in one place: the returns parser records each
 * event with its unit's position, and the relay cuts the same file down to one supplier's units by those positions.
 * Both must number alike, so both use this.
 *
 * <p>CPPStatut has no namespace (AIFE schema V1_19); elements are matched on their local name so a file that
 * carries a default namespace anyway is still read.
 */
public final class CppStatutUnits {

    public static final String ROOT = "CPPStatut";
    public static final String FLOW_SECTION = "CPPFluxStatuts";
    public static final String FLOW_UNIT = "CPPFluxStatutUnitaire";
    public static final String INVOICE_SECTION = "CPPFactureStatuts";
    public static final String INVOICE_UNIT = "CPPFactureStatutUnitaire";

    private CppStatutUnits() {
    }

    /**
     * The units of a CPPStatut root, in document order: element i of the list is line i + 1. Only units directly
     * under a status section directly under the root count; anything else is ignored.
     */
    public static List<Element> units(Element root) {
        List<Element> units = new ArrayList<>();
        for (Element section : children(root)) {
            String unitName = unitNameOf(section);
            if (unitName != null) {
                for (Element unit : children(section)) {
                    if (unitName.equals(localName(unit))) {
                        units.add(unit);
                    }
                }
            }
        }
        return units;
    }

    /** The status sections directly under the root (CPPFluxStatuts, CPPFactureStatuts). */
    public static List<Element> sections(Element root) {
        return children(root).stream().filter(e -> unitNameOf(e) != null).toList();
    }

    /** The unit element name of a section, or null when the element is not a status section. */
    public static String unitNameOf(Element section) {
        return switch (localName(section)) {
            case FLOW_SECTION -> FLOW_UNIT;
            case INVOICE_SECTION -> INVOICE_UNIT;
            default -> null;
        };
    }

    public static List<Element> children(Element parent) {
        List<Element> children = new ArrayList<>();
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e) {
                children.add(e);
            }
        }
        return children;
    }

    /** The first child element with this local name, or null. */
    public static Element child(Element parent, String localName) {
        if (parent == null) {
            return null;
        }
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && localName.equals(localName(e))) {
                return e;
            }
        }
        return null;
    }

    /** The trimmed text of the element at this path of child names, or null when absent or blank. */
    public static String text(Element parent, String... path) {
        Element e = parent;
        for (String name : path) {
            e = child(e, name);
        }
        if (e == null) {
            return null;
        }
        String text = e.getTextContent().trim();
        return text.isEmpty() ? null : text;
    }

    public static String localName(Element e) {
        return e.getLocalName() != null ? e.getLocalName() : e.getTagName();
    }
}
