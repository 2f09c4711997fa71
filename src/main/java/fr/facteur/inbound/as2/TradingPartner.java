package fr.facteur.inbound.as2;

import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Set;

import fr.facteur.tenant.Tenant;

/**
 * Who an AS2-From names: a tenant (its payloads go to the intake) or Chorus Pro (return files). Only public
 * certificates differ between partners: the operator's key is one and the same for all (CVE-2026-85296).
 *
 * @param tenant       null for Chorus Pro
 * @param certificates the registered certificates a signature must verify with: current first, then the next one
 */
public record TradingPartner(String as2Id, Tenant tenant, List<X509Certificate> certificates,
        boolean requireSignature, boolean requireEncryption, boolean allowSha1, boolean allowExpiredCertificate,
        Set<String> asyncMdnHosts) {

    public boolean isChorusPro() {
        return tenant == null;
    }

    /** For logs and the as2_message table: the tenant id, or "chorus-pro". */
    public String label() {
        return tenant == null ? "chorus-pro" : tenant.id();
    }
}
