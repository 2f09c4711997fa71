package fr.facteur.invoice;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

import fr.facteur.invoice.mapping.XsltMapping;
import fr.facteur.tenant.Tenant;

/**
 * Understands a supplier's file: detects the syntax, validates it against its XSD with secure XML processing,
 * extracts {@link InvoiceFacts}, checks that the seller is the sending tenant, then runs the EN 16931 business rules
 * ({@link En16931Schematron}) and the Chorus Pro B2G rules ({@code ChorusProRules}) on the same parsed document.
 *
 * <p>The stages and the rule ids they produce are listed in {@link InvoiceRules}. A file the supplier got wrong is
 * answered with an {@link Understanding} carrying the violations; only a file that cannot be read at all (I/O)
 * throws. Thread-safe: the compiled schemas are shared, everything else is made per call.
 */
@Component
public class InvoiceReader {

    private final long maxSize;
    private final InvoiceSchemas schemas;
    private final En16931Schematron en16931;
    private final XsltMapping mapping = new XsltMapping();

    /**
     * A reader with its own EN 16931 stylesheet cache, compiled on first use. The reader is a singleton, so the
     * application compiles each stylesheet once; the cache is not a bean of its own so that every context that
     * imports {@link InvoiceReader} and {@link InvoiceSchemas} keeps working unchanged.
     */
    @Autowired
    public InvoiceReader(InvoiceProperties properties, InvoiceSchemas schemas) {
        this(properties, schemas, new En16931Schematron());
    }

    /** A reader sharing {@code en16931}'s compiled stylesheets (tests and benchmarks share one across readers). */
    public InvoiceReader(InvoiceProperties properties, InvoiceSchemas schemas, En16931Schematron en16931) {
        this.maxSize = properties.maxSize().toBytes();
        this.schemas = schemas;
        this.en16931 = en16931;
    }

    /** Reads a file sent by {@code tenant}: syntax, XSD, facts, the tenant's accepted formats and seller SIRET. */
    public Understanding read(Path file, Tenant tenant) {
        return understand(file, Objects.requireNonNull(tenant, "tenant"));
    }

    /** Reads a file with no tenant context (syntax, XSD, facts): used by the Chorus Pro simulator. */
    public Understanding read(Path file) {
        return understand(file, null);
    }

    /** The schema cache, for monitoring and tests. */
    public InvoiceSchemas schemas() {
        return schemas;
    }

    /** The EN 16931 stylesheet cache, for monitoring and tests. */
    public En16931Schematron en16931() {
        return en16931;
    }

    private Understanding understand(Path file, Tenant tenantOrNull) {
        String fileName = String.valueOf(file.getFileName());
        try {
            long size = Files.size(file);
            if (size > maxSize) {
                return Understanding.rejected(null, List.of(InvoiceRules.fileTooLarge(fileName, size, maxSize)));
            }
            // a PDF is told by its first bytes, or by its name when it is broken: "a PDF that is not a PDF" is
            // answered as an unreadable PDF, not as malformed XML
            if (FacturX.looksLikePdf(file) || fileName.toLowerCase(Locale.ROOT).endsWith(".pdf")) {
                return understandPdf(file, fileName, tenantOrNull);
            }
            return understandXml(file, fileName, tenantOrNull, null, true);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /** Factur-X: the PDF/A-3 checks, then its factur-x.xml read as CII; the PDF is what will be deposited. */
    private Understanding understandPdf(Path pdf, String fileName, Tenant tenantOrNull) throws IOException {
        if (tenantOrNull != null && !tenantOrNull.formats().contains(Syntax.FACTURX.format())) {
            return Understanding.rejected(null,
                    List.of(InvoiceRules.formatNotAccepted(fileName, Syntax.FACTURX, tenantOrNull.formats())));
        }
        FacturX.Outcome opened = FacturX.open(pdf, fileName, maxSize);
        if (opened instanceof FacturX.Refused refused) {
            return Understanding.rejected(null, refused.violations());
        }
        FacturX.Extracted extracted = (FacturX.Extracted) opened;
        try {
            return understandXml(extracted.xml(), fileName, tenantOrNull, extracted, false);
        } finally {
            Files.deleteIfExists(extracted.xml());
        }
    }

    /**
     * @param facturX  the PDF the XML came from, null for a bare XML
     * @param mappable whether a tenant mapping may still apply (false once mapped: a mapping's output is UBL or
     *                 rejected, never mapped twice)
     */
    private Understanding understandXml(Path file, String fileName, Tenant tenantOrNull, FacturX.Extracted facturX,
            boolean mappable) throws IOException {
        RootPeek.Root root;
        try (InputStream in = open(file)) {
            RootPeek.Outcome peek = RootPeek.peek(in);
            if (peek instanceof RootPeek.Refused refused) {
                return Understanding.rejected(null, List.of(refused.violation()));
            }
            root = (RootPeek.Root) peek;
        }
        Syntax syntax = Syntax.ofRoot(root.namespace(), root.localName()).orElse(null);
        if (facturX != null) {
            if (syntax != Syntax.CII) {
                return Understanding.rejected(null, List.of(InvoiceRules.facturXNotCii(root.line(), root.column(),
                        root.namespace(), root.localName())));
            }
            syntax = Syntax.FACTURX;
        }
        if (syntax == null && mappable && tenantOrNull != null && tenantOrNull.mapping() != null) {
            return understandMapped(file, fileName, tenantOrNull);
        }
        if (syntax == null) {
            try (InputStream in = open(file)) {
                RuleViolation notXml = RootPeek.wellFormedness(in);
                return Understanding.rejected(null, List.of(notXml != null ? notXml
                        : InvoiceRules.syntaxUnknown(root.line(), root.column(), root.namespace(), root.localName())));
            }
        }
        if (mappable && tenantOrNull != null && !tenantOrNull.formats().contains(syntax.format())) {
            return Understanding.rejected(null,
                    List.of(InvoiceRules.formatNotAccepted(fileName, syntax, tenantOrNull.formats())));
        }

        ValidatingParser.Result parsed;
        try (InputStream in = open(file)) {
            parsed = ValidatingParser.parse(in, schemas.schemaFor(syntax), syntax);
        }
        if (parsed.document() == null) {
            return Understanding.rejected(null, parsed.violations());
        }
        FactsExtractor.Extraction extraction = FactsExtractor.extract(parsed.document(), syntax);
        if (!parsed.violations().isEmpty()) {
            // XSD first, business rules after (as Chorus Pro): the facts only name the invoice in the report
            return Understanding.rejected(extraction.facts(), parsed.violations());
        }

        List<RuleViolation> violations = new ArrayList<>(extraction.missing());
        InvoiceFacts facts = extraction.facts();
        if (tenantOrNull != null && facts.sellerSiret() != null && !facts.sellerSiret().equals(tenantOrNull.siret())) {
            violations.add(InvoiceRules.sellerSiret(extraction.sellerSiretXPath(), facts.sellerSiret(),
                    tenantOrNull.siret()));
        }
        if (facturX != null) {
            violations.addAll(FacturXProfile.check(parsed.document(), facturX.conformanceLevel()));
        }
        // the XSD passed: every business rule of both sets runs, and all their failures are reported together
        violations.addAll(en16931.check(parsed.document(), syntax));
        violations.addAll(ChorusProRules.check(parsed.document(), syntax));
        return violations.isEmpty() ? Understanding.accepted(facts)
                : Understanding.rejected(facts, LineLocator.withLines(file, violations));
    }

    /**
     * A tenant's own format: mapped to UBL by its XSLT, then read as any UBL. The mapped UBL is what will be sent, so
     * an accepted understanding hands it over ({@link Understanding#converted()}); a rejected one deletes it.
     */
    private Understanding understandMapped(Path file, String fileName, Tenant tenant) throws IOException {
        Path mapped = Files.createTempFile("mapped-", ".xml");
        boolean keep = false;
        try {
            try {
                mapping.transform(tenant.mapping().xslt(), file, mapped);
            } catch (XsltMapping.MappingException e) {
                return Understanding.rejected(null, List.of(InvoiceRules.mappingFailed(fileName, e.getMessage())));
            }
            if (Files.size(mapped) > maxSize) {
                return Understanding.rejected(null,
                        List.of(InvoiceRules.fileTooLarge(fileName, Files.size(mapped), maxSize)));
            }
            // the operator chose the mapping: its UBL is accepted whatever the tenant's formats list says
            Understanding understanding = understandXml(mapped, fileName, tenant, null, false);
            keep = understanding.isAccepted();
            return keep ? understanding.withConverted(mapped) : understanding;
        } finally {
            if (!keep) {
                Files.deleteIfExists(mapped);
            }
        }
    }

    private static InputStream open(Path file) throws IOException {
        return new BufferedInputStream(Files.newInputStream(file), 64 * 1024);
    }
}
