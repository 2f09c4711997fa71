package fr.facteur.observability;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.Status;

import fr.facteur.demo.SftpServerHost;
import fr.facteur.platform.FacteurProperties;
import fr.facteur.tenant.Tenant;
import fr.facteur.tenant.TenantDirectory;

/** The SFTP health indicators against a real SFTP server: UP while it answers, DOWN with a reason once it is gone. */
class SftpHealthIndicatorsTest {

    @TempDir
    Path dir;
    SftpServerHost server;
    final MovableClock clock = new MovableClock();
    final SftpProbe probe = new SftpProbe(Duration.ofSeconds(5));

    @BeforeEach
    void start() {
        server = SftpServerHost.start("127.0.0.1", 0, dir.resolve("host_key"));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void chorusProIsUpWhileItsServerAnswersAndDownWithAReasonOnceClosed() throws Exception {
        Path key = account("chorus-pro", "depot");
        FacteurProperties properties = new FacteurProperties(dir.resolve("config"), dir.resolve("data"),
                dir.resolve("certs"), null, new FacteurProperties.ChorusPro("sftp", new FacteurProperties.Sftp(
                        "localhost", server.port(), "chorus-pro", key, null, dir.resolve("known_hosts"), "/depot",
                        "/retours", Duration.ofSeconds(5))), null);
        ChorusProHealthIndicator indicator = new ChorusProHealthIndicator(properties, probe, clock);

        Health up = indicator.health();
        assertThat(up.getStatus()).isEqualTo(Status.UP);
        assertThat(up.getDetails()).containsEntry("sftp", "chorus-pro@localhost:" + server.port() + "/depot");

        server.close();
        assertThat(indicator.health().getStatus()).as("cached for 30 s: the server is not asked again")
                .isEqualTo(Status.UP);
        clock.advance(Duration.ofSeconds(30));
        Health down = indicator.health();
        assertThat(down.getStatus()).isEqualTo(Status.DOWN);
        assertThat((String) down.getDetails().get("reason")).isNotBlank();
    }

    @Test
    void aMissingDepositFolderIsDown() throws Exception {
        Path key = account("chorus-pro", "elsewhere");
        FacteurProperties properties = new FacteurProperties(dir.resolve("config"), dir.resolve("data"),
                dir.resolve("certs"), null, new FacteurProperties.ChorusPro("sftp", new FacteurProperties.Sftp(
                        "localhost", server.port(), "chorus-pro", key, null, dir.resolve("known_hosts"), "/depot",
                        "/retours", Duration.ofSeconds(5))), null);

        Health health = new ChorusProHealthIndicator(properties, probe, clock).health();

        assertThat(health.getStatus()).isEqualTo(Status.DOWN);
        assertThat((String) health.getDetails().get("reason")).startsWith("SftpException");
    }

    @Test
    void anUntrustedHostKeyIsDownNotAccepted() throws Exception {
        Path key = account("acme", "out/invoices");
        Files.writeString(dir.resolve("known_hosts"), ""); // trusts nobody
        TenantsSftpHealthIndicator indicator = new TenantsSftpHealthIndicator(tenants(tenant("acme", key)), probe, clock);

        Map<?, ?> acme = (Map<?, ?>) indicator.health().getDetails().get("acme");

        assertThat(acme.get("status")).isEqualTo("DOWN");
        assertThat((String) acme.get("reason")).containsIgnoringCase("reject HostKey");
    }

    @Test
    void eachTenantIsReportedAndTheWholeIsDownOnlyWhenAllAre() throws Exception {
        Path acmeKey = account("acme", "out/invoices");
        Path durandKey = account("durand", "out/invoices");
        // durand's server is unreachable: nothing listens on its port
        Tenant durand = tenant("durand", durandKey);
        Tenant.SftpAccount closed = new Tenant.SftpAccount("localhost", freePort(), "durand", durandKey, null,
                dir.resolve("known_hosts"), "/out/invoices", Duration.ofSeconds(1));
        durand = new Tenant(durand.id(), durand.name(), durand.siret(), new Tenant.Inbound(closed, null), durand.formats(),
                durand.returns());
        Tenant noSftp = new Tenant("paper", "Paper", "44306184100047", new Tenant.Inbound(null, null), Set.of("UBL"), null);
        TenantsSftpHealthIndicator indicator = new TenantsSftpHealthIndicator(
                tenants(tenant("acme", acmeKey), durand, noSftp), probe, clock);

        Health partly = indicator.health();
        assertThat(partly.getStatus()).isEqualTo(Status.UP);
        assertThat(((Map<?, ?>) partly.getDetails().get("acme")).get("status")).isEqualTo("UP");
        Map<?, ?> durandDetail = (Map<?, ?>) partly.getDetails().get("durand");
        assertThat(durandDetail.get("status")).isEqualTo("DOWN");
        assertThat((String) durandDetail.get("reason")).isNotBlank();
        assertThat(partly.getDetails()).doesNotContainKey("paper");

        server.close();
        clock.advance(Duration.ofSeconds(31));
        Health allDown = indicator.health();
        assertThat(allDown.getStatus()).isEqualTo(Status.DOWN);
        assertThat(((Map<?, ?>) allDown.getDetails().get("acme")).get("status")).isEqualTo("DOWN");
    }

    @Test
    void noSftpTenantIsUp() {
        assertThat(new TenantsSftpHealthIndicator(tenants(), probe, clock).health().getStatus()).isEqualTo(Status.UP);
    }

    /** A key-login account whose home has the given folder; known_hosts trusts the server. */
    private Path account(String user, String folder) throws Exception {
        Path home = dir.resolve("homes").resolve(user);
        Files.createDirectories(home.resolve(folder));
        Path key = dir.resolve("keys").resolve(user).resolve("id_ecdsa");
        server.addUser(user, home, null, SftpServerHost.writeClientKey(key, user).getPublic());
        server.writeKnownHosts(dir.resolve("known_hosts"));
        return key;
    }

    private Tenant tenant(String id, Path key) {
        return new Tenant(id, "Supplier " + id, "73282932000074", new Tenant.Inbound(new Tenant.SftpAccount(
                "localhost", server.port(), id, key, null, dir.resolve("known_hosts"), "/out/invoices",
                Duration.ofSeconds(1)), null), Set.of("UBL"), null);
    }

    private static TenantDirectory tenants(Tenant... installed) {
        List<Tenant> all = List.of(installed);
        return new TenantDirectory() {
            @Override
            public Optional<Tenant> find(String id) {
                return all.stream().filter(t -> t.id().equals(id)).findFirst();
            }

            @Override
            public Optional<Tenant> findBySiret(String siret) {
                return all.stream().filter(t -> t.siret().equals(siret)).findFirst();
            }

            @Override
            public Collection<Tenant> installed() {
                return all;
            }
        };
    }

    private static int freePort() throws Exception {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** A clock the test moves forward, so the 30 s cache is exercised without waiting. */
    static final class MovableClock extends Clock {
        private Instant now = Instant.parse("2026-01-01T00:00:00Z");

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }
}
