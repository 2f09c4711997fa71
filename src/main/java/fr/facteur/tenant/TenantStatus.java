package fr.facteur.tenant;

import java.time.Instant;
import java.util.List;

/**
 * What the registry knows about one tenant file: installed, or invalid with every problem found. What GET /api/tenants
 * reports.
 *
 * @param file        the file name in config/tenants/, e.g. {@code acme.yaml}
 * @param id          the file name without extension: for an installed tenant, its id
 * @param name        the declared name (as written, for an invalid file; may be null)
 * @param siret       the declared SIRET (as written, for an invalid file; may be null)
 * @param state       INSTALLED or INVALID
 * @param errors      every problem, as {@code "acme: inbound.sftp.port must be 1-65535"}; empty when installed
 * @param tenant      the installed tenant; null when invalid
 * @param installedAt when this version of the tenant was installed; null when invalid
 * @param checkedAt   when the file was last validated (invalid files are validated again on every scan)
 */
public record TenantStatus(String file, String id, String name, String siret, State state, List<String> errors,
        Tenant tenant, Instant installedAt, Instant checkedAt) {

    /** Whether the tenant runs. */
    public enum State {
        INSTALLED, INVALID
    }

    public TenantStatus {
        errors = List.copyOf(errors);
    }
}
