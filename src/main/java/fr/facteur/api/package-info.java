/**
 * What the REST API under /api promises as a whole, whatever feature serves a path: its OpenAPI description
 * (/v3/api-docs, browsable at /swagger-ui.html) and errors as RFC 9457 problem details.
 *
 * <p>Uses no other package of the gateway: the features' controllers are found by Spring, not imported.
 */
package fr.facteur.api;
