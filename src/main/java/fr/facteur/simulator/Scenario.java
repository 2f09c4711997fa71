package fr.facteur.simulator;

import java.util.List;

/**
 * A lifecycle the simulator plays for an invoice: the statuses Chorus Pro reports, in order, one every step-delay.
 * When an invoice is integrated its scenario's steps are copied into sim_invoice_step, so the engine only ever
 * follows data (and a later supplier action can append steps).
 *
 * @param name        stable name used in configuration (facteur.simulator.scenarios)
 * @param description what it models, for people choosing one
 * @param steps       at least one
 */
public record Scenario(String name, String description, List<Step> steps) {

    public Scenario {
        steps = List.copyOf(steps);
        if (steps.isEmpty()) {
            throw new IllegalArgumentException("scenario " + name + " has no step");
        }
    }

    /**
     * One status to emit.
     *
     * @param status           the CPPStatut IdStatut
     * @param comment          Commentaire (the reason of a rejection or a suspension), may be null
     * @param waitsForSupplier after this status the invoice waits for a supplier action (Suspendue, A recycler)
     *                         instead of moving on
     */
    public record Step(InvoiceStatus status, String comment, boolean waitsForSupplier) {

        static Step of(InvoiceStatus status) {
            return new Step(status, null, false);
        }
    }
}
