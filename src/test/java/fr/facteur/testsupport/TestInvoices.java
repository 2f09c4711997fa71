package fr.facteur.testsupport;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

import fr.facteur.platform.SecureXml;

/** Sample invoices of the repository (samples/), given a fresh number or another seller for a test. */
public final class TestInvoices {

    private static final String CBC = "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2";
    private static final String RSM = "urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100";
    private static final String RAM = "urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100";

    private TestInvoices() {
    }

    public static byte[] sample(String name) {
        try {
            return Files.readAllBytes(Path.of("samples").resolve(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The sample with its invoice number (BT-1) replaced. */
    public static byte[] withNumber(String sample, String number) {
        try {
            Document doc = SecureXml.documentBuilder().parse(new ByteArrayInputStream(sample(sample)));
            Element root = doc.getDocumentElement();
            Element id = RSM.equals(root.getNamespaceURI())
                    ? firstChild(firstChild(root, RSM, "ExchangedDocument"), RAM, "ID")
                    : firstChild(root, CBC, "ID");
            id.setTextContent(number);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            SecureXml.transformerFactory().newTransformer().transform(new DOMSource(doc), new StreamResult(out));
            return out.toByteArray();
        } catch (Exception e) {
            throw new IllegalStateException("cannot renumber " + sample, e);
        }
    }

    /** The sample with its number replaced and addressed to another recipient (its buyer SIRET everywhere). */
    public static byte[] withNumberAndBuyer(String sample, String number, String buyerSiret) {
        String xml = new String(withNumber(sample, number), java.nio.charset.StandardCharsets.UTF_8);
        return xml.replace("11000201100044", buyerSiret).getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    private static Element firstChild(Element parent, String ns, String localName) {
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && ns.equals(e.getNamespaceURI()) && localName.equals(e.getLocalName())) {
                return e;
            }
        }
        throw new IllegalArgumentException("no " + localName + " under " + parent.getLocalName());
    }

    /**
     * The sample with n lines of 10.00 EUR at 20 % VAT instead of its two, totals recomputed so that the EN 16931
     * rules still pass (the invoice must be accepted for its cost to count).
     */
    public static String withLines(String xml, int n) {
        int first = xml.indexOf("<cac:InvoiceLine>");
        int end = xml.lastIndexOf("</Invoice>");
        StringBuilder lines = new StringBuilder();
        for (int i = 1; i <= n; i++) {
            lines.append("""
                    <cac:InvoiceLine>
                      <cbc:ID>%d</cbc:ID>
                      <cbc:InvoicedQuantity unitCode="H87">1</cbc:InvoicedQuantity>
                      <cbc:LineExtensionAmount currencyID="EUR">10.00</cbc:LineExtensionAmount>
                      <cac:Item>
                        <cbc:Name>Article de benchmark numéro %d</cbc:Name>
                        <cac:SellersItemIdentification>
                          <cbc:ID>BENCH-%d</cbc:ID>
                        </cac:SellersItemIdentification>
                        <cac:ClassifiedTaxCategory>
                          <cbc:ID>S</cbc:ID>
                          <cbc:Percent>20</cbc:Percent>
                          <cac:TaxScheme>
                            <cbc:ID>VAT</cbc:ID>
                          </cac:TaxScheme>
                        </cac:ClassifiedTaxCategory>
                      </cac:Item>
                      <cac:Price>
                        <cbc:PriceAmount currencyID="EUR">10.00</cbc:PriceAmount>
                      </cac:Price>
                    </cac:InvoiceLine>
                    """.formatted(i, i, i));
        }
        String head = xml.substring(0, first)
                .replace(">485.00<", ">" + amount(n * 1000L) + "<")
                .replace(">97.00<", ">" + amount(n * 200L) + "<")
                .replace(">582.00<", ">" + amount(n * 1200L) + "<");
        return head + lines + xml.substring(end);
    }

    private static String amount(long cents) {
        return String.format(java.util.Locale.ROOT, "%d.%02d", cents / 100, cents % 100);
    }
}
