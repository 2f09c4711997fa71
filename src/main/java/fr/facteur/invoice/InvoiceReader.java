package fr.facteur.invoice;

import java.nio.file.Path;

import org.springframework.stereotype.Component;

import fr.facteur.tenant.Tenant;

/**
 * Understands a supplier's file: detects the syntax, validates it against its XSD with secure XML processing,
 * extracts {@link InvoiceFacts} and checks that the seller is the sending tenant.
 */
@Component
public class InvoiceReader {

    /** Reads a file sent by {@code tenant}: syntax, XSD, facts, the tenant's accepted formats and seller SIRET. */
    public Understanding read(Path file, Tenant tenant) {
        throw new UnsupportedOperationException("TODO");
    }

    /** Reads a file with no tenant context (syntax, XSD, facts): used by the Chorus Pro simulator. */
    public Understanding read(Path file) {
        throw new UnsupportedOperationException("TODO");
    }
}
