package fr.facteur.simulator;

import java.nio.file.Path;

import fr.facteur.invoice.Understanding;

/**
 * How the simulator understands a deposited flow's content: syntax, XSD, facts. In production this is
 * {@code fr.facteur.invoice.InvoiceReader::read} (no tenant: Chorus Pro does not know Facteur's tenants); tests give
 * their own facts.
 */
@FunctionalInterface
public interface InvoiceFileReader {

    /** Reads one file; only an unreadable file (I/O) throws, a bad one is answered with its violations. */
    Understanding read(Path file);
}
