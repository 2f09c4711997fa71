/**
 * Ingress: the per-tenant SFTP pollers (inbound.sftp) and the intake every channel shares: archive the original with its SHA-256, deduplicate on tenant + SHA-256, record the document, understand, package, queue, answer. Owns the document and receipt tables.
 */
package fr.facteur.inbound;
