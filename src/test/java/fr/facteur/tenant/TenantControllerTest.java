package fr.facteur.tenant;

import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.nullValue;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.http.MediaType;
import org.springframework.security.authentication.TestingAuthenticationToken;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;

/** GET /api/tenants over a real registry on a temporary folder: one installed tenant, one invalid. */
class TenantControllerTest {

    private static final String PASSWORD = "s3cret-pw";
    private static final String ENV_PASSWORD = "env-s3cret";

    @TempDir
    Path base;

    private MockMvc mvc;

    @BeforeEach
    void setUp() throws IOException {
        // the controller only shows what the current user may read: an admin by default
        SecurityContextHolder.getContext().setAuthentication(
                new TestingAuthenticationToken("admin", "n/a", "ROLE_ADMIN"));
        Path tenants = Files.createDirectories(base.resolve("config/tenants"));
        Files.createDirectories(base.resolve("certs"));
        Files.writeString(base.resolve("certs/known_hosts"), "");
        Files.writeString(tenants.resolve("acme.yaml"), """
                id: acme
                name: ACME Fournitures SAS
                siret: "73282932000074"
                inbound:
                  sftp: { host: localhost, user: acme, password: %s, known-hosts: certs/known_hosts, dir: /out }
                formats: [UBL, CII]
                returns: { sftp: { dir: /in }, format: json }
                """.formatted(PASSWORD));
        Files.writeString(tenants.resolve("durand.yaml"), """
                id: durand
                name: Bureau Durand SARL
                siret: "44306184100047"
                inbound:
                  sftp: { host: localhost, port: 0, user: durand, password-env: DURAND_PW, known-hosts: certs/known_hosts, dir: /out }
                """);
        Files.writeString(tenants.resolve("zeta.yaml"), """
                id: zeta
                name: Zeta
                siret: "73282932000075"
                inbound:
                  sftp: { host: localhost, user: zeta, password: %s, known-hosts: certs/known_hosts, dir: /out }
                """.formatted(PASSWORD));
        Clock clock = Clock.fixed(Instant.parse("2026-01-05T08:00:00Z"), ZoneOffset.UTC);
        TenantRegistry registry = new TenantRegistry(base.resolve("config"), Map.of("DURAND_PW", ENV_PASSWORD)::get,
                event -> { }, clock);
        mvc = MockMvcBuilders.standaloneSetup(new TenantController(registry)).build();
    }

    @Test
    void listsEveryTenantFileInstalledOrInvalid() throws Exception {
        mvc.perform(get("/api/tenants"))
                .andExpect(status().isOk())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_JSON))
                .andExpect(jsonPath("$[*].id", contains("acme", "durand", "zeta")))
                .andExpect(jsonPath("$[0].name").value("ACME Fournitures SAS"))
                .andExpect(jsonPath("$[0].siret").value("73282932000074"))
                .andExpect(jsonPath("$[0].state").value("INSTALLED"))
                .andExpect(jsonPath("$[0].errors", empty()))
                .andExpect(jsonPath("$[0].file").value("acme.yaml"))
                .andExpect(jsonPath("$[0].formats", contains("UBL", "CII")))
                .andExpect(jsonPath("$[0].returnsChannel").value("sftp"))
                .andExpect(jsonPath("$[0].returnsFormat").value("json"))
                .andExpect(jsonPath("$[0].checkedAt").value("2026-01-05T08:00:00Z"))
                .andExpect(jsonPath("$[1].state").value("INVALID"))
                .andExpect(jsonPath("$[1].errors", contains("durand: inbound.sftp.port must be 1-65535",
                        "durand: returns.sftp.dir is required when returns.channel is sftp (the default when inbound.sftp is set)")))
                .andExpect(jsonPath("$[2].state").value("INVALID"));
    }

    @Test
    void showsOneTenant() throws Exception {
        mvc.perform(get("/api/tenants/acme"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.id").value("acme"))
                .andExpect(jsonPath("$.state").value("INSTALLED"))
                .andExpect(jsonPath("$.returnsChannel").value("sftp"));
    }

    @Test
    void showsAnInvalidTenantWithItsErrors() throws Exception {
        mvc.perform(get("/api/tenants/zeta"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.state").value("INVALID"))
                .andExpect(jsonPath("$.name").value("Zeta"))
                .andExpect(jsonPath("$.siret").value("73282932000075"))
                .andExpect(jsonPath("$.errors", contains(
                        "zeta: siret 73282932000075 has an invalid check digit (Luhn key)",
                        "zeta: returns.sftp.dir is required when returns.channel is sftp (the default when inbound.sftp is set)")))
                .andExpect(jsonPath("$.formats", nullValue()));
    }

    @Test
    void anUnknownTenantIsA404ProblemDetail() throws Exception {
        mvc.perform(get("/api/tenants/nobody"))
                .andExpect(status().isNotFound())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.type").value("urn:facteur:problem:tenant-not-found"))
                .andExpect(jsonPath("$.title").value("Tenant not found"))
                .andExpect(jsonPath("$.status").value(404))
                .andExpect(jsonPath("$.detail", containsString("'nobody'")));
    }

    @AfterEach
    void forgetUser() {
        SecurityContextHolder.clearContext();
    }

    @Test
    void aViewerLimitedToOneTenantSeesOnlyThatTenant() throws Exception {
        SecurityContextHolder.getContext().setAuthentication(
                new TestingAuthenticationToken("viewer", "n/a", "ROLE_VIEWER", "TENANT_acme"));
        mvc.perform(get("/api/tenants"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.length()").value(1))
                .andExpect(jsonPath("$[0].id").value("acme"));
        mvc.perform(get("/api/tenants/acme")).andExpect(status().isOk());
        mvc.perform(get("/api/tenants/durand")).andExpect(status().isNotFound());
    }

    @Test
    void passwordsAreNeverInTheResponses() throws Exception {
        for (String url : new String[] { "/api/tenants", "/api/tenants/acme", "/api/tenants/durand", "/api/tenants/zeta" }) {
            String body = mvc.perform(get(url)).andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
            assertThat(body).as(url).doesNotContain(PASSWORD).doesNotContain(ENV_PASSWORD).doesNotContainIgnoringCase("password");
        }
    }
}
