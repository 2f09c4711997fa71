package fr.facteur.relay;

/**
 * A delivery for a tenant that is not installed (file removed, or invalid for now): its deliveries wait, with
 * backoff, until the tenant is back or an operator decides; they are never dropped.
 */
public class TenantNotInstalledException extends IllegalStateException {

    public TenantNotInstalledException(String tenantId, String key) {
        super("tenant " + tenantId + " is not installed: cannot deliver " + key);
    }
}
