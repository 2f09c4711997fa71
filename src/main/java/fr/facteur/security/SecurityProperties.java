package fr.facteur.security;

import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The console and API users ({@code facteur.security.users}).
 *
 * @param users who may log in; with none, nobody can (the product never falls back to a default password)
 */
@ConfigurationProperties("facteur.security")
public record SecurityProperties(@DefaultValue List<User> users) {

    /**
     * One user. Exactly one of {@code passwordHash} and {@code passwordEnv} is given.
     *
     * @param name         login name
     * @param passwordHash bcrypt hash ({@code $2a$...}, e.g. from {@code htpasswd -bnBC 10 "" pw | tr -d ':\n'})
     * @param passwordEnv  name of an environment variable holding the password in clear (hashed at start-up)
     * @param role         ADMIN (reads and changes) or VIEWER (reads)
     * @param tenants      for a VIEWER: the only tenants whose data the user may read; empty = all
     */
    public record User(String name, String passwordHash, String passwordEnv, @DefaultValue("VIEWER") Role role,
            @DefaultValue List<String> tenants) {

        @Override
        public String toString() {
            return "User[" + name + ", " + role + ", tenants=" + tenants + "]"; // never the hash
        }
    }

    public enum Role {
        ADMIN, VIEWER
    }
}
