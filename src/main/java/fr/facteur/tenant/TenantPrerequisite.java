package fr.facteur.tenant;

/**
 * Marks a bean that prepares files tenant files refer to (the demo generates its suppliers' keys and known_hosts).
 * The registry depends on all of them, so they exist before the first load and tenants are valid from the start.
 */
public interface TenantPrerequisite {
}
