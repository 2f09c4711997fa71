package fr.facteur.tenant;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * How long a tenant's AS2 certificate remains valid, as GET /api/tenants/{id} and the
 * {@code facteur_certificate_days_to_expiry} gauge show it, so the operator asks for the next certificate in time.
 *
 * @param certificate  "current" or "next"
 * @param notAfter     ISO-8601; null when the file cannot be read
 * @param daysToExpiry whole days left, negative once expired; null when the file cannot be read
 * @param problem      why the file cannot be read, else null
 */
public record CertificateExpiry(String certificate, String file, String subject, String notAfter, Long daysToExpiry,
        String problem) {

    /** The tenant's AS2 certificates, current first; empty when it does not speak AS2. */
    public static List<CertificateExpiry> of(Tenant tenant, Instant now) {
        List<CertificateExpiry> all = new ArrayList<>();
        Tenant.As2Partner as2 = tenant.inbound() == null ? null : tenant.inbound().as2();
        if (as2 != null) {
            all.add(read("current", as2.certificate(), now));
            if (as2.nextCertificate() != null) {
                all.add(read("next", as2.nextCertificate(), now));
            }
        }
        return all;
    }

    static CertificateExpiry read(String role, Path file, Instant now) {
        // plain JCA: PEM and DER certificates are both read by the X.509 factory
        try (InputStream in = Files.newInputStream(file)) {
            X509Certificate certificate = (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(in);
            Instant notAfter = certificate.getNotAfter().toInstant();
            long days = Math.floorDiv(Duration.between(now, notAfter).toSeconds(), 86_400L);
            return new CertificateExpiry(role, file.toString(), certificate.getSubjectX500Principal().getName(),
                    notAfter.toString(), days, null);
        } catch (IOException | CertificateException | ClassCastException e) {
            return new CertificateExpiry(role, file.toString(), null, null, null, "unreadable: " + e.getMessage());
        }
    }
}
