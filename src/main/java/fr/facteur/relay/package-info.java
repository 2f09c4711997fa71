/**
 * Delivering to suppliers (facteur.relay consumer, route "relay"): answers to their files (acknowledgement,
 * rejection report, duplicate) and Chorus Pro return events, each only to the tenant it belongs to, filtered by the
 * tenant's events list, formatted (cppstatut filtered to the supplier, json, csv), timed (immediate, or a digest per
 * period) and sent by the tenant's channel (sftp, webhook, or none: recorded, not sent). Messages wait in the relay
 * outbox until delivered: per tenant in order, in lifecycle order per invoice, with backoff while the supplier's
 * endpoint is down. Owns the delivery, relay_outbox, relay_outbox_event and relay_tenant tables; idempotent on the
 * delivery key.
 */
package fr.facteur.relay;
