package fr.facteur.invoice;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

import fr.facteur.tenant.Tenant;

/**
 * The invoices of src/test/resources/invoices/, as files a reader can take, optionally edited by plain text
 * substitution (each fixture keeps its number in one place, so replacing it gives a unique invoice).
 */
final class InvoiceFixtures {

    static final String ACME_SIRET = "73282932000074";
    static final String DURAND_SIRET = "44306184100047";
    static final String BUYER_SIRET = "11000201100044";

    /** One schema cache for all the tests of the package: compiling UBL takes seconds. */
    static final InvoiceSchemas SCHEMAS = new InvoiceSchemas();
    /** One EN 16931 stylesheet cache for all the tests of the package: compiling takes seconds. */
    static final En16931Schematron EN16931 = new En16931Schematron();
    static final InvoiceReader READER = new InvoiceReader(InvoiceProperties.defaults(), SCHEMAS, EN16931);

    private InvoiceFixtures() {
    }

    static Tenant acme() {
        return tenant("acme", ACME_SIRET, Set.of("UBL", "CII", "FACTURX"));
    }

    static Tenant durand() {
        return tenant("durand", DURAND_SIRET, Set.of("UBL", "CII"));
    }

    static Tenant tenant(String id, String siret, Set<String> formats) {
        return new Tenant(id, id + " SA", siret, null, formats, null);
    }

    static String text(String fixture) {
        try (InputStream in = InvoiceFixtures.class.getResourceAsStream("/invoices/" + fixture)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + fixture);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The fixture copied into {@code dir}. */
    static Path file(Path dir, String fixture) {
        return write(dir, fixture, text(fixture));
    }

    /** The fixture with one piece of text replaced (which must be present), written into {@code dir}. */
    static Path edited(Path dir, String fixture, String from, String to) {
        String original = text(fixture);
        if (!original.contains(from)) {
            throw new IllegalArgumentException(fixture + " does not contain " + from);
        }
        return write(dir, "edited-" + fixture, original.replace(from, to));
    }

    static Path write(Path dir, String name, String content) {
        try {
            return Files.writeString(dir.resolve(name), content, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
