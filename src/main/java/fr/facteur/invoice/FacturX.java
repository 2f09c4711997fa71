package fr.facteur.invoice;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.cos.COSArray;
import org.apache.pdfbox.cos.COSBase;
import org.apache.pdfbox.cos.COSDictionary;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.io.IOUtils;
import org.apache.pdfbox.io.RandomAccessReadBufferedFile;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentCatalog;
import org.apache.pdfbox.pdmodel.PDDocumentNameDictionary;
import org.apache.pdfbox.pdmodel.common.PDMetadata;
import org.apache.pdfbox.pdmodel.common.PDNameTreeNode;
import org.apache.pdfbox.pdmodel.common.filespecification.PDComplexFileSpecification;
import org.apache.pdfbox.pdmodel.common.filespecification.PDEmbeddedFile;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import fr.facteur.platform.SecureXml;

/**
 * Opens a Factur-X invoice: a PDF/A-3 carrying its structured data as an embedded {@code factur-x.xml}.
 *
 * <p>Checked here, before any XML rule: the file is a PDF PDFBox can open ({@link InvoiceRules#PDF_UNREADABLE}), it
 * declares PDF/A-3 in its XMP metadata ({@code pdfaid:part=3}, {@link InvoiceRules#FACTURX_PDFA}), it embeds a
 * {@code factur-x.xml} ({@link InvoiceRules#FACTURX_NO_XML}) whose file specification says how it relates to the PDF
 * ({@code /AFRelationship} Data, Source or Alternative, {@link InvoiceRules#FACTURX_AF_RELATIONSHIP}), and that XML is
 * not larger than the reader's limit ({@link InvoiceRules#FACTURX_XML_TOO_LARGE}). A full PDF/A conformance check
 * (fonts, colour spaces...) is veraPDF's job and out of scope: Chorus Pro itself checks the declaration and the XML.
 *
 * <p>The PDF is read from disk with a temp-file-only stream cache (never loaded whole), and the XML is streamed to a
 * temporary file with a byte budget, so a hostile PDF cannot exhaust the heap.
 */
final class FacturX {

    /** Name of the embedded XML (Factur-X 1.0; ZUGFeRD 2.x uses the same). */
    static final String XML_NAME = "factur-x.xml";

    private static final String PDFAID = "http://www.aiim.org/pdfa/ns/id/";
    private static final String FX = "urn:factur-x:pdfa:CrossIndustryDocument:invoice:1p0#";
    private static final Set<String> AF_RELATIONSHIPS = Set.of("Data", "Source", "Alternative");
    private static final byte[] MAGIC = "%PDF-".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    /** What opening gave: the extracted XML (a temporary file the caller deletes), or the reasons it was refused. */
    sealed interface Outcome permits Extracted, Refused {
    }

    /** @param conformanceLevel the XMP fx:ConformanceLevel (BASIC, EN 16931, ...), null when absent */
    record Extracted(Path xml, String conformanceLevel) implements Outcome {
    }

    record Refused(List<RuleViolation> violations) implements Outcome {
    }

    private FacturX() {
    }

    /** True when the file starts like a PDF ({@code %PDF-}): the only way a PDF is told apart from an XML. */
    static boolean looksLikePdf(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] head = in.readNBytes(MAGIC.length);
            return java.util.Arrays.equals(head, MAGIC);
        }
    }

    static Outcome open(Path pdf, String fileName, long maxXmlSize) throws IOException {
        PDDocument document;
        try {
            document = Loader.loadPDF(new RandomAccessReadBufferedFile(pdf.toFile()), "",
                    IOUtils.createTempFileOnlyStreamCache());
        } catch (IOException | RuntimeException unreadable) {
            // PDFBox says why (no header, broken xref, encrypted...): a supplier's tool needs that reason
            return refused(InvoiceRules.pdfUnreadable(fileName, String.valueOf(unreadable.getMessage())));
        }
        try (document) {
            if (document.isEncrypted()) {
                return refused(InvoiceRules.pdfUnreadable(fileName, "encrypted PDF"));
            }
            PDDocumentCatalog catalog = document.getDocumentCatalog();
            List<RuleViolation> violations = new ArrayList<>();
            Xmp xmp = xmp(catalog.getMetadata());
            if (!"3".equals(xmp.part())) {
                violations.add(InvoiceRules.facturXPdfA(fileName, xmp.part()));
            }
            PDComplexFileSpecification spec = findXml(catalog);
            if (spec == null) {
                violations.add(InvoiceRules.facturXNoXml(fileName));
                return new Refused(violations);
            }
            String relationship = spec.getCOSObject().getNameAsString(COSName.getPDFName("AFRelationship"));
            if (relationship == null || !AF_RELATIONSHIPS.contains(relationship)) {
                violations.add(InvoiceRules.facturXAfRelationship(fileName, relationship));
            }
            if (!violations.isEmpty()) {
                return new Refused(violations);
            }
            PDEmbeddedFile embedded = embeddedFile(spec);
            if (embedded == null) {
                return refused(InvoiceRules.facturXNoXml(fileName));
            }
            Path xml = Files.createTempFile("facturx-", ".xml");
            try (InputStream in = embedded.createInputStream(); OutputStream out = Files.newOutputStream(xml)) {
                if (copyAtMost(in, out, maxXmlSize) > maxXmlSize) {
                    Files.deleteIfExists(xml);
                    return refused(InvoiceRules.facturXXmlTooLarge(fileName, maxXmlSize));
                }
            } catch (IOException | RuntimeException broken) {
                Files.deleteIfExists(xml);
                return refused(InvoiceRules.pdfUnreadable(fileName, "factur-x.xml cannot be decoded: "
                        + broken.getMessage()));
            }
            return new Extracted(xml, xmp.conformanceLevel());
        }
    }

    /** Copies up to limit + 1 bytes and returns how many were copied: more than limit means "too large". */
    private static long copyAtMost(InputStream in, OutputStream out, long limit) throws IOException {
        byte[] buffer = new byte[64 * 1024];
        long copied = 0;
        int n;
        while ((n = in.read(buffer)) != -1) {
            copied += n;
            if (copied > limit) {
                return copied;
            }
            out.write(buffer, 0, n);
        }
        return copied;
    }

    private static PDEmbeddedFile embeddedFile(PDComplexFileSpecification spec) {
        PDEmbeddedFile file = spec.getEmbeddedFileUnicode();
        return file != null ? file : spec.getEmbeddedFile();
    }

    /** The factur-x.xml file specification: in the EmbeddedFiles name tree, or else in the catalog's /AF array. */
    private static PDComplexFileSpecification findXml(PDDocumentCatalog catalog) throws IOException {
        PDDocumentNameDictionary names = catalog.getNames();
        if (names != null && names.getEmbeddedFiles() != null) {
            PDComplexFileSpecification found = findIn(names.getEmbeddedFiles(), 0);
            if (found != null) {
                return found;
            }
        }
        COSBase af = catalog.getCOSObject().getDictionaryObject(COSName.getPDFName("AF"));
        if (af instanceof COSArray array) {
            for (int i = 0; i < array.size(); i++) {
                if (array.getObject(i) instanceof COSDictionary dict) {
                    PDComplexFileSpecification spec = new PDComplexFileSpecification(dict);
                    if (isXml(spec)) {
                        return spec;
                    }
                }
            }
        }
        return null;
    }

    private static PDComplexFileSpecification findIn(PDNameTreeNode<PDComplexFileSpecification> node, int depth) throws IOException {
        if (depth > 16) {
            return null; // a name tree this deep is hostile, not an invoice
        }
        Map<String, PDComplexFileSpecification> files = node.getNames();
        if (files != null) {
            for (Map.Entry<String, PDComplexFileSpecification> entry : files.entrySet()) {
                if (XML_NAME.equalsIgnoreCase(entry.getKey()) || isXml(entry.getValue())) {
                    return entry.getValue();
                }
            }
        }
        List<PDNameTreeNode<PDComplexFileSpecification>> kids = node.getKids();
        if (kids != null) {
            for (PDNameTreeNode<PDComplexFileSpecification> kid : kids) {
                PDComplexFileSpecification found = findIn(kid, depth + 1);
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }

    private static boolean isXml(PDComplexFileSpecification spec) {
        return spec != null && (XML_NAME.equalsIgnoreCase(spec.getFileUnicode())
                || XML_NAME.equalsIgnoreCase(spec.getFilename()));
    }

    /** The two XMP facts needed: pdfaid:part and fx:ConformanceLevel (as element or as attribute, both are RDF). */
    private record Xmp(String part, String conformanceLevel) {
    }

    private static Xmp xmp(PDMetadata metadata) {
        if (metadata == null) {
            return new Xmp(null, null);
        }
        try (InputStream in = metadata.exportXMPMetadata()) {
            Document xmp = SecureXml.documentBuilder().parse(in);
            return new Xmp(property(xmp, PDFAID, "part"), property(xmp, FX, "ConformanceLevel"));
        } catch (Exception unreadable) {
            // unreadable metadata declares nothing: reported as "not PDF/A-3"
            return new Xmp(null, null);
        }
    }

    private static String property(Document xmp, String namespace, String name) {
        NodeList elements = xmp.getElementsByTagNameNS(namespace, name);
        if (elements.getLength() > 0) {
            return elements.item(0).getTextContent().trim();
        }
        NodeList all = xmp.getElementsByTagNameNS("*", "*");
        for (int i = 0; i < all.getLength(); i++) {
            Element e = (Element) all.item(i);
            if (e.hasAttributeNS(namespace, name)) {
                return e.getAttributeNS(namespace, name).trim();
            }
        }
        return null;
    }

    private static Refused refused(RuleViolation violation) {
        return new Refused(List.of(violation));
    }

    /** The Factur-X profiles a Chorus Pro E1/E2 invoice can use, by guideline id (BT-24), with their XMP name. */
    static final Map<String, String> PROFILES = Map.of(
            "urn:cen.eu:en16931:2017#compliant#urn:factur-x.eu:1p0:basic", "BASIC",
            "urn:cen.eu:en16931:2017", "EN 16931",
            "urn:cen.eu:en16931:2017#conformant#urn:factur-x.eu:1p0:extended", "EXTENDED");

    /** MINIMUM and BASIC WL: valid Factur-X, but not a complete EN 16931 invoice (no lines). */
    static final Map<String, String> PARTIAL_PROFILES = Map.of(
            "urn:factur-x.eu:1p0:minimum", "MINIMUM",
            "urn:factur-x.eu:1p0:basicwl", "BASIC WL");

    static String normalisedLevel(String level) {
        return level == null ? null : level.trim().toUpperCase(Locale.ROOT).replace('_', ' ');
    }
}
