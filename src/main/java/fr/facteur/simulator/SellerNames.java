package fr.facteur.simulator;

import java.nio.file.Path;
import java.util.Optional;

import javax.xml.namespace.NamespaceContext;
import javax.xml.xpath.XPath;
import javax.xml.xpath.XPathFactory;

import org.w3c.dom.Document;

import fr.facteur.invoice.Syntax;
import fr.facteur.platform.SecureXml;

/**
 * The supplier's name for CPPStatut Fournisseur/RaisonSociale, which the invoice facts do not carry: UBL
 * PartyLegalEntity/RegistrationName (else PartyName/Name), CII SellerTradeParty/Name. Best effort: any problem gives
 * no name, never an error (the file was already validated by the reader).
 */
final class SellerNames {

    private static final NamespaceContext NAMESPACES = new NamespaceContext() {
        @Override
        public String getNamespaceURI(String prefix) {
            return switch (prefix) {
                case "cac" -> "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2";
                case "cbc" -> "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2";
                case "rsm" -> "urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100";
                case "ram" -> "urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100";
                default -> null;
            };
        }

        @Override
        public String getPrefix(String namespaceURI) {
            throw new UnsupportedOperationException();
        }

        @Override
        public java.util.Iterator<String> getPrefixes(String namespaceURI) {
            throw new UnsupportedOperationException();
        }
    };

    private static final String UBL_PARTY = "/*/cac:AccountingSupplierParty/cac:Party/";
    private static final String CII_SELLER = "/rsm:CrossIndustryInvoice/rsm:SupplyChainTradeTransaction/"
            + "ram:ApplicableHeaderTradeAgreement/ram:SellerTradeParty/";

    /**
     * XPathFactory.newInstance() searches the class path's jars for a provider at each call (14 % of the simulator's
     * CPU in the throughput benchmark); a factory is not thread-safe, so one per thread.
     */
    private static final ThreadLocal<XPathFactory> XPATHS = ThreadLocal.withInitial(XPathFactory::newInstance);

    private SellerNames() {
    }

    static Optional<String> of(Path file, Syntax syntax) {
        if (syntax == null) {
            return Optional.empty();
        }
        try {
            Document document = SecureXml.documentBuilder().parse(file.toFile());
            XPath xpath = XPATHS.get().newXPath();
            xpath.setNamespaceContext(NAMESPACES);
            String name = syntax.isCii()
                    ? xpath.evaluate(CII_SELLER + "ram:Name", document)
                    : xpath.evaluate(UBL_PARTY + "cac:PartyLegalEntity/cbc:RegistrationName", document);
            if (name.isBlank() && !syntax.isCii()) {
                name = xpath.evaluate(UBL_PARTY + "cac:PartyName/cbc:Name", document);
            }
            return name.isBlank() ? Optional.empty() : Optional.of(name.trim());
        } catch (Exception bestEffort) {
            return Optional.empty();
        }
    }
}
