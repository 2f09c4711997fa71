package fr.facteur.invoice;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import javax.xml.transform.Source;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.Schema;
import javax.xml.validation.SchemaFactory;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.xml.sax.SAXException;

import fr.facteur.platform.SecureXml;

/**
 * The official XSDs (UBL 2.1 from ph-ubl21, CII D16B from ph-cii-d16b), each set compiled once on first use and
 * kept: compiling UBL takes around half a second (its aggregate-components XSD alone is 2.4 MB), and a compiled
 * {@link Schema} is immutable and thread-safe, so every read shares it (each read makes its own validator).
 *
 * <p>UBL Invoice and CreditNote share their common components, so they are compiled together as one schema.
 */
@Component
public class InvoiceSchemas {

    private static final Logger log = LoggerFactory.getLogger(InvoiceSchemas.class);

    private enum SchemaSet {
        UBL_21(List.of("external/schemas/ubl21/maindoc/UBL-Invoice-2.1.xsd",
                "external/schemas/ubl21/maindoc/UBL-CreditNote-2.1.xsd")),
        CII_D16B(List.of("external/schemas/d16b/data/standard/CrossIndustryInvoice_100pD16B.xsd"));

        private final List<String> mainDocuments;

        SchemaSet(List<String> mainDocuments) {
            this.mainDocuments = mainDocuments;
        }

        static SchemaSet of(Syntax syntax) {
            return switch (syntax) {
                case UBL_INVOICE, UBL_CREDIT_NOTE -> UBL_21;
                case CII, FACTURX -> CII_D16B;
            };
        }
    }

    private final Map<SchemaSet, Schema> compiled = new ConcurrentHashMap<>();
    private final AtomicInteger compilations = new AtomicInteger();
    private final ClasspathSchemaResolver resolver = new ClasspathSchemaResolver(InvoiceSchemas.class.getClassLoader());

    /** The compiled schema that validates documents of {@code syntax}, compiled on first call. */
    public Schema schemaFor(Syntax syntax) {
        return compiled.computeIfAbsent(SchemaSet.of(syntax), this::compile);
    }

    /** How many schema sets this instance has compiled (at most one per set: a cache miss is a bug). */
    public int compilations() {
        return compilations.get();
    }

    private Schema compile(SchemaSet set) {
        long start = System.nanoTime();
        List<InputStream> opened = new ArrayList<>();
        try {
            SchemaFactory factory = SecureXml.schemaFactory();
            factory.setResourceResolver(resolver);
            Source[] sources = new Source[set.mainDocuments.size()];
            for (int i = 0; i < sources.length; i++) {
                String path = set.mainDocuments.get(i);
                InputStream in = resolver.open(path);
                opened.add(in);
                sources[i] = new StreamSource(in, ClasspathSchemaResolver.systemIdOf(path));
            }
            Schema schema = factory.newSchema(sources);
            compilations.incrementAndGet();
            log.info("Compiled the {} schema in {} ms", set, (System.nanoTime() - start) / 1_000_000);
            return schema;
        } catch (SAXException e) {
            throw new IllegalStateException("cannot compile the " + set + " XSD: " + e.getMessage(), e);
        } finally {
            for (InputStream in : opened) {
                try {
                    in.close();
                } catch (IOException ignored) {
                    // class-path stream, nothing to recover
                }
            }
        }
    }
}
