/**
 * Chorus Pro's return flows: polling the return folder (route chorus-pro.returns-in), parsing CPPStatut
 * (CPPFluxStatuts, CPPFactureStatuts), correlating each line to our flow (IdFlux) or invoice (supplier SIRET +
 * invoice number, debtor SIRET as a check), recording the status history and its effect on flows and invoices,
 * splitting the events per tenant for the relay; unmatched lines kept and reported (GET /api/returns/unmatched).
 * Owns return_file, status_event, unmatched_return_line.
 */
package fr.facteur.returns;
