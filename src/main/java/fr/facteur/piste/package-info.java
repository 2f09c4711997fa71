/**
 * Client of the Chorus Pro API over PISTE (chorus-pro.md §5): the OAuth2 client-credentials token (cached, renewed
 * before expiry and once on a 401), the {@code cpro-account} header of the technical account, the calls the gateway
 * makes (DeposerFluxFacture, ConsulterCR, RechercherFactureParFournisseur, ConsulterHistoriqueFacture) and the
 * mapping of their JSON answers. Owns no data; used by {@code transmit} (deposit) and {@code returns} (statuses).
 */
package fr.facteur.piste;
