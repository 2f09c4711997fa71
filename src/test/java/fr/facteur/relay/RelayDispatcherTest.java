package fr.facteur.relay;

import static fr.facteur.returns.CppStatutSamples.InvoiceUnit;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.util.FileSystemUtils;

import fr.facteur.archive.Archive;
import fr.facteur.demo.SftpServerHost;
import fr.facteur.observability.GatewayMetrics;
import fr.facteur.returns.CapturingRelayPublisher;
import fr.facteur.returns.CppStatutParser;
import fr.facteur.returns.CppStatutSamples;
import fr.facteur.returns.ReturnFileProcessor;
import fr.facteur.returns.TrackingFixtures;
import fr.facteur.tenant.Tenant;
import fr.facteur.tracking.DeliveryRepository;
import fr.facteur.tracking.ReturnFileRepository;
import fr.facteur.tracking.StatusEventRepository;

/**
 * The relay outbox and its dispatcher, with a real PostgreSQL, a real SFTP server (acme: cppstatut or csv over
 * SFTP) and a real HTTPS webhook receiver that verifies the signature (durand: json over webhook). Time is a
 * test clock: backoff, digest periods and the order wait pass without waiting.
 */
class RelayDispatcherTest {

    static final String ACME = "73282932000074";
    static final String DURAND = "44306184100047";
    static final String SECRET = "durand-shared-secret-0123456789";

    @TempDir
    static Path base;
    static TrackingFixtures db;
    static SftpServerHost sftp;
    static int sftpPort;
    static Archive archive;
    static WebhookReceiver webhook;

    final ObjectMapper json = new ObjectMapper();
    final InMemoryTenants tenants = new InMemoryTenants();
    final TestClock clock = new TestClock(Instant.parse("2026-11-29T10:00:30Z"));
    CapturingRelayPublisher published;
    ReturnFileProcessor returns;
    RelayOutbox outbox;
    RelayDispatcher dispatcher;
    final List<SupplierSftp> supplierConnections = new java.util.ArrayList<>();

    @BeforeAll
    static void servers() throws Exception {
        db = TrackingFixtures.newDatabase("relaydispatch");
        archive = TrackingFixtures.archive(base.resolve("data"));
        startSftp(0);
        sftpPort = sftp.port();
        webhook = new WebhookReceiver(SECRET);
    }

    static void startSftp(int port) {
        sftp = SftpServerHost.start("127.0.0.1", port, base.resolve("host_key"));
        for (String id : List.of("acme", "durand")) {
            Path key = base.resolve("certs").resolve(id).resolve("id_ecdsa");
            var publicKey = Files.exists(key) ? SftpServerHost.readPublicKey(key)
                    : SftpServerHost.writeClientKey(key, id).getPublic();
            sftp.addUser(id, base.resolve("sftp").resolve(id), null, publicKey);
            sftp.writeKnownHosts(base.resolve("certs").resolve(id).resolve("known_hosts"));
        }
    }

    @AfterAll
    static void stop() {
        sftp.close();
        webhook.close();
    }

    @BeforeEach
    void emptyEverything() throws IOException {
        db.clear();
        db.jdbc.execute("truncate relay_outbox, relay_outbox_event, relay_tenant restart identity cascade");
        FileSystemUtils.deleteRecursively(returnFolder("acme"));
        Files.createDirectories(returnFolder("acme"));
        webhook.reset();
        published = new CapturingRelayPublisher();
        returns = new ReturnFileProcessor(archive, new CppStatutParser(), new ReturnFileRepository(db.jdbc),
                new StatusEventRepository(db.jdbc), published, db.transactions(), json,
                new GatewayMetrics(new SimpleMeterRegistry()));
        RelayService relay = relayService();
        outbox = new RelayOutbox(db.jdbc, json, clock);
        dispatcher = new RelayDispatcher(outbox, relay, tenants, new DeliveryRepository(db.jdbc), db.transactions(),
                properties(), clock);
        tenants.install(sftpTenant("acme", ACME, "cppstatut", Tenant.Returns.IMMEDIATE, null));
        tenants.install(webhookTenant(Tenant.Returns.IMMEDIATE, null));
    }

    // --- webhook -------------------------------------------------------------------------------------------------

    @Test
    void aWebhookTenantReceivesItsEventsSignedOverHttpsWithAnIdempotencyKey() throws Exception {
        reported("durand", DURAND, CppStatutSamples.DEBTOR, "D-1");
        reported("acme", ACME, CppStatutSamples.DEBTOR, "F-1");

        arrive("mixed.xml", InvoiceUnit.of(DURAND, "D-1", "01", "2026-11-20T09:00:00"),
                InvoiceUnit.of(ACME, "F-1", "01", "2026-11-20T09:00:00"));

        assertThat(webhook.refused).isEmpty();
        assertThat(webhook.received).singleElement().satisfies(r -> {
            assertThat(r.idempotencyKey()).isEqualTo(keyOf("durand"));
            assertThat(r.fileName()).isEqualTo("mixed.xml.json");
            assertThat(r.tenant()).isEqualTo("durand");
            assertThat(r.contentType()).isEqualTo("application/json");
            assertThat(r.body()).contains("D-1").doesNotContain("F-1", ACME);
        });
        assertThat(names("acme")).containsExactly("mixed.xml");
        assertThat(Files.readString(returnFolder("acme").resolve("mixed.xml"))).contains("F-1").doesNotContain("D-1");
        assertThat(db.jdbc.queryForList("select channel from delivery where tenant_id = 'durand'", String.class))
                .containsExactly("WEBHOOK");
    }

    @Test
    void aWebhookAnswering503WaitsWithBackoffAndResumesInOrderWithoutBlockingOtherTenants() throws Exception {
        reported("durand", DURAND, CppStatutSamples.DEBTOR, "D-1");
        reported("durand", DURAND, CppStatutSamples.DEBTOR, "D-2");
        reported("acme", ACME, CppStatutSamples.DEBTOR, "F-1");
        webhook.answerNext(503, 503);

        arrive("one.xml", InvoiceUnit.of(DURAND, "D-1", "01", "2026-11-20T09:00:00"),
                InvoiceUnit.of(ACME, "F-1", "01", "2026-11-20T09:00:00"));
        arrive("two.xml", InvoiceUnit.of(DURAND, "D-2", "01", "2026-11-20T09:05:00"));

        assertThat(webhook.received).isEmpty();
        assertThat(webhook.requests).isEqualTo(1); // the tenant stopped at its first failure
        assertThat(names("acme")).containsExactly("one.xml"); // acme was not held up
        assertThat(outbox.state("durand")).satisfies(s -> {
            assertThat(s.attempts()).isEqualTo(1);
            assertThat(s.nextAttemptAt().toInstant()).isEqualTo(clock.instant().plusSeconds(2));
            assertThat(s.lastError()).contains("answered 503").doesNotContain(SECRET);
        });

        dispatcher.dispatchAll(); // backoff not over: nothing tried
        assertThat(webhook.requests).isEqualTo(1);

        clock.advance(Duration.ofSeconds(2));
        dispatcher.dispatchAll(); // 503 again: backoff doubles
        assertThat(outbox.state("durand").attempts()).isEqualTo(2);
        assertThat(outbox.state("durand").nextAttemptAt().toInstant()).isEqualTo(clock.instant().plusSeconds(4));

        clock.advance(Duration.ofSeconds(4));
        dispatcher.dispatchAll();
        assertThat(webhook.received).extracting(WebhookReceiver.Received::fileName)
                .containsExactly("one.xml.json", "two.xml.json");
        assertThat(outbox.state("durand").attempts()).isZero();
        assertThat(outbox.pendingCount("durand")).isZero();

        dispatcher.dispatchAll(); // nothing sent twice
        assertThat(webhook.received).hasSize(2);
        assertThat(db.jdbc.queryForObject("select count(*) from delivery where tenant_id = 'durand'", Integer.class))
                .isEqualTo(2);
    }

    @Test
    void aWebhookAnswering429OrTimingOutIsRetriedButA400IsAFinalVisibleFailure() throws Exception {
        reported("durand", DURAND, CppStatutSamples.DEBTOR, "D-1");
        reported("durand", DURAND, CppStatutSamples.DEBTOR, "D-2");
        webhook.answerNext(429);
        arrive("one.xml", InvoiceUnit.of(DURAND, "D-1", "01", "2026-11-20T09:00:00"));
        assertThat(outbox.state("durand").attempts()).isEqualTo(1);

        clock.advance(Duration.ofSeconds(2));
        webhook.answerNext(400);
        arrive("two.xml", InvoiceUnit.of(DURAND, "D-2", "01", "2026-11-20T09:05:00"));

        // one.xml got the 400: failed for good, kept and shown; two.xml went on
        assertThat(webhook.received).extracting(WebhookReceiver.Received::fileName).containsExactly("two.xml.json");
        assertThat(outbox.failed("durand", 10)).singleElement().satisfies(f -> {
            assertThat(f.messageKey()).isEqualTo(published.published.get(0).key());
            assertThat(f.error()).contains("refused one.xml.json with 400");
        });
        assertThat(outbox.pendingCount("durand")).isZero();
    }

    @Test
    void aWebhookTooSlowForTheTenantsTimeoutIsRetriedLater() throws Exception {
        tenants.install(new Tenant("durand", "Durand", DURAND, new Tenant.Inbound(null, null), Set.of("UBL"),
                new Tenant.Returns("webhook", null, "json", Set.of(), new Tenant.Webhook(webhook.url(),
                        "DURAND_WEBHOOK_SECRET", Duration.ofMillis(300)), Tenant.Returns.IMMEDIATE, null)));
        reported("durand", DURAND, CppStatutSamples.DEBTOR, "D-1");
        webhook.answerNext(WebhookReceiver.SLOW);

        arrive("one.xml", InvoiceUnit.of(DURAND, "D-1", "01", "2026-11-20T09:00:00"));

        assertThat(outbox.state("durand").attempts()).isEqualTo(1);
        assertThat(outbox.state("durand").lastError()).contains("unreachable").contains("HttpTimeoutException");
        assertThat(outbox.pendingCount("durand")).isEqualTo(1);
        tenants.install(webhookTenant(Tenant.Returns.IMMEDIATE, null));
        clock.advance(Duration.ofSeconds(2));
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> {
            dispatcher.dispatchAll();
            return outbox.pendingCount("durand") == 0;
        });
        assertThat(fileNames()).containsExactly("one.xml.json");
    }

    // --- several instances -------------------------------------------------------------------------------------

    @Test
    void twoGatewayInstancesSendADigestOnceAndAStoppedOnesWorkIsDoneByTheOther() throws Exception {
        tenants.install(webhookTenant(Tenant.Returns.DIGEST, Duration.ofMinutes(15)));
        for (int i = 1; i <= 5; i++) {
            reported("durand", DURAND, CppStatutSamples.DEBTOR, "D-" + i);
            arrive("f" + i + ".xml", InvoiceUnit.of(DURAND, "D-" + i, "01", "2026-11-20T09:00:00"));
        }
        assertThat(webhook.received).isEmpty();
        clock.advance(Duration.ofMinutes(15));

        // a second instance, as after a restart or beside the first: same database, its own dispatcher
        RelayDispatcher other = new RelayDispatcher(new RelayOutbox(db.jdbc, json, clock), relayService(), tenants,
                new DeliveryRepository(db.jdbc), db.transactions(), new RelayProperties(Duration.ofSeconds(1), 2,
                        Duration.ofMinutes(10), Duration.ofSeconds(2), Duration.ofMinutes(1), null, null, Duration.ofSeconds(5)), clock);
        Thread second = new Thread(other::dispatchAll);
        second.start();
        dispatcher.dispatchAll();
        second.join(30_000);
        dispatcher.dispatchAll();
        other.dispatchAll();

        assertThat(webhook.received).singleElement().satisfies(digest ->
                assertThat(tree(digest.body()).size()).isEqualTo(5));
        assertThat(outbox.pendingCount("durand")).isZero();
    }

    // --- SFTP outage ---------------------------------------------------------------------------------------------

    @Test
    void anSftpServerDownHoldsTheTenantsDeliveriesUntilItIsBackThenDeliversThemInOrderOnce() throws Exception {
        tenants.install(sftpTenant("acme", ACME, "csv", Tenant.Returns.IMMEDIATE, null));
        reported("acme", ACME, CppStatutSamples.DEBTOR, "F-1");
        reported("durand", DURAND, CppStatutSamples.DEBTOR, "D-1");
        sftp.close();
        try {
            arrive("one.xml", InvoiceUnit.of(ACME, "F-1", "01", "2026-11-20T09:00:00"),
                    InvoiceUnit.of(DURAND, "D-1", "01", "2026-11-20T09:00:00"));
            arrive("two.xml", InvoiceUnit.of(ACME, "F-1", "02", "2026-11-20T09:01:00"));

            assertThat(outbox.state("acme").attempts()).isEqualTo(1);
            assertThat(outbox.pendingCount("acme")).isEqualTo(2);
            assertThat(webhook.received).hasSize(1); // durand's webhook did not wait for acme's server
        } finally {
            startSftp(sftpPort);
        }
        clock.advance(Duration.ofSeconds(2));
        dispatcher.dispatchAll();

        assertThat(names("acme")).containsExactly("one.xml.csv", "two.xml.csv");
        assertThat(Files.readAllLines(returnFolder("acme").resolve("two.xml.csv")))
                .containsExactly("invoiceNumber;flow;level;code;status;label;occurredAt;comment",
                        Files.readAllLines(returnFolder("acme").resolve("two.xml.csv")).get(1));
        assertThat(db.jdbc.queryForList("select file_name from delivery where tenant_id = 'acme' order by id",
                String.class)).containsExactly("one.xml.csv", "two.xml.csv");
        assertThat(outbox.state("acme").attempts()).isZero();
    }

    // --- SFTP crash window: staged, committed, then renamed -----------------------------------------------------

    @Test
    void killedAfterTheCommitButBeforeTheRenameTheFileIsPublishedOnceAfterTheRestart() throws Exception {
        tenants.install(sftpTenant("acme", ACME, "csv", Tenant.Returns.IMMEDIATE, null));
        reported("acme", ACME, CppStatutSamples.DEBTOR, "F-1");
        useSupplierSftp(new DyingSupplierSftp(false)); // dies where the rename would be

        arrive("one.xml", InvoiceUnit.of(ACME, "F-1", "01", "2026-11-20T09:00:00"));

        // recorded and committed, but the supplier sees nothing yet: the file waits under its temporary name
        assertThat(names("acme")).containsExactly(".part-one.xml.csv");
        assertThat(stagedDeliveries("acme")).containsExactly("one.xml.csv");
        assertThat(outbox.pendingCount("acme")).isZero();

        useSupplierSftp(supplierSftp()); // the restarted gateway: nothing pending in the outbox, only the rename
        clock.advance(Duration.ofSeconds(2));
        dispatcher.dispatchAll();

        assertThat(names("acme")).containsExactly("one.xml.csv");
        assertThat(stagedDeliveries("acme")).isEmpty();
        assertThat(db.jdbc.queryForList("select file_name from delivery where tenant_id = 'acme'", String.class))
                .containsExactly("one.xml.csv");
    }

    @Test
    void killedAfterTheRenameTheFileIsNotSentAgainEvenOnceTheSupplierHasCollectedIt() throws Exception {
        tenants.install(sftpTenant("acme", ACME, "csv", Tenant.Returns.IMMEDIATE, null));
        reported("acme", ACME, CppStatutSamples.DEBTOR, "F-1");
        useSupplierSftp(new DyingSupplierSftp(true)); // renames, then dies before recording it

        arrive("one.xml", InvoiceUnit.of(ACME, "F-1", "01", "2026-11-20T09:00:00"));
        assertThat(names("acme")).containsExactly("one.xml.csv");
        assertThat(stagedDeliveries("acme")).containsExactly("one.xml.csv");
        Files.delete(returnFolder("acme").resolve("one.xml.csv")); // the supplier's poller took it

        useSupplierSftp(supplierSftp());
        clock.advance(Duration.ofSeconds(2));
        arrive("two.xml", InvoiceUnit.of(ACME, "F-1", "02", "2026-11-20T09:01:00"));

        // one.xml.csv is not uploaded a second time; the next delivery goes as usual
        assertThat(names("acme")).containsExactly("two.xml.csv");
        assertThat(stagedDeliveries("acme")).isEmpty();
        assertThat(db.jdbc.queryForList("select file_name from delivery where tenant_id = 'acme' order by id",
                String.class)).containsExactly("one.xml.csv", "two.xml.csv");
    }

    /** Stands for a gateway killed during publication: before the rename, or just after it. */
    private final class DyingSupplierSftp extends SupplierSftp {
        private final boolean afterRename;

        DyingSupplierSftp(boolean afterRename) {
            super(Duration.ZERO);
            this.afterRename = afterRename;
        }

        @Override
        public boolean publish(Tenant tenant, String stagedName, String fileName) {
            if (afterRename) {
                super.publish(tenant, stagedName, fileName);
            }
            throw new EndpointUnavailableException("killed", null);
        }
    }

    private void useSupplierSftp(SupplierSftp connections) {
        dispatcher = new RelayDispatcher(outbox, relayService(connections), tenants, new DeliveryRepository(db.jdbc),
                db.transactions(), properties(), clock);
    }

    private List<String> stagedDeliveries(String tenantId) {
        return db.jdbc.queryForList("select file_name from delivery where tenant_id = ? and staged_name is not null "
                + "order by id", String.class, tenantId);
    }

    // --- lifecycle order and repeats ---------------------------------------------------------------------------

    @Test
    void aStatusArrivingBeforeItsPredecessorIsHeldUntilThePredecessorIsRelayed() throws Exception {
        reported("durand", DURAND, CppStatutSamples.DEBTOR, "D-1");
        arrive("routed.xml", InvoiceUnit.of(DURAND, "D-1", "01", "2026-11-20T09:00:00"),
                InvoiceUnit.of(DURAND, "D-1", "02", "2026-11-20T09:01:00"),
                InvoiceUnit.of(DURAND, "D-1", "03", "2026-11-20T09:02:00"));

        // Chorus Pro's files come out of order: Mandatée (08) before Service fait (07)
        arrive("mandated.xml", InvoiceUnit.of(DURAND, "D-1", "08", "2026-11-22T09:00:00"));
        assertThat(fileNames()).containsExactly("routed.xml.json");

        clock.advance(Duration.ofMinutes(1));
        arrive("done.xml", InvoiceUnit.of(DURAND, "D-1", "07", "2026-11-21T09:00:00"));
        assertThat(fileNames()).containsExactly("routed.xml.json", "done.xml.json", "mandated.xml.json");
    }

    @Test
    void aHeldStatusGoesAnywayOnceTheBoundedWaitHasPassed() throws Exception {
        reported("durand", DURAND, CppStatutSamples.DEBTOR, "D-1");
        arrive("routed.xml", InvoiceUnit.of(DURAND, "D-1", "01", "2026-11-20T09:00:00"));
        arrive("paid.xml", InvoiceUnit.of(DURAND, "D-1", "11", "2026-11-25T09:00:00"));
        assertThat(fileNames()).containsExactly("routed.xml.json");

        clock.advance(Duration.ofMinutes(9));
        dispatcher.dispatchAll();
        assertThat(fileNames()).containsExactly("routed.xml.json");

        clock.advance(Duration.ofMinutes(2)); // order-wait (10m) has passed: some structures skip steps
        dispatcher.dispatchAll();
        assertThat(fileNames()).containsExactly("routed.xml.json", "paid.xml.json");
    }

    @Test
    void theSameStatusReceivedInTwoReturnFilesIsRelayedOnce() throws Exception {
        reported("durand", DURAND, CppStatutSamples.DEBTOR, "D-1");
        arrive("a.xml", InvoiceUnit.of(DURAND, "D-1", "01", "2026-11-20T09:00:00"));
        // the same status with the same Horodatage in another file: one event (status_event.event_key)
        arrive("b.xml", InvoiceUnit.of(DURAND, "D-1", "01", "2026-11-20T09:00:00"),
                InvoiceUnit.of(DURAND, "D-1", "02", "2026-11-20T09:01:00"));
        // the same status again with another Horodatage: a repeat, dropped by the outbox
        arrive("c.xml", InvoiceUnit.of(DURAND, "D-1", "02", "2026-11-20T11:00:00"),
                InvoiceUnit.of(DURAND, "D-1", "03", "2026-11-20T11:01:00"));

        List<String> codes = webhook.received.stream().flatMap(r -> codes(r.body()).stream()).toList();
        assertThat(codes).containsExactly("01", "02", "03");
    }

    // --- digest --------------------------------------------------------------------------------------------------

    @Test
    void aDigestTenantGetsOneDocumentPerPeriodWithEverythingOfThePeriodAndNothingTwice() throws Exception {
        tenants.install(webhookTenant(Tenant.Returns.DIGEST, Duration.ofMinutes(15)));
        reported("durand", DURAND, CppStatutSamples.DEBTOR, "D-1");
        reported("durand", DURAND, CppStatutSamples.DEBTOR, "D-2");
        long document = reported("durand", DURAND, CppStatutSamples.DEBTOR, "D-3").documentId();

        arrive("a.xml", InvoiceUnit.of(DURAND, "D-1", "01", "2026-11-20T09:00:00"));
        arrive("b.xml", InvoiceUnit.of(DURAND, "D-2", "01", "2026-11-20T09:01:00"));
        // an answer to a supplier's file is not a lifecycle event: it goes at once
        outbox.accept(RelayMessage.answer(RelayMessage.Kind.ACK, "durand", "answer:" + document, document, "D-3.xml",
                "{\"outcome\":\"ACCEPTED\"}"));
        dispatcher.dispatchAll();
        assertThat(fileNames()).containsExactly("D-3.xml.ack.json");

        clock.set(Instant.parse("2026-11-29T10:15:01Z")); // the period 10:00-10:15 is over
        dispatcher.dispatchAll();
        arrive("c.xml", InvoiceUnit.of(DURAND, "D-1", "02", "2026-11-20T09:02:00")); // belongs to the next period
        dispatcher.dispatchAll();

        assertThat(fileNames()).containsExactly("D-3.xml.ack.json", "digest_durand_20261129T101500Z.json");
        WebhookReceiver.Received digest = webhook.received.get(1);
        assertThat(digest.idempotencyKey()).isEqualTo("digest:durand:" + Instant.parse("2026-11-29T10:15:00Z").getEpochSecond());
        assertThat(json.readTree(digest.body()).size()).isEqualTo(2);
        assertThat(digest.body()).contains("D-1", "D-2");

        clock.set(Instant.parse("2026-11-29T10:30:00Z"));
        dispatcher.dispatchAll();
        assertThat(fileNames()).containsExactly("D-3.xml.ack.json", "digest_durand_20261129T101500Z.json",
                "digest_durand_20261129T103000Z.json");
        assertThat(codes(webhook.received.get(2).body())).containsExactly("02");
        dispatcher.dispatchAll();
        assertThat(webhook.received).hasSize(3);
    }

    @Test
    void aCppStatutDigestMergesTheFilteredFilesUnderOneEnvelope() throws Exception {
        tenants.install(sftpTenant("acme", ACME, "cppstatut", Tenant.Returns.DIGEST, Duration.ofMinutes(15)));
        reported("acme", ACME, CppStatutSamples.DEBTOR, "F-1");
        reported("acme", ACME, CppStatutSamples.DEBTOR, "F-2");
        reported("durand", DURAND, CppStatutSamples.DEBTOR, "D-1");

        arrive("a.xml", InvoiceUnit.of(ACME, "F-1", "01", "2026-11-20T09:00:00"),
                InvoiceUnit.of(DURAND, "D-1", "01", "2026-11-20T09:00:00"));
        arrive("b.xml", InvoiceUnit.of(ACME, "F-2", "01", "2026-11-20T09:01:00"));
        assertThat(names("acme")).isEmpty();

        clock.advance(Duration.ofMinutes(15));
        dispatcher.dispatchAll();

        assertThat(names("acme")).containsExactly("digest_acme_20261129T101500Z.xml");
        String xml = Files.readString(returnFolder("acme").resolve("digest_acme_20261129T101500Z.xml"));
        assertThat(xml).contains("<CPPFactureStatuts compteur=\"2\">", "NumOrdre=\"1\"", "NumOrdre=\"2\"",
                "<IdFacture>F-1</IdFacture>", "<IdFacture>F-2</IdFacture>").doesNotContain("D-1", DURAND);
        assertThat(new CppStatutParser().parse("digest.xml", returnFolder("acme").resolve("digest_acme_20261129T101500Z.xml")).lines())
                .hasSize(2);
    }

    @Test
    void deposeeWaitsForItsFlowsIntegrationReportWhenTheReportComesLater() throws Exception {
        TrackingFixtures.Seeded seeded = db.transmittedInvoice("durand", DURAND, CppStatutSamples.DEBTOR, "D-1");
        // the invoice statuses' file comes before the integration report's
        arrive("statuses.xml", InvoiceUnit.of(DURAND, "D-1", "01", "2026-11-20T09:05:00"),
                InvoiceUnit.of(DURAND, "D-1", "02", "2026-11-20T09:06:00"));
        assertThat(fileNames()).isEmpty();

        clock.advance(Duration.ofMinutes(1));
        arriveFlow("report.xml", new CppStatutSamples.FlowUnit(seeded.flowName(), "90", "CPP0011100000000000000001",
                "2026-11-20T09:00:00", List.of()));
        assertThat(fileNames()).containsExactly("report.xml.json", "statuses.xml.json");
        assertThat(codes(webhook.received.get(0).body())).containsExactly("90");
    }

    @Test
    void deposeeGoesAnywayWhenNoReportComesWithinTheBoundedWait() throws Exception {
        db.transmittedInvoice("durand", DURAND, CppStatutSamples.DEBTOR, "D-1");
        arrive("statuses.xml", InvoiceUnit.of(DURAND, "D-1", "01", "2026-11-20T09:05:00"));
        assertThat(fileNames()).isEmpty();
        clock.advance(Duration.ofMinutes(11));
        dispatcher.dispatchAll();
        assertThat(fileNames()).containsExactly("statuses.xml.json");
    }

    @Test
    void aPartiallyIntegratedBatchReachesEachSupplierAsItsReportAndTheRejectionOfEachNamedInvoice() throws Exception {
        var acme = db.transmittedBatch("acme", ACME, CppStatutSamples.DEBTOR, "F-1", "F-2");
        var durand = db.transmittedBatch("durand", DURAND, CppStatutSamples.DEBTOR, "D-1", "D-2");
        arriveFlow("reports.xml",
                new CppStatutSamples.FlowUnit(acme.get(0).flowName(), "96", "CPP0011100000000000000010",
                        "2026-11-20T09:00:00", List.<String[]>of(new String[] {"METIER", "CODE_SERVICE",
                                "Facture F-2 : code service obligatoire", "BuyerReference"})),
                new CppStatutSamples.FlowUnit(durand.get(0).flowName(), "96", "CPP0011100000000000000011",
                        "2026-11-20T09:00:00", List.<String[]>of(new String[] {"METIER", "ENGAGEMENT",
                                "Facture D-1 : engagement inconnu", "OrderReference"})));

        // cppstatut: the report unit of acme's flow only, which carries the error lines
        String xml = Files.readString(returnFolder("acme").resolve("reports.xml"));
        assertThat(xml).contains(acme.get(0).flowName(), "Facture F-2 : code service obligatoire")
                .doesNotContain(durand.get(0).flowName(), "D-1");
        // json: the report and the rejection of D-1 with its reason
        JsonNode events = tree(webhook.received.get(0).body());
        assertThat(events.findValuesAsText("status")).containsExactly("INTEGRATION_REPORT", "REJETEE");
        assertThat(events.get(1).path("invoiceNumber").asText()).isEqualTo("D-1");
        assertThat(events.get(1).path("comment").asText()).contains("engagement inconnu");
        assertThat(webhook.received.get(0).body()).doesNotContain("F-2");
    }

    // --- helpers -------------------------------------------------------------------------------------------------

    /** An invoice of a transmitted flow whose integration report was already relayed (or never to be waited for). */
    private TrackingFixtures.Seeded reported(String tenantId, String seller, String buyer, String number) {
        TrackingFixtures.Seeded seeded = db.transmittedInvoice(tenantId, seller, buyer, number);
        db.jdbc.update("update flow set state = 'INTEGRATED', report_at = now() where id = ?", seeded.flowId());
        return seeded;
    }

    private void arriveFlow(String name, CppStatutSamples.FlowUnit... units) throws IOException {
        Path file = Files.createDirectories(base.resolve("incoming")).resolve(name);
        Files.writeString(file, CppStatutSamples.flowStatuses(units));
        ReturnFileProcessor.Outcome outcome = returns.process(name, file);
        for (RelayMessage message : List.copyOf(published.published)) {
            if (message.returnFileId() != null && message.returnFileId() == outcome.returnFileId()) {
                outbox.accept(json.readValue(json.writeValueAsString(message), RelayMessage.class));
            }
        }
        dispatcher.dispatchAll();
    }

    /** Connections kept for a burst, as in production; closed after each test. */
    private SupplierSftp supplierSftp() {
        SupplierSftp connections = new SupplierSftp(Duration.ofSeconds(5));
        supplierConnections.add(connections);
        return connections;
    }

    @AfterEach
    void closeSupplierConnections() {
        supplierConnections.forEach(SupplierSftp::close);
        supplierConnections.clear();
    }

    private static RelayProperties properties() {
        return new RelayProperties(Duration.ofSeconds(1), 2, Duration.ofMinutes(10), Duration.ofSeconds(2),
                Duration.ofMinutes(1), null, null, Duration.ofSeconds(5));
    }

    private RelayService relayService() {
        return relayService(supplierSftp());
    }

    private RelayService relayService(SupplierSftp connections) {
        supplierConnections.add(connections);
        return new RelayService(tenants, new DeliveryRepository(db.jdbc), new ReturnFileRepository(db.jdbc),
                new StatusEventRepository(db.jdbc), new ReturnRenderer(new CppStatutFilter(), json),
                connections,
                new WebhookSender(webhook.clientTrust(), Map.of("DURAND_WEBHOOK_SECRET", SECRET)::get, Clock.systemUTC()),
                archive, new GatewayMetrics(new SimpleMeterRegistry()));
    }

    private JsonNode tree(String body) {
        try {
            return json.readTree(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A Chorus Pro return file arrives: processed, its messages go through the queue's JSON into the outbox. */
    private void arrive(String name, InvoiceUnit... units) throws IOException {
        Path file = Files.createDirectories(base.resolve("incoming")).resolve(name);
        Files.writeString(file, CppStatutSamples.invoiceStatuses(units));
        ReturnFileProcessor.Outcome outcome = returns.process(name, file);
        for (RelayMessage message : List.copyOf(published.published)) {
            if (message.returnFileId() != null && message.returnFileId() == outcome.returnFileId()) {
                outbox.accept(json.readValue(json.writeValueAsString(message), RelayMessage.class));
            }
        }
        dispatcher.dispatchAll();
    }

    private String keyOf(String tenant) {
        return published.published.stream().filter(m -> m.tenantId().equals(tenant)).findFirst().orElseThrow().key();
    }

    private List<String> fileNames() {
        return webhook.received.stream().map(WebhookReceiver.Received::fileName).toList();
    }

    private List<String> codes(String body) {
        try {
            return json.readTree(body).findValuesAsText("code");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Tenant sftpTenant(String id, String siret, String format, String timing, Duration every) {
        Tenant.SftpAccount account = new Tenant.SftpAccount("localhost", sftpPort, id,
                base.resolve("certs").resolve(id).resolve("id_ecdsa"), null,
                base.resolve("certs").resolve(id).resolve("known_hosts"), "/out/invoices", Duration.ofSeconds(30));
        return new Tenant(id, "Supplier " + id, siret, new Tenant.Inbound(account, null), Set.of("UBL"),
                new Tenant.Returns("sftp", "/in/returns", format, Set.of(), null, timing, every));
    }

    private static Tenant webhookTenant(String timing, Duration every) {
        return new Tenant("durand", "Durand", DURAND, new Tenant.Inbound(null, null), Set.of("UBL"),
                new Tenant.Returns("webhook", null, "json", Set.of(),
                        new Tenant.Webhook(webhook.url(), "DURAND_WEBHOOK_SECRET", Duration.ofSeconds(5)), timing, every));
    }

    private static Path returnFolder(String id) {
        return base.resolve("sftp").resolve(id).resolve("in/returns");
    }

    private static List<String> names(String id) {
        try (Stream<Path> files = Files.list(returnFolder(id))) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A clock the test moves. */
    static final class TestClock extends Clock {

        private volatile Instant now;

        TestClock(Instant now) {
            this.now = now;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }

        void set(Instant instant) {
            now = instant;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
