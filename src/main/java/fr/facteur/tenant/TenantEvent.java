package fr.facteur.tenant;

/**
 * Published as a Spring application event whenever a tenant file is installed, changed or removed, so that the
 * per-tenant routes follow the files without a restart.
 */
public sealed interface TenantEvent {

    /** A valid tenant was installed, or replaced by a changed valid file. */
    record Installed(Tenant tenant) implements TenantEvent {
    }

    /** The tenant's file was deleted, or became invalid: its routes must stop. */
    record Removed(String tenantId) implements TenantEvent {
    }
}
