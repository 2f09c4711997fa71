package fr.facteur.tenant;

import java.util.List;

/**
 * A tenant file as GET /api/tenants shows it. Built from a {@link TenantStatus} by picking fields, never by
 * serialising the {@link Tenant}, so that no secret (an SFTP password) can reach a response.
 *
 * @param id             the tenant id (the file name without extension)
 * @param state          INSTALLED or INVALID
 * @param errors         every validation problem, empty when installed
 * @param file           the file in config/tenants/
 * @param formats        accepted syntaxes; null when invalid
 * @param returnsChannel sftp | as2 | webhook | none; null when invalid
 * @param returnsFormat  cppstatut | json | csv; null when invalid
 * @param checkedAt      when the file was last validated (ISO-8601)
 * @param as2Certificates the tenant's AS2 certificates (current, next) with their days to expiry; empty without AS2
 */
public record TenantView(String id, String name, String siret, String state, List<String> errors, String file,
        List<String> formats, String returnsChannel, String returnsFormat, String checkedAt,
        List<CertificateExpiry> as2Certificates) {

    static TenantView of(TenantStatus status) {
        Tenant tenant = status.tenant();
        return new TenantView(status.id(), status.name(), status.siret(), status.state().name(), status.errors(),
                status.file(),
                tenant == null ? null : List.copyOf(tenant.formats()),
                tenant == null ? null : tenant.returns().channel(),
                tenant == null ? null : tenant.returns().format(),
                status.checkedAt() == null ? null : status.checkedAt().toString(),
                tenant == null ? List.of() : CertificateExpiry.of(tenant, java.time.Instant.now()));
    }
}
