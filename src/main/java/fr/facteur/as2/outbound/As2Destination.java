package fr.facteur.as2.outbound;

import java.net.URI;
import java.security.cert.X509Certificate;
import java.time.Duration;

/**
 * Where and how one outbound AS2 message goes.
 *
 * @param purpose                 CHORUS_PRO or RETURNS (recorded)
 * @param tenantId                the tenant concerned, null for Chorus Pro
 * @param partnerAs2Id            AS2-To
 * @param url                     the partner's receiving URL
 * @param certificate             the partner's current certificate: encryption, and MDN signature
 * @param nextCertificate         its next certificate (rollover), or null: used for encryption once the current one
 *                                has expired, and accepted on MDNs at any time
 * @param timeout                 connect and response timeout of one attempt (camel-as2's 5 s is too short for
 *                                large files)
 * @param encryption              AES128_CBC | AES256_CBC | AES128_GCM | AES256_GCM (null: AES256_CBC)
 * @param asyncMdn                ask for the MDN asynchronously (to facteur.as2-outbound.mdn-url) instead of in the
 *                                HTTP response
 * @param allowExpiredCertificate send even when every certificate of the partner has expired
 */
public record As2Destination(String purpose, String tenantId, String partnerAs2Id, URI url,
        X509Certificate certificate, X509Certificate nextCertificate, Duration timeout, String encryption,
        boolean asyncMdn, boolean allowExpiredCertificate) {
}
