package fr.facteur.flow;

import java.nio.file.Path;

import org.springframework.stereotype.Component;

import fr.facteur.invoice.InvoiceFacts;

/** Builds the Chorus Pro flow of an understood invoice, signs it and archives both files. */
@Component
public class FlowPackager {

    /**
     * @param original the supplier's original (archived) file
     * @param flowRef  unique flow id, chosen by the caller (so that a retry rebuilds the same flow)
     */
    public PackagedFlow pack(InvoiceFacts facts, Path original, String flowRef) {
        throw new UnsupportedOperationException("TODO");
    }
}
