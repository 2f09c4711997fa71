package fr.facteur.invoice;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.w3c.dom.Document;

import net.sf.saxon.Configuration;
import net.sf.saxon.lib.Feature;
import net.sf.saxon.lib.ResourceResolver;
import net.sf.saxon.lib.UnparsedTextURIResolver;
import net.sf.saxon.s9api.Processor;
import net.sf.saxon.s9api.QName;
import net.sf.saxon.s9api.SaxonApiException;
import net.sf.saxon.s9api.XdmDestination;
import net.sf.saxon.s9api.XdmNode;
import net.sf.saxon.s9api.XdmNodeKind;
import net.sf.saxon.s9api.XsltCompiler;
import net.sf.saxon.s9api.XsltExecutable;
import net.sf.saxon.s9api.Xslt30Transformer;
import net.sf.saxon.s9api.streams.Steps;
import net.sf.saxon.trans.XPathException;

/**
 * The EN 16931 business rules (BR-*, BR-CO-*, BR-S-*, ...), run from the official CEN schematron compiled to XSLT
 * as shipped in phive-rules-en16931: the rules are data from the jar, never re-implemented here.
 *
 * <p>Each stylesheet (one for UBL, one for CII) is compiled once on first use with Saxon-HE and kept: compiling takes
 * seconds, and an {@link XsltExecutable} is immutable and thread-safe, so every read shares it (each run makes its
 * own transformer). Every failed assert flagged fatal (or not flagged) becomes a {@link RuleViolation} whose id is the
 * assert id; warnings are not rejections.
 *
 * <p>Secure processing: the stylesheets come from the class path, and no document they could name is ever read —
 * {@code document()}, {@code doc()}, {@code unparsed-text()} and {@code xsl:include} resolvers all refuse, no URI
 * scheme is allowed, and Saxon-HE has no reflexive Java extension functions.
 */
public class En16931Schematron {

    private static final Logger log = LoggerFactory.getLogger(En16931Schematron.class);

    /** The CEN release used: the latest one in phive-rules-en16931 4.3.7. */
    static final String CEN_VERSION = "1.3.16";

    private static final String SVRL = "http://purl.oclc.org/dsdl/svrl";
    private static final QName ID = new QName("id");
    private static final QName FLAG = new QName("flag");
    private static final QName LOCATION = new QName("location");
    private static final QName TEXT = new QName(SVRL, "text");
    /** A step of a schematron location: {@code *:Invoice[namespace-uri()='urn:...'][1]}. */
    private static final Pattern LOCATION_STEP = Pattern.compile("\\*:([\\w.-]+)\\[namespace-uri\\(\\)='([^']*)'\\]");

    private enum Stylesheet {
        UBL("external/schematron/" + CEN_VERSION + "/ubl/EN16931-UBL-validation.xslt"),
        CII("external/schematron/" + CEN_VERSION + "/cii/EN16931-CII-validation.xslt");

        private final String resource;

        Stylesheet(String resource) {
            this.resource = resource;
        }

        static Stylesheet of(Syntax syntax) {
            return switch (syntax) {
                case UBL_INVOICE, UBL_CREDIT_NOTE -> UBL;
                case CII, FACTURX -> CII;
            };
        }
    }

    private final Processor processor = secureProcessor();
    private final Map<Stylesheet, XsltExecutable> compiled = new ConcurrentHashMap<>();
    private final AtomicInteger compilations = new AtomicInteger();

    /**
     * One failed assert of the schematron report.
     *
     * @param flag fatal, warning, ... (empty when the rule has none, which counts as fatal)
     */
    record FailedAssert(String id, String flag, String location, String text) {

        boolean rejects() {
            return flag.isEmpty() || "fatal".equals(flag);
        }
    }

    /** Every EN 16931 fatal rule the document fails, in the order of the schematron report. */
    public List<RuleViolation> check(Document document, Syntax syntax) {
        List<RuleViolation> violations = new ArrayList<>();
        for (FailedAssert failed : report(document, syntax)) {
            if (failed.rejects()) { // warnings and information do not reject an invoice
                violations.add(InvoiceRules.en16931(failed.id(), failed.location(), failed.text()));
            }
        }
        return violations;
    }

    /** Every failed assert of the schematron report, warnings included. */
    List<FailedAssert> report(Document document, Syntax syntax) {
        XsltExecutable executable = compiled.computeIfAbsent(Stylesheet.of(syntax), this::compile);
        try {
            // the DOM is copied into Saxon's tree once: its XPath engine is far faster there than over a DOM wrapper
            XdmNode source = processor.newDocumentBuilder().build(new DOMSource(document));
            Xslt30Transformer transformer = executable.load30();
            transformer.setResourceResolver(REFUSE);
            transformer.setUnparsedTextResolver(REFUSE_TEXT);
            XdmDestination report = new XdmDestination();
            transformer.applyTemplates(source, report);
            return failedAsserts(report.getXdmNode());
        } catch (SaxonApiException e) {
            throw new IllegalStateException("the EN 16931 " + syntax.format() + " rules could not run: "
                    + e.getMessage(), e);
        }
    }

    /** How many stylesheets this instance has compiled (at most one per syntax family: a cache miss is a bug). */
    public int compilations() {
        return compilations.get();
    }

    private static List<FailedAssert> failedAsserts(XdmNode svrl) {
        List<FailedAssert> failed = new ArrayList<>();
        svrl.select(Steps.descendant(SVRL, "failed-assert")).forEach(assertion -> {
            String id = assertion.getAttributeValue(ID);
            String flag = assertion.getAttributeValue(FLAG);
            StringBuilder text = new StringBuilder();
            for (XdmNode child : assertion.children()) {
                if (child.getNodeKind() == XdmNodeKind.ELEMENT && TEXT.equals(child.getNodeName())) {
                    text.append(child.getStringValue());
                }
            }
            failed.add(new FailedAssert(id == null ? "EN16931" : id.strip(), flag == null ? "" : flag.strip(),
                    readableLocation(assertion.getAttributeValue(LOCATION)),
                    text.toString().replaceAll("\\s+", " ").strip()));
        });
        return failed;
    }

    /**
     * {@code /*:Invoice[namespace-uri()='urn:oasis:...:Invoice-2'][1]/*:LegalMonetaryTotal[namespace-uri()=...][1]}
     * becomes {@code /Invoice[1]/cac:LegalMonetaryTotal[1]}: the same XPath, with the prefixes an accountant's tools
     * show.
     */
    static String readableLocation(String location) {
        if (location == null) {
            return "";
        }
        Matcher m = LOCATION_STEP.matcher(location);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String prefix = prefixOf(m.group(2));
            m.appendReplacement(out, Matcher.quoteReplacement(prefix == null ? m.group(1) : prefix + ":" + m.group(1)));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static String prefixOf(String namespace) {
        for (Map.Entry<String, String> ns : DomPath.NAMESPACES.entrySet()) {
            if (ns.getValue().equals(namespace)) {
                return ns.getKey();
            }
        }
        return null; // the root's own namespace (Invoice-2, CreditNote-2): no prefix, as in FactsExtractor's paths
    }

    private XsltExecutable compile(Stylesheet stylesheet) {
        long start = System.nanoTime();
        try (InputStream in = En16931Schematron.class.getClassLoader().getResourceAsStream(stylesheet.resource)) {
            if (in == null) {
                throw new IllegalStateException(stylesheet.resource + " is not on the class path (phive-rules-en16931)");
            }
            XsltCompiler compiler = processor.newXsltCompiler();
            compiler.setResourceResolver(REFUSE);
            XsltExecutable executable = compiler.compile(new StreamSource(in, "classpath:/" + stylesheet.resource));
            compilations.incrementAndGet();
            log.info("Compiled the EN 16931 {} rules ({}) in {} ms", stylesheet, CEN_VERSION,
                    (System.nanoTime() - start) / 1_000_000);
            return executable;
        } catch (IOException | SaxonApiException e) {
            throw new IllegalStateException("cannot compile the EN 16931 " + stylesheet + " rules: " + e.getMessage(), e);
        }
    }

    private static Processor secureProcessor() {
        Processor processor = new Processor(false);
        Configuration config = processor.getUnderlyingConfiguration();
        // no URI scheme at all: nothing outside the stylesheet and the invoice may be read
        processor.setConfigurationProperty(Feature.ALLOWED_PROTOCOLS, "");
        processor.setConfigurationProperty(Feature.ALLOW_EXTERNAL_FUNCTIONS, false);
        config.setResourceResolver(REFUSE);
        config.setUnparsedTextURIResolver(REFUSE_TEXT);
        return processor;
    }

    /** Answers every request for a resource (document(), doc(), xsl:include, ...) with a refusal. */
    private static final ResourceResolver REFUSE = request -> {
        throw new XPathException("external resource access refused: " + request.uri);
    };

    private static final UnparsedTextURIResolver REFUSE_TEXT = new UnparsedTextURIResolver() {
        @Override
        public Reader resolve(URI absoluteURI, String encoding, Configuration config) throws XPathException {
            throw new XPathException("external text access refused: " + absoluteURI);
        }
    };
}
