package fr.facteur.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import fr.facteur.demo.SftpServerHost;
import fr.facteur.tenant.Tenant;

/**
 * Deliveries to a supplier's SFTP server, against a real SFTP server: staged then published, a connection shared
 * per burst.
 */
class SupplierSftpTest {

    @TempDir
    Path base;

    SftpServerHost server;
    SupplierSftp sftp;
    Tenant acme;

    @BeforeEach
    void start() {
        Path key = base.resolve("certs/id_ecdsa");
        startServer(0, SftpServerHost.writeClientKey(key, "acme").getPublic());
        Tenant.SftpAccount account = new Tenant.SftpAccount("localhost", server.port(), "acme", key, null,
                base.resolve("certs/known_hosts"), "/out/invoices", Duration.ofSeconds(30));
        acme = new Tenant("acme", "Acme", "73282932000074", new Tenant.Inbound(account, null), Set.of("UBL"),
                new Tenant.Returns("sftp", "/in/returns", "json", Set.of(), null, Tenant.Returns.IMMEDIATE, null));
    }

    private void startServer(int port, java.security.PublicKey clientKey) {
        server = SftpServerHost.start("127.0.0.1", port, base.resolve("host_key"));
        server.addUser("acme", base.resolve("home"), null, clientKey);
        server.writeKnownHosts(base.resolve("certs/known_hosts"));
    }

    @AfterEach
    void stop() {
        if (sftp != null) {
            sftp.close();
        }
        server.close();
    }

    @Test
    void aBurstOfDeliveriesSharesOneConnectionWhichIsClosedOnceIdle() throws IOException {
        sftp = new SupplierSftp(Duration.ofSeconds(1));
        for (int i = 0; i < 20; i++) {
            sftp.upload(acme, "answer-" + i + ".json", ("{\"n\":" + i + "}").getBytes(StandardCharsets.UTF_8));
        }

        assertThat(returned()).hasSize(20).contains("answer-0.json", "answer-19.json");
        assertThat(Files.readString(base.resolve("home/in/returns/answer-7.json"))).isEqualTo("{\"n\":7}");
        assertThat(server.sessionsOpened("acme")).isEqualTo(1);

        // the burst is over: no idle session is left on the supplier's server
        await().atMost(Duration.ofSeconds(20)).until(() -> server.sessionsOpen("acme") == 0);
        assertThat(sftp.openConnections()).isZero();

        sftp.upload(acme, "later.json", "{}".getBytes(StandardCharsets.UTF_8));
        assertThat(returned()).contains("later.json");
        assertThat(server.sessionsOpened("acme")).isEqualTo(2);
    }

    @Test
    void aDeliveryNeverListsTheSuppliersFolder() throws IOException {
        sftp = new SupplierSftp(Duration.ofSeconds(5));
        for (int i = 0; i < 50; i++) { // a return folder that has already received files
            Files.createDirectories(base.resolve("home/in/returns"));
            Files.writeString(base.resolve("home/in/returns/old-" + i + ".json"), "{}");
        }
        java.util.concurrent.atomic.AtomicInteger listings = new java.util.concurrent.atomic.AtomicInteger();
        server.onListing("acme", listings::incrementAndGet);

        for (int i = 0; i < 10; i++) {
            sftp.upload(acme, "answer-" + i + ".json", "{}".getBytes(StandardCharsets.UTF_8));
        }
        sftp.upload(acme, "answer-3.json", "{\"again\":true}".getBytes(StandardCharsets.UTF_8)); // replaced

        // a listing reads the whole folder, which grows with every delivery: Camel's producer made three per upload,
        // then one with fastExistsCheck; names are now checked with stat
        assertThat(listings.get()).isZero();
        assertThat(returned()).hasSize(60);
        assertThat(Files.readString(base.resolve("home/in/returns/answer-3.json"))).isEqualTo("{\"again\":true}");
    }

    @Test
    void aStagedFileIsInvisibleUntilPublishedAndPublishingTwiceNeverShowsItAgain() throws IOException {
        sftp = new SupplierSftp(Duration.ofSeconds(5));

        String staged = sftp.stage(acme, "answer.json", "{\"n\":1}".getBytes(StandardCharsets.UTF_8));

        assertThat(staged).isEqualTo(".part-answer.json");
        assertThat(returned()).containsExactly(".part-answer.json"); // created the missing folder; a dot-file
        assertThat(sftp.publish(acme, staged, "answer.json")).isTrue();
        assertThat(returned()).containsExactly("answer.json");
        assertThat(Files.readString(base.resolve("home/in/returns/answer.json"))).isEqualTo("{\"n\":1}");

        // published again (a restart after the rename): nothing to rename, even once the supplier took the file
        Files.delete(base.resolve("home/in/returns/answer.json"));
        assertThat(sftp.publish(acme, staged, "answer.json")).isFalse();
        assertThat(returned()).isEmpty();
    }

    @Test
    void stagingAgainReplacesAnEarlierAttemptAndPublishingReplacesAFileOfTheSameName() throws IOException {
        sftp = new SupplierSftp(Duration.ZERO);
        sftp.upload(acme, "answer.json", "{\"old\":true}".getBytes(StandardCharsets.UTF_8));
        sftp.stage(acme, "answer.json", "{\"attempt\":1}".getBytes(StandardCharsets.UTF_8)); // killed before commit

        String staged = sftp.stage(acme, "answer.json", "{\"attempt\":2}".getBytes(StandardCharsets.UTF_8));
        sftp.publish(acme, staged, "answer.json");

        assertThat(returned()).containsExactly("answer.json");
        assertThat(Files.readString(base.resolve("home/in/returns/answer.json"))).isEqualTo("{\"attempt\":2}");
    }

    @Test
    void keepOpenZeroOpensOneConnectionPerDelivery() throws IOException {
        sftp = new SupplierSftp(Duration.ZERO);
        for (int i = 0; i < 3; i++) {
            sftp.upload(acme, "answer-" + i + ".json", "{}".getBytes(StandardCharsets.UTF_8));
        }

        assertThat(returned()).hasSize(3);
        assertThat(server.sessionsOpened("acme")).isEqualTo(6); // one per call: staging, then publishing
        assertThat(sftp.openConnections()).isZero();
        await().atMost(Duration.ofSeconds(20)).until(() -> server.sessionsOpen("acme") == 0);
    }

    @Test
    void aConnectionBrokenByAServerRestartIsOpenedAgainForTheNextDelivery() throws IOException {
        sftp = new SupplierSftp(Duration.ofMinutes(5));
        sftp.upload(acme, "before.json", "{}".getBytes(StandardCharsets.UTF_8));
        int port = server.port();
        java.security.PublicKey key = SftpServerHost.readPublicKey(base.resolve("certs/id_ecdsa"));
        server.close();
        startServer(port, key);

        sftp.upload(acme, "after.json", "{}".getBytes(StandardCharsets.UTF_8));

        assertThat(returned()).containsExactlyInAnyOrder("before.json", "after.json");
        assertThat(server.sessionsOpened("acme")).isEqualTo(1);
    }

    @Test
    void aServerDownIsAnOutageToWaitForNotAFinalFailureAndLeavesNoConnectionBehind() {
        sftp = new SupplierSftp(Duration.ofMinutes(5));
        sftp.upload(acme, "before.json", "{}".getBytes(StandardCharsets.UTF_8));
        server.close();

        assertThatThrownBy(() -> sftp.upload(acme, "during.json", "{}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(RuntimeException.class)
                // IllegalStateException and IllegalArgumentException would be taken as final by the dispatcher
                .isNotInstanceOf(IllegalStateException.class)
                .isNotInstanceOf(IllegalArgumentException.class);
        assertThat(sftp.openConnections()).isZero();
    }

    private Set<String> returned() throws IOException {
        try (var files = Files.list(base.resolve("home/in/returns"))) {
            return Set.copyOf(files.map(p -> p.getFileName().toString()).toList());
        }
    }
}
