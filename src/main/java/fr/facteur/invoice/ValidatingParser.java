package fr.facteur.invoice;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

import javax.xml.XMLConstants;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.parsers.SAXParserFactory;
import javax.xml.transform.TransformerConfigurationException;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMResult;
import javax.xml.transform.sax.SAXTransformerFactory;
import javax.xml.transform.sax.TransformerHandler;
import javax.xml.validation.Schema;
import javax.xml.validation.ValidatorHandler;

import org.w3c.dom.Document;
import org.xml.sax.ErrorHandler;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.SAXNotRecognizedException;
import org.xml.sax.SAXNotSupportedException;
import org.xml.sax.SAXParseException;
import org.xml.sax.XMLReader;

/**
 * Parses a document once, validating it against its XSD while building its DOM.
 *
 * <p>Why one pass, SAX parser → {@link ValidatorHandler} → DOM builder, rather than validating a DOMSource or
 * validating a stream and then parsing again:
 * <ul>
 * <li>every XSD error keeps its line:column, because the validator sees the parser's locator (a DOMSource has no
 * locations, so its errors could not tell the accountant where to look);</li>
 * <li>the file is read and parsed once, not twice (invoices go up to {@code facteur.invoice.max-size});</li>
 * <li>the DOM exists even when the document is XSD-invalid, so the rejection can still name the invoice number.</li>
 * </ul>
 *
 * <p>The SAX parser is hardened like {@code SecureXml}'s factories (no DOCTYPE at all, no external entities or DTD,
 * secure processing limits): the root peek has already refused any DOCTYPE, this is defence in depth. The compiled
 * {@link Schema} is built from fixed class-path sources, so instance hints (xsi:schemaLocation) are never followed.
 */
final class ValidatingParser {

    /** Beyond this many XSD errors the parse stops: a pathological file must not build an unbounded report. */
    static final int MAX_XSD_ERRORS = 1000;

    /** Deepest element nesting accepted ({@link InvoiceRules#XML_DEPTH} beyond). */
    static final int MAX_DEPTH = 100;

    /**
     * @param document   the DOM, null when the file is not well-formed or the error limit was reached
     * @param violations the well-formedness error (alone) or every XSD error; empty when valid
     */
    record Result(Document document, List<RuleViolation> violations) {
    }

    private ValidatingParser() {
    }

    static Result parse(InputStream in, Schema schema, Syntax syntax) throws IOException {
        XsdErrors xsdErrors = new XsdErrors(syntax);
        DOMResult dom = new DOMResult();
        try {
            ValidatorHandler validator = schema.newValidatorHandler();
            validator.setErrorHandler(xsdErrors);
            secureProperty(validator, XMLConstants.ACCESS_EXTERNAL_DTD);
            secureProperty(validator, XMLConstants.ACCESS_EXTERNAL_SCHEMA);
            validator.setContentHandler(domBuilder(dom));

            XMLReader reader = new DepthLimit(secureReader());
            reader.setContentHandler(validator);
            reader.setErrorHandler(new StrictParserErrors());
            reader.parse(new InputSource(in));
        } catch (TooManyErrors e) {
            return new Result(null, xsdErrors.violations);
        } catch (TooDeep e) {
            return new Result(null, List.of(InvoiceRules.tooDeep(e.line, e.column, MAX_DEPTH)));
        } catch (SAXParseException e) {
            if (e instanceof ValidationFatal) {
                return new Result(null, xsdErrors.violations);
            }
            return new Result(null, List.of(InvoiceRules.notWellFormed(Math.max(1, e.getLineNumber()),
                    Math.max(1, e.getColumnNumber()), e.getMessage())));
        } catch (SAXException e) {
            return new Result(null, List.of(InvoiceRules.notWellFormed(1, 1, e.getMessage())));
        }
        return new Result((Document) dom.getNode(), xsdErrors.violations);
    }

    private static XMLReader secureReader() throws SAXException {
        try {
            SAXParserFactory factory = SAXParserFactory.newDefaultInstance();
            factory.setNamespaceAware(true);
            factory.setValidating(false);
            factory.setXIncludeAware(false);
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setFeature("http://xml.org/sax/features/external-general-entities", false);
            factory.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
            factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
            XMLReader reader = factory.newSAXParser().getXMLReader();
            reader.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            reader.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
            return reader;
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException("XML parser cannot be secured", e);
        }
    }

    private static void secureProperty(ValidatorHandler validator, String property) {
        try {
            validator.setProperty(property, "");
        } catch (SAXNotRecognizedException | SAXNotSupportedException e) {
            throw new IllegalStateException("XSD validator cannot be secured (" + property + ")", e);
        }
    }

    private static TransformerHandler domBuilder(DOMResult result) {
        // the JDK's own factory, named explicitly: Saxon (on the class path for the EN 16931 rules) registers itself
        // as the JAXP default, and this identity step needs no XSLT 2.0 engine; secured as SecureXml does
        TransformerFactory factory = TransformerFactory.newDefaultInstance();
        factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_STYLESHEET, "");
        if (!(factory instanceof SAXTransformerFactory saxFactory)) {
            throw new IllegalStateException("the XML transformer factory cannot build a DOM from SAX events: "
                    + factory.getClass().getName());
        }
        try {
            TransformerHandler handler = saxFactory.newTransformerHandler();
            handler.setResult(result);
            return handler;
        } catch (TransformerConfigurationException e) {
            throw new IllegalStateException("cannot build a DOM from SAX events", e);
        }
    }

    /** Well-formedness problems end the parse at the first one: the rest of the file cannot be trusted. */
    private static final class StrictParserErrors implements ErrorHandler {
        @Override
        public void warning(SAXParseException e) {
            // parser warnings (none expected without a DTD) do not make a file unusable
        }

        @Override
        public void error(SAXParseException e) throws SAXException {
            throw e;
        }

        @Override
        public void fatalError(SAXParseException e) throws SAXException {
            throw e;
        }
    }

    /** Collects every XSD error with its line:column, up to {@link #MAX_XSD_ERRORS}. */
    private static final class XsdErrors implements ErrorHandler {
        private final Syntax syntax;
        private final List<RuleViolation> violations = new ArrayList<>();

        XsdErrors(Syntax syntax) {
            this.syntax = syntax;
        }

        @Override
        public void warning(SAXParseException e) {
            // XSD warnings are not errors: the document is valid
        }

        @Override
        public void error(SAXParseException e) throws SAXException {
            if (violations.size() == MAX_XSD_ERRORS) {
                violations.add(InvoiceRules.xsdTruncated(syntax, MAX_XSD_ERRORS));
                throw new TooManyErrors();
            }
            violations.add(InvoiceRules.xsd(syntax, e.getLineNumber(), e.getColumnNumber(), e.getMessage()));
        }

        @Override
        public void fatalError(SAXParseException e) throws SAXException {
            violations.add(InvoiceRules.xsd(syntax, e.getLineNumber(), e.getColumnNumber(), e.getMessage()));
            throw new ValidationFatal(e);
        }
    }

    /**
     * Refuses elements nested deeper than {@link #MAX_DEPTH} as soon as the parser meets one: the JDK parser has no
     * depth limit by default, and a DOM (and the XSLT run on it) of a million nested elements would exhaust the
     * stack or the heap. A real invoice nests about fifteen levels.
     */
    private static final class DepthLimit extends org.xml.sax.helpers.XMLFilterImpl {
        private org.xml.sax.Locator locator;
        private int depth;

        DepthLimit(XMLReader parent) {
            super(parent);
        }

        @Override
        public void setDocumentLocator(org.xml.sax.Locator locator) {
            this.locator = locator;
            super.setDocumentLocator(locator);
        }

        @Override
        public void startElement(String uri, String localName, String qName, org.xml.sax.Attributes atts)
                throws SAXException {
            if (++depth > MAX_DEPTH) {
                throw new TooDeep(locator == null ? 1 : locator.getLineNumber(),
                        locator == null ? 1 : locator.getColumnNumber());
            }
            super.startElement(uri, localName, qName, atts);
        }

        @Override
        public void endElement(String uri, String localName, String qName) throws SAXException {
            depth--;
            super.endElement(uri, localName, qName);
        }
    }

    private static final class TooDeep extends SAXException {
        private static final long serialVersionUID = 1L;
        private final int line;
        private final int column;

        TooDeep(int line, int column) {
            super("too deep");
            this.line = line;
            this.column = column;
        }
    }

    /** Stops the parse once the error limit is reached. */
    private static final class TooManyErrors extends SAXException {
        private static final long serialVersionUID = 1L;
    }

    /** A fatal error raised by the validator (already recorded as an XSD violation), not by the parser. */
    private static final class ValidationFatal extends SAXParseException {
        private static final long serialVersionUID = 1L;

        ValidationFatal(SAXParseException cause) {
            super(cause.getMessage(), cause.getPublicId(), cause.getSystemId(), cause.getLineNumber(),
                    cause.getColumnNumber(), cause);
        }
    }
}
