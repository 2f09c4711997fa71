/**
 * Delivering to suppliers (facteur.relay consumer, route "relay"): answers to their files (acknowledgement,
 * rejection report, duplicate) and Chorus Pro return events, each only to the tenant it belongs to, filtered by the
 * tenant's events list, formatted (cppstatut filtered to the supplier, json, csv) and sent by the tenant's channel
 * (sftp, or none: recorded, not sent). Owns the delivery table; idempotent on the delivery key.
 */
package fr.facteur.relay;
