package fr.facteur.testsupport;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

import org.apache.pdfbox.cos.COSArray;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentCatalog;
import org.apache.pdfbox.pdmodel.PDDocumentNameDictionary;
import org.apache.pdfbox.pdmodel.PDEmbeddedFilesNameTreeNode;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.common.PDMetadata;
import org.apache.pdfbox.pdmodel.common.filespecification.PDComplexFileSpecification;
import org.apache.pdfbox.pdmodel.common.filespecification.PDEmbeddedFile;

/**
 * Builds Factur-X PDFs at test time with PDFBox: a PDF/A-3 declaration in XMP, an embedded factur-x.xml with its
 * /AFRelationship, both optional, so that each check of the reader can be failed on its own. (A real PDF/A also needs
 * embedded fonts and an output intent; the gateway checks the declaration and the attachment, as Chorus Pro does.)
 */
public final class FacturXPdfs {

    private Integer pdfaPart = 3;
    private String conformanceLevel = "EN 16931";
    private byte[] xml;
    private String afRelationship = "Alternative";
    private boolean compressed;

    private FacturXPdfs(byte[] xml) {
        this.xml = xml;
    }

    /** A Factur-X PDF/A-3 embedding {@code xml} (EN 16931 profile, AFRelationship Alternative). */
    public static FacturXPdfs embedding(String xml) {
        return new FacturXPdfs(xml.getBytes(StandardCharsets.UTF_8));
    }

    /** A plain PDF: no XMP declaration, nothing embedded. */
    public static FacturXPdfs plain() {
        FacturXPdfs pdf = new FacturXPdfs(null);
        pdf.pdfaPart = null;
        return pdf;
    }

    /** Declares PDF/A-{part} (null: no XMP metadata at all). */
    public FacturXPdfs pdfaPart(Integer part) {
        this.pdfaPart = part;
        return this;
    }

    public FacturXPdfs conformanceLevel(String level) {
        this.conformanceLevel = level;
        return this;
    }

    /** The embedded file's /AFRelationship (null: none). */
    public FacturXPdfs afRelationship(String relationship) {
        this.afRelationship = relationship;
        return this;
    }

    /** Stores the XML Flate-compressed (a large XML in a small PDF). */
    public FacturXPdfs compressed() {
        this.compressed = true;
        return this;
    }

    public Path writeTo(Path file) {
        try (PDDocument document = new PDDocument()) {
            document.addPage(new PDPage());
            PDDocumentCatalog catalog = document.getDocumentCatalog();
            if (pdfaPart != null) {
                PDMetadata metadata = new PDMetadata(document);
                metadata.importXMPMetadata(xmp().getBytes(StandardCharsets.UTF_8));
                catalog.setMetadata(metadata);
            }
            if (xml != null) {
                PDEmbeddedFile embedded = compressed
                        ? new PDEmbeddedFile(document, new ByteArrayInputStream(xml), COSName.FLATE_DECODE)
                        : new PDEmbeddedFile(document, new ByteArrayInputStream(xml));
                embedded.setSubtype("text/xml");
                embedded.setSize(xml.length);
                PDComplexFileSpecification spec = new PDComplexFileSpecification();
                spec.setFile("factur-x.xml");
                spec.setFileUnicode("factur-x.xml");
                spec.setEmbeddedFile(embedded);
                spec.setEmbeddedFileUnicode(embedded);
                if (afRelationship != null) {
                    spec.getCOSObject().setName(COSName.getPDFName("AFRelationship"), afRelationship);
                }
                PDEmbeddedFilesNameTreeNode tree = new PDEmbeddedFilesNameTreeNode();
                tree.setNames(Map.of("factur-x.xml", spec));
                PDDocumentNameDictionary names = new PDDocumentNameDictionary(catalog);
                names.setEmbeddedFiles(tree);
                catalog.setNames(names);
                COSArray af = new COSArray();
                af.add(spec);
                catalog.getCOSObject().setItem(COSName.getPDFName("AF"), af);
            }
            document.save(file.toFile());
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String xmp() {
        String fx = conformanceLevel == null ? "" : """
                  <rdf:Description rdf:about="" xmlns:fx="urn:factur-x:pdfa:CrossIndustryDocument:invoice:1p0#">
                   <fx:DocumentType>INVOICE</fx:DocumentType>
                   <fx:DocumentFileName>factur-x.xml</fx:DocumentFileName>
                   <fx:Version>1.0</fx:Version>
                   <fx:ConformanceLevel>%s</fx:ConformanceLevel>
                  </rdf:Description>
                """.formatted(conformanceLevel);
        return """
                <?xpacket begin="\uFEFF" id="W5M0MpCehiHzreSzNTczkc9d"?>
                <x:xmpmeta xmlns:x="adobe:ns:meta/">
                 <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
                  <rdf:Description rdf:about="" xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/">
                   <pdfaid:part>%d</pdfaid:part>
                   <pdfaid:conformance>B</pdfaid:conformance>
                  </rdf:Description>
                %s </rdf:RDF>
                </x:xmpmeta>
                <?xpacket end="w"?>
                """.formatted(pdfaPart, fx);
    }
}
