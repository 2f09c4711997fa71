package fr.facteur.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;

/** facteur.security.users: bcrypt only, one password source, and every mistake reported at start-up. */
class ConfiguredUsersTest {

    private final BCryptPasswordEncoder encoder = new BCryptPasswordEncoder(4);

    @Test
    void hashesAndEnvironmentPasswordsBecomeUsersWithRolesAndTenants() {
        String hash = encoder.encode("admin-pw");
        InMemoryUserDetailsManager users = ConfiguredUsers.of(new SecurityProperties(List.of(
                new SecurityProperties.User("admin", hash, null, SecurityProperties.Role.ADMIN, List.of()),
                new SecurityProperties.User("acme", null, "ACME_PW", SecurityProperties.Role.VIEWER, List.of("acme")))),
                encoder, Map.of("ACME_PW", "from-env")::get);
        assertThat(encoder.matches("admin-pw", users.loadUserByUsername("admin").getPassword())).isTrue();
        var acme = users.loadUserByUsername("acme");
        assertThat(acme.getPassword()).as("hashed, never kept in clear").isNotEqualTo("from-env");
        assertThat(encoder.matches("from-env", acme.getPassword())).isTrue();
        assertThat(acme.getAuthorities()).extracting(Object::toString).containsExactlyInAnyOrder("ROLE_VIEWER", "TENANT_acme");
    }

    @Test
    void everyMistakeIsReportedAndNoSecretIsQuoted() {
        assertThatThrownBy(() -> ConfiguredUsers.of(new SecurityProperties(List.of(
                new SecurityProperties.User("plain", "clear-text-password", null, SecurityProperties.Role.ADMIN, List.of()),
                new SecurityProperties.User("both", encoder.encode("x"), "X_PW", SecurityProperties.Role.VIEWER, List.of()),
                new SecurityProperties.User("unset", null, "NOT_SET", SecurityProperties.Role.VIEWER, List.of()),
                new SecurityProperties.User("boss", encoder.encode("x"), null, SecurityProperties.Role.ADMIN, List.of("acme")))),
                encoder, name -> null))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("users[0].password-hash is not a bcrypt hash")
                .hasMessageContaining("users[1]: give exactly one of password-hash and password-env")
                .hasMessageContaining("users[2].password-env: the environment variable NOT_SET is not set")
                .hasMessageContaining("users[3]: an ADMIN sees every tenant")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("clear-text-password"));
    }
}
