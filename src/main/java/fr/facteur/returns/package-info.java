/**
 * Chorus Pro's return flows: polling the return folder, parsing CPPStatut (CPPFluxStatuts, CPPFactureStatuts), splitting per supplier, correlating each line to our invoice (supplier SIRET + invoice number), recording the status history; unmatched lines kept and reported. Owns return_file, status_event, unmatched_return_line.
 */
package fr.facteur.returns;
