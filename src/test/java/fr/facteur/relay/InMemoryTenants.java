package fr.facteur.relay;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import fr.facteur.tenant.Tenant;
import fr.facteur.tenant.TenantDirectory;

/** Installed tenants a test sets up directly, instead of tenant files. */
class InMemoryTenants implements TenantDirectory {

    private final Map<String, Tenant> tenants = new ConcurrentHashMap<>();

    void install(Tenant tenant) {
        tenants.put(tenant.id(), tenant);
    }

    void remove(String id) {
        tenants.remove(id);
    }

    @Override
    public Optional<Tenant> find(String id) {
        return Optional.ofNullable(tenants.get(id));
    }

    @Override
    public Optional<Tenant> findBySiret(String siret) {
        return tenants.values().stream().filter(t -> t.siret().equals(siret)).findFirst();
    }

    @Override
    public Collection<Tenant> installed() {
        return List.copyOf(tenants.values());
    }
}
