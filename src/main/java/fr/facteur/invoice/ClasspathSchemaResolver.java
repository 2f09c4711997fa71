package fr.facteur.invoice;

import java.io.InputStream;
import java.io.Reader;
import java.net.URI;
import java.util.Map;

import org.w3c.dom.ls.LSInput;
import org.w3c.dom.ls.LSResourceResolver;

/**
 * Resolves every schema document from the class path, never from the network or the file system.
 *
 * <p>Schema documents are named by synthetic {@code file:///<resource path>} system ids. They are never opened as
 * files: the bytes always come from the class loader. They exist so that relative imports ("../common/x.xsd")
 * resolve by plain URI arithmetic, so that the parser recognises a document it has already loaded, and so that JAXP's
 * external-schema protocol allow-list (which accepts "file") is satisfied whatever the packaging: target/classes, a
 * plain jar or Spring Boot's nested jars (whose "jar:nested:" URLs that allow-list would refuse).
 *
 * <p>UBL 2.1 imports XML-DSig, XAdES and the CCTS module by namespace only (no schemaLocation): those namespaces are
 * mapped to the XSDs of the ph-xsds jars that ph-ubl21 brings.
 */
final class ClasspathSchemaResolver implements LSResourceResolver {

    private static final Map<String, String> LOCATION_OF_NAMESPACE = Map.of(
            "http://www.w3.org/2000/09/xmldsig#", "schemas/xmldsig-core-schema.xsd",
            "http://uri.etsi.org/01903/v1.3.2#", "schemas/XAdES01903v132-201601.xsd",
            "http://uri.etsi.org/01903/v1.4.1#", "schemas/XAdES01903v141-201601.xsd",
            "urn:un:unece:uncefact:data:specification:CoreComponentTypeSchemaModule:2",
            "schemas/CCTS_CCT_SchemaModule.xsd");

    private final ClassLoader classLoader;

    ClasspathSchemaResolver(ClassLoader classLoader) {
        this.classLoader = classLoader;
    }

    /** The system id under which a class-path XSD is loaded. */
    static String systemIdOf(String resourcePath) {
        return "file:///" + resourcePath;
    }

    /** The bytes of a class-path XSD; fails clearly when a jar that should bring it is missing. */
    InputStream open(String resourcePath) {
        InputStream in = classLoader.getResourceAsStream(resourcePath);
        if (in == null) {
            throw new IllegalStateException("XSD not found on the class path: " + resourcePath
                    + " (ph-ubl21 / ph-cii-d16b and their ph-xsds dependencies must be present)");
        }
        return in;
    }

    @Override
    public LSInput resolveResource(String type, String namespaceURI, String publicId, String systemId, String baseURI) {
        String resourcePath;
        if (systemId == null || systemId.isBlank()) {
            resourcePath = LOCATION_OF_NAMESPACE.get(namespaceURI);
            if (resourcePath == null) {
                throw new IllegalStateException("schema import of namespace " + namespaceURI
                        + " without schemaLocation, and no class-path XSD is known for it");
            }
        } else {
            URI resolved = baseURI == null ? URI.create(systemId) : URI.create(baseURI).resolve(systemId);
            if (!"file".equals(resolved.getScheme())) {
                // an absolute http(s) location in an XSD: never fetched
                throw new IllegalStateException("schema document outside the class path refused: " + resolved);
            }
            resourcePath = resolved.getPath().replaceFirst("^/+", "");
        }
        return new ClasspathInput(publicId, systemIdOf(resourcePath), baseURI, open(resourcePath));
    }

    /** An LSInput over a class-path resource's bytes. */
    private static final class ClasspathInput implements LSInput {
        private String publicId;
        private String systemId;
        private String baseURI;
        private InputStream byteStream;

        ClasspathInput(String publicId, String systemId, String baseURI, InputStream byteStream) {
            this.publicId = publicId;
            this.systemId = systemId;
            this.baseURI = baseURI;
            this.byteStream = byteStream;
        }

        @Override public Reader getCharacterStream() { return null; }
        @Override public void setCharacterStream(Reader characterStream) { }
        @Override public InputStream getByteStream() { return byteStream; }
        @Override public void setByteStream(InputStream byteStream) { this.byteStream = byteStream; }
        @Override public String getStringData() { return null; }
        @Override public void setStringData(String stringData) { }
        @Override public String getSystemId() { return systemId; }
        @Override public void setSystemId(String systemId) { this.systemId = systemId; }
        @Override public String getPublicId() { return publicId; }
        @Override public void setPublicId(String publicId) { this.publicId = publicId; }
        @Override public String getBaseURI() { return baseURI; }
        @Override public void setBaseURI(String baseURI) { this.baseURI = baseURI; }
        @Override public String getEncoding() { return null; }
        @Override public void setEncoding(String encoding) { }
        @Override public boolean getCertifiedText() { return false; }
        @Override public void setCertifiedText(boolean certifiedText) { }
    }
}
