package fr.facteur.simulator;

/**
 * One LigneErreurDetail of an integration report.
 *
 * @param code          why (its nature and CodeErreur)
 * @param label         LibelleErreur: a sentence a supplier can act on, naming the invoice and the faulty tag
 * @param description   DescriptionErreur: the value found, the rule, technical detail; may be null
 * @param invoiceNumber the invoice it is about, null for a flow-level error
 * @param supplierId    the invoice's supplier SIRET when known
 */
record FlowError(FlowErrorCode code, String label, String description, String invoiceNumber, String supplierId) {

    static FlowError ofFlow(FlowErrorCode code, String label, String description) {
        return new FlowError(code, label, description, null, null);
    }

    static FlowError ofInvoice(FlowErrorCode code, String invoiceNumber, String supplierId, String label,
            String description) {
        return new FlowError(code, label, description, invoiceNumber, supplierId);
    }
}
