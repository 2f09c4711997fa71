package fr.facteur.tenant;

import java.util.Collection;
import java.util.Optional;

/** Read access to the installed (valid) tenants. Implemented by {@link TenantRegistry}. */
public interface TenantDirectory {

    Optional<Tenant> find(String id);

    Optional<Tenant> findBySiret(String siret);

    Collection<Tenant> installed();
}
