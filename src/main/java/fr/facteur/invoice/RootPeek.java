package fr.facteur.invoice;

import java.io.InputStream;

import javax.xml.stream.Location;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * A streaming look at the start of a file, up to its root element and no further: enough to refuse a DOCTYPE and to
 * tell the syntax without reading (or holding) the rest.
 *
 * <p>The StAX factory is the JDK's own (not whichever the class path offers) with DTD support and external entities
 * off; the peek stops at the DOCTYPE event itself, so an internal subset's entities are never expanded and nothing
 * is ever fetched.
 */
final class RootPeek {

    /** What the peek saw: the root element, or the reason the file is refused. */
    sealed interface Outcome permits Root, Refused {
    }

    record Root(String namespace, String localName, int line, int column) implements Outcome {
    }

    record Refused(RuleViolation violation) implements Outcome {
    }

    private RootPeek() {
    }

    static Outcome peek(InputStream in) {
        XMLStreamReader reader = null;
        try {
            reader = secureFactory().createXMLStreamReader(in);
            while (reader.hasNext()) {
                int event = reader.next();
                Location at = reader.getLocation();
                if (event == XMLStreamConstants.DTD) {
                    return new Refused(InvoiceRules.doctype(at.getLineNumber(), at.getColumnNumber()));
                }
                if (event == XMLStreamConstants.START_ELEMENT) {
                    String ns = reader.getNamespaceURI();
                    return new Root(ns == null ? "" : ns, reader.getLocalName(), at.getLineNumber(), at.getColumnNumber());
                }
            }
            return new Refused(InvoiceRules.notWellFormed(1, 1, "no root element"));
        } catch (XMLStreamException e) {
            return new Refused(notWellFormed(e));
        } finally {
            close(reader);
        }
    }

    /**
     * Streams a whole document (no DOM) to tell whether it is well-formed: a file whose root is not an invoice may
     * not be XML at all, and "not XML" is the clearer answer then.
     *
     * @return the well-formedness violation, or null when the document is well-formed
     */
    static RuleViolation wellFormedness(InputStream in) {
        XMLStreamReader reader = null;
        try {
            reader = secureFactory().createXMLStreamReader(in);
            while (reader.hasNext()) {
                if (reader.next() == XMLStreamConstants.DTD) {
                    Location at = reader.getLocation();
                    return InvoiceRules.doctype(at.getLineNumber(), at.getColumnNumber());
                }
            }
            return null;
        } catch (XMLStreamException e) {
            return notWellFormed(e);
        } finally {
            close(reader);
        }
    }

    private static XMLInputFactory secureFactory() {
        XMLInputFactory factory = XMLInputFactory.newDefaultFactory();
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        factory.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, true);
        return factory;
    }

    private static RuleViolation notWellFormed(XMLStreamException e) {
        Location at = e.getLocation();
        int line = at == null ? 1 : Math.max(1, at.getLineNumber());
        int column = at == null ? 1 : Math.max(1, at.getColumnNumber());
        return InvoiceRules.notWellFormed(line, column, parserMessage(e));
    }

    private static void close(XMLStreamReader reader) {
        if (reader != null) {
            try {
                reader.close();
            } catch (XMLStreamException ignored) {
                // the underlying stream is closed by the caller
            }
        }
    }

    /** The parser's own words, without the "ParseError at [row,col]" prefix the JDK adds (we give the location). */
    private static String parserMessage(XMLStreamException e) {
        String message = e.getMessage() == null ? e.toString() : e.getMessage();
        int cut = message.indexOf("Message: ");
        return cut >= 0 ? message.substring(cut + "Message: ".length()).trim() : message.trim();
    }
}
