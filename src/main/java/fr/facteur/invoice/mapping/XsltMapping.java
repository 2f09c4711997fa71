package fr.facteur.invoice.mapping;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import javax.xml.XMLConstants;
import javax.xml.transform.ErrorListener;
import javax.xml.transform.Templates;
import javax.xml.transform.Transformer;
import javax.xml.transform.TransformerConfigurationException;
import javax.xml.transform.TransformerException;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import javax.xml.transform.stream.StreamSource;

import org.w3c.dom.Document;
import org.xml.sax.SAXException;

import fr.facteur.platform.SecureXml;

/**
 * Runs a tenant's XSLT (1.0, the JDK's engine) on a supplier's file and writes the result (UBL) to a file.
 *
 * <p>Security: the engine comes from {@link SecureXml} (no external DTD, stylesheet or document fetch) with secure
 * processing on, which also disables Java extension functions — a mapping is configuration, but it runs on supplier
 * bytes and must not reach the network or the JVM. The supplier's file is parsed by {@link SecureXml}'s hardened
 * parser (no DOCTYPE), never by the transformer's own.
 *
 * <p>Compiled stylesheets are cached by path and modification time: a tenant whose mapping file changes gets the new
 * one on its next file, without a restart, and nobody pays compilation twice.
 */
public class XsltMapping {

    /** Why a mapping failed, in the stylesheet's or parser's own words (it ends up in the supplier's report). */
    public static class MappingException extends Exception {
        private static final long serialVersionUID = 1L;

        MappingException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private record Compiled(FileTime modified, Templates templates) {
    }

    private final Map<Path, Compiled> cache = new ConcurrentHashMap<>();

    /**
     * Transforms {@code source} with the stylesheet {@code xslt} into {@code target}.
     *
     * @throws MappingException when the stylesheet does not compile, the source is not XML, or the stylesheet
     *                          stops with {@code xsl:message terminate="yes"} (the mapping's way to refuse a file)
     */
    public void transform(Path xslt, Path source, Path target) throws MappingException, IOException {
        Templates templates = compiled(xslt);
        Document input;
        try (InputStream in = Files.newInputStream(source)) {
            input = SecureXml.documentBuilder().parse(in);
        } catch (SAXException e) {
            throw new MappingException("the file is not well-formed XML: " + e.getMessage(), e);
        }
        Strict listener = new Strict();
        try (OutputStream out = Files.newOutputStream(target)) {
            Transformer transformer = templates.newTransformer();
            transformer.setErrorListener(listener);
            transformer.transform(new DOMSource(input, source.toUri().toString()), new StreamResult(out));
        } catch (TransformerException | RuntimeException e) {
            // xsl:message terminate="yes" reaches us as a bare "Termination forced" error: its text came before, as
            // a warning, and that text is what the supplier needs
            throw new MappingException(listener.messages.isEmpty() ? message(e) : String.join("; ", listener.messages),
                    e);
        }
    }

    /** Compiles (or reuses) a stylesheet; also used to check a tenant file's mapping when it is installed. */
    public Templates compiled(Path xslt) throws MappingException, IOException {
        Path key = xslt.toAbsolutePath().normalize();
        FileTime modified = Files.getLastModifiedTime(key);
        Compiled cached = cache.get(key);
        if (cached != null && cached.modified().equals(modified)) {
            return cached.templates();
        }
        try {
            TransformerFactory factory = SecureXml.transformerFactory();
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setErrorListener(new Strict());
            Templates templates = factory.newTemplates(new StreamSource(key.toFile()));
            cache.put(key, new Compiled(modified, templates));
            return templates;
        } catch (TransformerConfigurationException e) {
            throw new MappingException("the mapping " + key.getFileName() + " does not compile: " + message(e), e);
        }
    }

    private static String message(Exception e) {
        String message = e instanceof TransformerException te ? te.getMessageAndLocation() : e.getMessage();
        return message == null ? e.toString() : message;
    }

    /** Every error is fatal: a half-mapped invoice must never be validated, let alone sent. */
    private static final class Strict implements ErrorListener {
        private final java.util.List<String> messages = new java.util.ArrayList<>();

        @Override
        public void warning(TransformerException e) {
            // xsl:message output arrives here; it does not stop a mapping unless terminate="yes" follows
            if (e.getMessage() != null && messages.size() < 10) {
                messages.add(e.getMessage().strip());
            }
        }

        @Override
        public void error(TransformerException e) throws TransformerException {
            throw e;
        }

        @Override
        public void fatalError(TransformerException e) throws TransformerException {
            throw e;
        }
    }
}
