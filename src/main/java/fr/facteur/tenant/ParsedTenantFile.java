package fr.facteur.tenant;

import java.util.List;

/**
 * One tenant file, read and validated on its own (rules that span several files, such as a SIRET used twice, are the
 * registry's).
 *
 * @param file   the file name, e.g. {@code acme.yaml}
 * @param id     the file name without .yaml/.yml: for a valid file, the tenant id
 * @param name   the name the file declares, as written (may be null when missing or invalid); for reporting only
 * @param siret  the SIRET the file declares, as written (may be null); for reporting and duplicate checks only
 * @param tenant the tenant, or null when there is any error
 * @param errors every problem found, each as {@code "<id>: <dotted.path> <message>"}; empty when valid
 */
public record ParsedTenantFile(String file, String id, String name, String siret, Tenant tenant, List<String> errors) {

    public ParsedTenantFile {
        errors = List.copyOf(errors);
        if (tenant != null && !errors.isEmpty()) {
            throw new IllegalArgumentException("a tenant file with errors installs no tenant");
        }
    }

    public boolean isValid() {
        return tenant != null;
    }
}
