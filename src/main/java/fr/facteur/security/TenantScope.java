package fr.facteur.security;

import java.util.Collection;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * The tenants the current user may read. A viewer configured with {@code tenants} gets one authority per tenant
 * ({@code TENANT_acme}); everybody else sees all. Controllers that return tenant data ask this, and the queries
 * filter on it, so a limited viewer cannot reach another tenant's data by guessing an id.
 */
public final class TenantScope {

    static final String AUTHORITY_PREFIX = "TENANT_";

    private TenantScope() {
    }

    /** The tenants the current user is limited to; empty when the user may read every tenant. */
    public static Optional<Set<String>> current() {
        return of(SecurityContextHolder.getContext().getAuthentication());
    }

    static Optional<Set<String>> of(Authentication authentication) {
        if (authentication == null) {
            return Optional.of(Set.of()); // no user, no tenant: fail closed
        }
        Set<String> tenants = tenants(authentication.getAuthorities());
        return tenants.isEmpty() ? Optional.empty() : Optional.of(tenants);
    }

    private static Set<String> tenants(Collection<? extends GrantedAuthority> authorities) {
        return authorities.stream().map(GrantedAuthority::getAuthority).filter(a -> a.startsWith(AUTHORITY_PREFIX))
                .map(a -> a.substring(AUTHORITY_PREFIX.length())).collect(Collectors.toUnmodifiableSet());
    }

    /** Whether the current user may read tenant {@code tenantId}'s data. */
    public static boolean allows(String tenantId) {
        return current().map(scope -> scope.contains(tenantId)).orElse(true);
    }

    /** Whether the current user may read every tenant (data that belongs to no single tenant). */
    public static boolean unlimited() {
        return current().isEmpty();
    }
}
