/**
 * Observability of the gateway: the business metrics the stages record ({@link fr.facteur.observability.GatewayMetrics},
 * on /actuator/prometheus), the broker queue depths, the health of the SFTP partners (Chorus Pro and every tenant's
 * inbound server, on /actuator/health), the OpenAPI description of /api and its errors as RFC 9457 problem details.
 *
 * <p>Features call into this package (to record what they did); this package reads only tenant, platform and
 * messaging, never the features themselves.
 */
package fr.facteur.observability;
