package fr.facteur.platform;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.transform.TransformerFactory;
import javax.xml.validation.SchemaFactory;

import org.xml.sax.SAXException;

/**
 * XML factories hardened against hostile input: no DTD at all (so no external entities and no entity expansion),
 * no external schema or stylesheet fetches, JAXP secure processing limits on. Every XML read in Facteur goes
 * through here.
 */
public final class SecureXml {

    /**
     * Configured once: DocumentBuilderFactory.newInstance() searches the classpath's jars for a provider on every
     * call, which the throughput benchmark's profile showed among the gateway's top costs.
     */
    private static final DocumentBuilderFactory DOCUMENT_BUILDERS = secureDocumentBuilderFactory();

    private SecureXml() {
    }

    public static DocumentBuilder documentBuilder() {
        try {
            DocumentBuilder builder;
            // a factory's thread safety is not specified: builders are made one at a time (cheap), then used freely
            synchronized (DOCUMENT_BUILDERS) {
                builder = DOCUMENT_BUILDERS.newDocumentBuilder();
            }
            builder.setErrorHandler(null);
            return builder;
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException("XML parser cannot be secured", e);
        }
    }

    private static DocumentBuilderFactory secureDocumentBuilderFactory() {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setNamespaceAware(true);
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            f.setFeature("http://xml.org/sax/features/external-general-entities", false);
            f.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
            f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
            f.setXIncludeAware(false);
            f.setExpandEntityReferences(false);
            f.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            f.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
            return f;
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException("XML parser cannot be secured", e);
        }
    }

    /**
     * A schema factory that may only resolve schema imports from the classpath ("jar:" / "file:" URLs of our own
     * resources), never from the network.
     */
    public static SchemaFactory schemaFactory() {
        try {
            SchemaFactory f = SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI);
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            f.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "file,jar:file,jar");
            return f;
        } catch (SAXException e) {
            throw new IllegalStateException("schema factory cannot be secured", e);
        }
    }

    public static TransformerFactory transformerFactory() {
        // the JDK's own engine, not whichever XSLT engine is on the classpath (Saxon is, for EN 16931)
        TransformerFactory f = TransformerFactory.newDefaultInstance();
        f.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        f.setAttribute(XMLConstants.ACCESS_EXTERNAL_STYLESHEET, "");
        return f;
    }
}
