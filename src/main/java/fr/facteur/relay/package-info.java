/**
 * Delivering to suppliers (facteur.relay consumer): answers to their files (acknowledgement, rejection report, duplicate) and return events, filtered, formatted (cppstatut filtered to the supplier, json) and sent by the tenant's channel (sftp). Owns the delivery table.
 */
package fr.facteur.relay;
