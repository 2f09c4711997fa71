package fr.facteur.returns;

import java.time.OffsetDateTime;
import java.util.List;

/**
 * One unit of a CPPStatut return file: a flow's integration report or an invoice's lifecycle status.
 *
 * <p>{@code lineNo} is the unit's 1-based position among all units of the file (CPPFluxStatutUnitaire and
 * CPPFactureStatutUnitaire, in document order), not its NumOrdre: positions are unique even when Chorus Pro's
 * numbering is not, and the relay uses the same positions to cut the file down to one supplier's units.
 */
public sealed interface ReturnLine permits ReturnLine.FlowStatus, ReturnLine.InvoiceStatus {

    int lineNo();

    /** IdStatut as written (90–96 or 01–12 expected). */
    String code();

    /** Horodatage as written. */
    String timestamp();

    /** Horodatage as an instant, or null when missing or unreadable (the line is then kept as unmatched). */
    OffsetDateTime occurredAt();

    /**
     * CPPFluxStatutUnitaire/DonneesStatut: the integration report of one of our flows.
     *
     * @param numeroFluxDepot ComplementStatut: Chorus Pro's deposit number of the flow
     * @param flowName        IdFlux: our flow file name (FSO1100A_AAA999_000000000001)
     * @param errors          Details/LigneErreurDetail
     */
    record FlowStatus(int lineNo, String code, String numeroFluxDepot, String comment, String timestamp,
            OffsetDateTime occurredAt, String producer, String flowName, List<ErrorLine> errors) implements ReturnLine {
    }

    /**
     * CPPFactureStatutUnitaire: one status of one supplier's invoice.
     *
     * @param supplierId    Fournisseur/Identifiant (a SIRET when supplierType is 1)
     * @param debtorId      Debiteur/Identifiant: the public buyer's SIRET, checked against the invoice's buyer
     * @param invoiceNumber DonneesStatut/IdFacture: the supplier's invoice number
     */
    record InvoiceStatus(int lineNo, String supplierType, String supplierId, String debtorId, String code,
            String comment, String timestamp, OffsetDateTime occurredAt, String invoiceNumber, String invoiceDate)
            implements ReturnLine {
    }

    /** Details/LigneErreurDetail of an integration report. */
    record ErrorLine(String line, String nature, String code, String label, String description) {
    }
}
