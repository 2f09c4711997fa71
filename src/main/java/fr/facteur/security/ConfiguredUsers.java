package fr.facteur.security;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;

/**
 * Turns {@code facteur.security.users} into Spring Security users, refusing to start on a configuration that would
 * silently lock someone out or let a weak secret in: a missing or non-bcrypt hash, both or neither password sources,
 * a duplicate name, tenants on an ADMIN.
 */
final class ConfiguredUsers {

    private static final Pattern BCRYPT = Pattern.compile("^\\$2[aby]?\\$\\d{2}\\$[./A-Za-z0-9]{53}$");

    private ConfiguredUsers() {
    }

    static InMemoryUserDetailsManager of(SecurityProperties properties, PasswordEncoder encoder,
            Function<String, String> environment) {
        List<String> errors = new ArrayList<>();
        List<UserDetails> users = new ArrayList<>();
        Set<String> names = new HashSet<>();
        int index = 0;
        for (SecurityProperties.User user : properties.users()) {
            String where = "facteur.security.users[" + index++ + "]";
            if (user.name() == null || user.name().isBlank()) {
                errors.add(where + ".name is missing");
                continue;
            }
            if (!names.add(user.name())) {
                errors.add(where + ": the name " + user.name() + " is used twice");
            }
            String hash = null;
            if ((user.passwordHash() == null) == (user.passwordEnv() == null)) {
                errors.add(where + ": give exactly one of password-hash and password-env");
            } else if (user.passwordHash() != null) {
                if (!BCRYPT.matcher(user.passwordHash()).matches()) {
                    errors.add(where + ".password-hash is not a bcrypt hash");
                } else {
                    hash = user.passwordHash();
                }
            } else {
                String clear = environment.apply(user.passwordEnv());
                if (clear == null || clear.isEmpty()) {
                    errors.add(where + ".password-env: the environment variable " + user.passwordEnv() + " is not set");
                } else {
                    hash = encoder.encode(clear);
                }
            }
            if (user.role() == SecurityProperties.Role.ADMIN && !user.tenants().isEmpty()) {
                errors.add(where + ": an ADMIN sees every tenant, tenants is for VIEWERs");
            }
            if (hash != null) {
                List<GrantedAuthority> authorities = new ArrayList<>();
                authorities.add(new SimpleGrantedAuthority("ROLE_" + user.role().name()));
                user.tenants().forEach(t -> authorities.add(new SimpleGrantedAuthority(TenantScope.AUTHORITY_PREFIX + t)));
                users.add(User.withUsername(user.name()).password(hash).authorities(authorities).build());
            }
        }
        if (!errors.isEmpty()) {
            throw new IllegalStateException("Invalid facteur.security.users:\n  " + String.join("\n  ", errors));
        }
        return new InMemoryUserDetailsManager(users);
    }
}
