package fr.facteur.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Period;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import fr.facteur.as2.As2TestClient;
import fr.facteur.crypto.Certificates;
import fr.facteur.crypto.OperatorIdentity;
import fr.facteur.demo.SftpServerHost;
import fr.facteur.inbound.as2.As2Server;
import fr.facteur.testsupport.GatewayTestEnvironment;
import fr.facteur.testsupport.TestInvoices;

/**
 * Outage (issue 7 §2, issue 5 §6): partners really go away (their SFTP server is stopped, the port refuses
 * connections) while suppliers keep sending, then come back; the gateway must wait and catch up by itself, losing
 * nothing, sending nothing twice, keeping each tenant's order. No operator action anywhere in this test.
 *
 * <ul>
 * <li><b>Phase A, Chorus Pro unreachable.</b> Chorus Pro's SFTP server is stopped while tenants keep sending over SFTP
 * and AS2. Transmission pauses (connection DEGRADED/DOWN with a pause, health chorusPro DOWN) and the backlog of flows
 * waiting builds up; once the server is back the backlog drains: every flow is deposited exactly once, and each
 * tenant's flows reach Chorus Pro in the order its files came in (uploads are recorded on the Chorus Pro server
 * itself, in the order they completed).</li>
 * <li><b>Phase B, a supplier's SFTP server unreachable.</b> Supplier {@code x1} sends over AS2 and takes its answers
 * and statuses on its own SFTP server, which is stopped while statuses keep coming for it and for the others. The
 * others' statuses keep being relayed meanwhile; x1's relay backlog builds (GET /api/relay/x1, health tenantsSftp) and
 * drains once its server is back: each status once, in lifecycle order per invoice and in Chorus Pro's order of
 * return files.</li>
 * </ul>
 *
 * Size: {@code reliability.outage-invoices} (25 in CI, 500 in the full run), {@code reliability.outage-seconds} (each
 * outage lasts at least this long: 6 in CI, 60 in the full run).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext
class OutageIT {

    static final int INVOICES = Integer.getInteger("reliability.outage-invoices", 25);
    static final Duration OUTAGE = Duration.ofSeconds(Long.getLong("reliability.outage-seconds", 6));
    /** Every tenant here runs the sample's buyer scenario: Chorus Pro's full lifecycle up to Mise en paiement. */
    static final List<String> LIFECYCLE = List.of("01", "02", "03", "07", "08", "09", "10", "11");
    static final Pattern NUMBER = Pattern.compile("OUT-([a-z0-9]+)-(\\d{5})");
    static final Pattern STATUS_FILE = Pattern.compile("CPPStatut_\\d+_(\\d+)\\.xml\\.json");

    static final GatewayTestEnvironment env = GatewayTestEnvironment.start("outage");
    static final SwitchableSftpServer chorusPro = SwitchableSftpServer.start(
            env.base().resolve("certs/outage-chorus-pro/host_key"));
    /** x1's own SFTP server, where its answers and statuses are delivered. */
    static final SwitchableSftpServer x1Server = SwitchableSftpServer.start(
            env.base().resolve("certs/outage-x1/host_key"));
    static final KeyPair AS2_KEYS = Certificates.rsaKeyPair(2048);
    static final List<Supplier> suppliers = new ArrayList<>();
    static final ObjectMapper json = new ObjectMapper();

    /** A tenant of the run and the numbers it sent, in the order it sent them. */
    record Supplier(String id, String siret, String as2Id, X509Certificate cert, List<String> sent) {

        boolean as2() {
            return as2Id != null;
        }
    }

    static {
        Path chorusHome = env.dataDir().resolve("demo-sftp/chorus-pro");
        chorusPro.addUser("chorus-pro", chorusHome,
                SftpServerHost.readPublicKey(env.base().resolve("certs/operator/id_ecdsa")));
        chorusPro.writeKnownHosts(env.base().resolve("certs/outage-chorus-pro/known_hosts"));
        int i = 0;
        for (String id : List.of("s1", "s2", "a1", "a2", "x1")) {
            String siret = siret(++i);
            if (id.startsWith("s")) {
                env.addSupplier(id, siret, "json", List.of());
                suppliers.add(new Supplier(id, siret, null, null, new CopyOnWriteArrayList<>()));
                continue;
            }
            X509Certificate cert = Certificates.selfSigned(AS2_KEYS, "CN=" + id, Period.ofDays(30));
            Path certFile = env.base().resolve("certs/" + id + "/as2.pem");
            Certificates.writeCertificatePem(certFile, cert);
            String as2Id = "AS2-" + id.toUpperCase();
            Path tenantFile = env.addSupplier(id, siret, "json", List.of(), "{ as2-id: " + as2Id + ", certificate: "
                    + certFile + ", require-signature: true, require-encryption: true }");
            suppliers.add(new Supplier(id, siret, as2Id, cert, new CopyOnWriteArrayList<>()));
            if (id.equals("x1")) {
                onItsOwnServer(id, tenantFile);
            }
        }
    }

    /** Moves a supplier's SFTP connection (where its returns go) to {@link #x1Server}, same folders. */
    private static void onItsOwnServer(String id, Path tenantFile) {
        x1Server.addUser(id, env.supplierHome(id), SftpServerHost.readPublicKey(env.base().resolve("certs/" + id
                + "/id_ecdsa")));
        x1Server.writeKnownHosts(env.base().resolve("certs/" + id + "/known_hosts"));
        try {
            String yaml = Files.readString(tenantFile).replace("port: " + env.sftp().port() + "\n",
                    "port: " + x1Server.port() + "\n");
            Path tmp = tenantFile.resolveSibling("." + id + ".yaml.tmp");
            Files.writeString(tmp, yaml);
            Files.move(tmp, tenantFile, java.nio.file.StandardCopyOption.ATOMIC_MOVE,
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @DynamicPropertySource
    static void gateway(DynamicPropertyRegistry registry) {
        env.register(registry);
        registry.add("facteur.chorus-pro.sftp.port", () -> String.valueOf(chorusPro.port()));
        registry.add("facteur.chorus-pro.sftp.known-hosts",
                () -> env.base().resolve("certs/outage-chorus-pro/known_hosts").toString());
        GatewayTestEnvironment.registerAs2(registry);
        // short backoffs so the test sees the catch-up within seconds of the partner's return (defaults: minutes)
        registry.add("facteur.chorus-pro.api.max-backoff", () -> "2s");
        registry.add("facteur.relay.backoff-first", () -> "500ms");
        registry.add("facteur.relay.backoff-max", () -> "2s");
        registry.add("facteur.relay.tick", () -> "200ms");
    }

    @AfterAll
    static void stop() {
        chorusPro.close();
        x1Server.close();
        env.close();
    }

    @Autowired
    As2Server as2;
    @Autowired
    OperatorIdentity operator;
    @Autowired
    TestRestTemplate anonymous;

    private TestRestTemplate admin() {
        return anonymous.withBasicAuth(GatewayTestEnvironment.ADMIN, GatewayTestEnvironment.ADMIN_PASSWORD);
    }

    @Test
    void backlogsBuildDuringOutagesAndDrainByThemselvesInOrderWithNoLossNoDuplicate() throws Exception {
        int perTenantA = Math.max(3, INVOICES * 3 / 5 / suppliers.size());
        int perTenantB = Math.max(2, INVOICES * 2 / 5 / suppliers.size());
        await().atMost(Duration.ofSeconds(60)).until(() -> suppliers.stream().allMatch(s ->
                "INSTALLED".equals(admin().getForObject("/api/tenants/{id}", Map.class, s.id()).get("state"))));

        PhaseA a = chorusProUnreachable(perTenantA);
        PhaseB b = supplierUnreachable(perTenantB);

        // nothing was deposited twice over the whole run (phase B's flows included)
        Map<String, Integer> depositCounts = depositCounts();
        int depositedTwice = (int) depositCounts.values().stream().filter(n -> n > 1).count();
        int sentTotal = suppliers.stream().mapToInt(s -> s.sent().size()).sum();
        assertThat(depositCounts).as("flows deposited at Chorus Pro").hasSize(sentTotal);
        assertThat(depositedTwice).as("flows deposited twice").isZero();
        int depositsOutOfOrder = depositOrderViolations();
        assertThat(depositsOutOfOrder).as("flows that reached Chorus Pro before one their tenant sent earlier")
                .isZero();

        ReliabilityReport.section("Outage", """
                | figure | A: Chorus Pro unreachable | B: a supplier's SFTP server unreachable |
                |---|---|---|
                | tenants sending | %d (%d over SFTP, %d over AS2) | %d (x1 over AS2, its returns over SFTP) |
                | invoices | %d (%d sent during the outage) | %d (%d of x1's) |
                | outage | %.1f s | %.1f s |
                | backlog peak | %d flows waiting for Chorus Pro | %d deliveries waiting for x1 |
                | time to drain after the partner's return | %.1f s | %.1f s |
                | other tenants' invoices fully relayed while x1 was down | — | %d of %d |
                | lost | %d | %d |
                | duplicated | %d | %d |
                | out of order | %d (tenant's order of deposits) | %d (lifecycle of an invoice), %d (file order) |

                %d invoices in all, %d flows deposited, %d deposited twice, %d out of their tenant's order (both
                phases); no operator action during the run.
                """.formatted(suppliers.size(), suppliers.stream().filter(s -> !s.as2()).count(),
                suppliers.stream().filter(Supplier::as2).count(), suppliers.size(),
                a.invoices(), a.sentDuringOutage(), b.invoices(), b.x1Invoices(),
                a.outage().toMillis() / 1000.0, b.outage().toMillis() / 1000.0, a.backlogPeak(), b.backlogPeak(),
                a.drain().toMillis() / 1000.0, b.drain().toMillis() / 1000.0, b.othersRelayed(), b.othersSent(),
                a.lost(), b.lost(),
                a.duplicated(), b.duplicated(), a.outOfOrder(), b.lifecycleOutOfOrder(), b.fileOrderOutOfOrder(),
                sentTotal, depositCounts.size(), depositedTwice, depositsOutOfOrder));
    }

    // --- phase A ------------------------------------------------------------------------------------------------

    record PhaseA(int invoices, int sentDuringOutage, Duration outage, long backlogPeak, Duration drain, int lost,
            int duplicated, int outOfOrder) {
    }

    private PhaseA chorusProUnreachable(int perTenant) throws Exception {
        // the gateway works: one invoice per tenant goes through before the outage
        sendEach(1);
        int before = total();
        await().atMost(Duration.ofSeconds(120)).until(() -> depositCounts().size() == before);

        chorusPro.down();
        long downAt = System.currentTimeMillis();
        Sampler backlog = Sampler.start(() -> number(connection().get("backlog")));
        sendEach(perTenant - 2);
        int duringOutage = total() - before;
        // transmission pauses, the backlog is every flow accepted since, visible in the API and in health
        await().atMost(Duration.ofSeconds(60 + duringOutage)).until(() -> {
            Map<?, ?> c = connection();
            return !"UP".equals(c.get("state")) && c.get("pausedUntil") != null
                    && number(c.get("backlog")) == duringOutage;
        });
        assertThat((String) connection().get("lastError")).isNotBlank();
        // the component alone: health results are cached 30 s per indicator, and this must not fill tenantsSftp's
        Map<?, ?> health = admin().getForObject("/actuator/health/chorusPro", Map.class);
        assertThat(health.get("status")).as("health chorusPro during the outage: %s", health).isEqualTo("DOWN");
        await().atMost(OUTAGE.plusSeconds(5)).until(() -> System.currentTimeMillis() - downAt >= OUTAGE.toMillis());
        assertThat(depositCounts()).as("nothing reaches Chorus Pro while it is unreachable").hasSize(before);

        chorusPro.up();
        long upAt = System.currentTimeMillis();
        Duration outage = Duration.ofMillis(upAt - downAt);
        sendEach(1); // arrives while the backlog drains: must still come after it
        int expected = total();
        await().atMost(Duration.ofSeconds(60 + 2L * expected)).until(() -> depositCounts().size() == expected);
        long lastDeposit = deposits().stream().mapToLong(SwitchableSftpServer.Upload::atMillis).max().orElseThrow();
        await().atMost(Duration.ofSeconds(30)).until(() -> "UP".equals(connection().get("state"))
                && number(connection().get("backlog")) == 0);
        backlog.stop();

        Map<String, Integer> counts = depositCounts();
        int duplicated = (int) counts.values().stream().filter(n -> n > 1).count();
        int outOfOrder = depositOrderViolations();
        int lost = expected - counts.size();
        assertThat(lost).as("flows never deposited").isZero();
        assertThat(duplicated).as("flows deposited twice").isZero();
        assertThat(outOfOrder).as("flows that reached Chorus Pro before one their tenant sent earlier").isZero();
        assertThat(backlog.peak()).isGreaterThanOrEqualTo(duringOutage);
        return new PhaseA(expected, duringOutage, outage, backlog.peak(), Duration.ofMillis(lastDeposit - upAt), lost,
                duplicated, outOfOrder);
    }

    /** Chorus Pro's uploads of flows (not signatures), by flow name: how many times each was deposited. */
    private static Map<String, Integer> depositCounts() {
        Map<String, Integer> counts = new LinkedHashMap<>();
        deposits().forEach(u -> counts.merge(u.name(), 1, Integer::sum));
        return counts;
    }

    /** Flows (not their signatures) completed in Chorus Pro's deposit folder, in order. */
    private static List<SwitchableSftpServer.Upload> deposits() {
        return chorusPro.uploads().stream().filter(u -> u.folder().equals("depot") && !u.name().endsWith(".p7s"))
                .toList();
    }

    /** Files completed in x1's returns folder, in order. */
    private static List<SwitchableSftpServer.Upload> x1Deliveries() {
        return x1Server.uploads().stream().filter(u -> u.folder().equals("returns")).toList();
    }

    /**
     * Per tenant, the flows in the order they reached Chorus Pro must be the invoices in the order the tenant sent
     * them. Counts the flows that arrived after a flow its tenant sent later.
     */
    private int depositOrderViolations() {
        Path processed = env.dataDir().resolve("demo-sftp/chorus-pro/depot-traite");
        List<String> names = deposits().stream().map(SwitchableSftpServer.Upload::name).distinct().toList();
        await().atMost(Duration.ofSeconds(30)).until(() -> names.stream().allMatch(n ->
                Files.exists(processed.resolve(n))));
        Map<String, Integer> highest = new HashMap<>();
        int violations = 0;
        for (String name : names) {
            Matcher m = NUMBER.matcher(read(processed.resolve(name)));
            assertThat(m.find()).as("invoice number in deposited flow %s", name).isTrue();
            int seq = Integer.parseInt(m.group(2));
            Integer before = highest.put(m.group(1), Math.max(seq, highest.getOrDefault(m.group(1), 0)));
            if (before != null && before > seq) {
                violations++;
                System.out.printf("OUT OF ORDER at Chorus Pro: %s (%s) after a later invoice of %s%n", name,
                        m.group(), m.group(1));
            }
        }
        return violations;
    }

    // --- phase B ------------------------------------------------------------------------------------------------

    record PhaseB(int invoices, int x1Invoices, Duration outage, long backlogPeak, Duration drain, int othersRelayed,
            int othersSent, int lost, int duplicated, int lifecycleOutOfOrder, int fileOrderOutOfOrder) {
    }

    private PhaseB supplierUnreachable(int perTenant) throws Exception {
        Supplier x1 = suppliers.stream().filter(s -> s.id().equals("x1")).findFirst().orElseThrow();
        List<Supplier> others = suppliers.stream().filter(s -> s != x1).toList();
        // phase A's last statuses may still be on their way: they keep coming for x1 during its outage too
        int before = total();

        x1Server.down();
        long downAt = System.currentTimeMillis();
        Sampler backlog = Sampler.start(() -> number(relayState("x1").get("pending")));
        sendEach(perTenant);
        int sent = total() - before;
        // the others are not held up: their new invoices' whole lifecycles reach them while x1's server is down
        await().atMost(Duration.ofSeconds(60 + 3L * sent)).pollInterval(Duration.ofMillis(500))
                .until(() -> others.stream().allMatch(OutageIT::fullyRelayed));
        int othersRelayed = others.stream().mapToInt(OutageIT::fullyRelayedInvoices).sum();
        int othersSent = others.stream().mapToInt(s -> s.sent().size()).sum();
        // x1's invoices still reach Chorus Pro; its deliveries wait, with the reason, in the API and in health
        await().atMost(Duration.ofSeconds(60)).until(() -> depositCounts().size() == total());
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            Map<?, ?> state = relayState("x1");
            return number(state.get("pending")) > 0 && number(state.get("attempts")) > 0
                    && state.get("lastError") != null && state.get("nextAttemptAt") != null;
        });
        Map<?, ?> sftpHealth = admin().getForObject("/actuator/health/tenantsSftp", Map.class);
        Map<?, ?> details = (Map<?, ?>) sftpHealth.get("details");
        assertThat(((Map<?, ?>) details.get("x1")).get("status")).as("health tenantsSftp: %s", sftpHealth)
                .isEqualTo("DOWN");
        assertThat(((Map<?, ?>) details.get("s1")).get("status")).isEqualTo("UP");
        assertThat(sftpHealth.get("status")).as("one supplier down does not make the gateway unhealthy")
                .isEqualTo("UP");
        await().atMost(OUTAGE.plusSeconds(5)).until(() -> System.currentTimeMillis() - downAt >= OUTAGE.toMillis());
        assertThat(x1Deliveries().stream().filter(u -> u.atMillis() >= downAt)).as("deliveries to x1 while down")
                .isEmpty();

        x1Server.up();
        long upAt = System.currentTimeMillis();
        await().atMost(Duration.ofSeconds(60 + 2L * sent)).pollInterval(Duration.ofMillis(500))
                .until(() -> fullyRelayed(x1)
                && number(relayState("x1").get("pending")) == 0);
        backlog.stop();
        long lastDelivery = x1Deliveries().stream().mapToLong(SwitchableSftpServer.Upload::atMillis).max()
                .orElseThrow();

        // what x1 received, in the order it completed on its server
        Map<String, List<String>> codesByInvoice = new LinkedHashMap<>();
        int duplicated = 0;
        int lifecycleOutOfOrder = 0;
        int fileOrderOutOfOrder = 0;
        int lastFile = -1;
        Map<String, Integer> names = new HashMap<>();
        for (SwitchableSftpServer.Upload u : x1Deliveries()) {
            if (names.merge(u.name(), 1, Integer::sum) > 1) {
                duplicated++;
                System.out.printf("DELIVERED TWICE to x1: %s%n", u.name());
                continue;
            }
            Matcher file = STATUS_FILE.matcher(u.name());
            if (!file.matches()) {
                continue; // answers (.ack.json) and integration reports are not lifecycle statuses
            }
            int seq = Integer.parseInt(file.group(1));
            if (seq < lastFile) {
                fileOrderOutOfOrder++;
                System.out.printf("OUT OF ORDER to x1: %s after file %d%n", u.name(), lastFile);
            }
            lastFile = Math.max(lastFile, seq);
            for (JsonNode event : json.readTree(read(env.returnsFolder("x1").resolve(u.name())))) {
                String number = event.path("invoiceNumber").asText();
                String code = event.path("code").asText();
                List<String> codes = codesByInvoice.computeIfAbsent(number, k -> new ArrayList<>());
                if (codes.contains(code)) {
                    duplicated++;
                    System.out.printf("STATUS TWICE to x1: %s %s%n", number, code);
                } else if (!codes.isEmpty()
                        && LIFECYCLE.indexOf(code) < LIFECYCLE.indexOf(codes.get(codes.size() - 1))) {
                    lifecycleOutOfOrder++;
                    System.out.printf("LIFECYCLE OUT OF ORDER to x1: %s %s after %s%n", number, code, codes);
                }
                codes.add(code);
            }
        }
        int lost = 0;
        for (String number : x1.sent()) {
            List<String> codes = codesByInvoice.getOrDefault(number, List.of());
            lost += (int) LIFECYCLE.stream().filter(c -> !codes.contains(c)).count();
            lost += Files.exists(env.returnsFolder("x1").resolve(number + ".xml.ack.json")) ? 0 : 1;
        }
        int othersLostOrTwice = suppliers.stream().filter(s -> s != x1).mapToInt(OutageIT::lostOrDuplicated).sum();
        assertThat(lost).as("statuses or answers x1 never received").isZero();
        assertThat(othersLostOrTwice).as("statuses lost or received twice by the other tenants").isZero();
        assertThat(duplicated).as("deliveries x1 received twice").isZero();
        assertThat(lifecycleOutOfOrder).as("statuses relayed to x1 before an earlier status of the invoice").isZero();
        assertThat(fileOrderOutOfOrder).as("status files relayed to x1 out of Chorus Pro's order").isZero();
        return new PhaseB(sent, perTenant, Duration.ofMillis(upAt - downAt), backlog.peak(),
                Duration.ofMillis(lastDelivery - upAt), othersRelayed, othersSent, lost, duplicated,
                lifecycleOutOfOrder, fileOrderOutOfOrder);
    }

    /** Every invoice the tenant sent has its answer and its whole lifecycle in its returns folder. */
    private static boolean fullyRelayed(Supplier s) {
        return fullyRelayedInvoices(s) == s.sent().size();
    }

    /** How many of the tenant's invoices have their answer and their whole lifecycle in its returns folder. */
    private static int fullyRelayedInvoices(Supplier s) {
        Map<String, List<String>> codes = relayedCodes(s);
        Path folder = env.returnsFolder(s.id());
        return (int) s.sent().stream().filter(n -> Files.exists(folder.resolve(n + ".xml.ack.json"))
                && codes.getOrDefault(n, List.of()).containsAll(LIFECYCLE)).count();
    }

    private static int lostOrDuplicated(Supplier s) {
        Map<String, List<String>> codes = relayedCodes(s);
        int count = 0;
        for (String n : s.sent()) {
            List<String> got = codes.getOrDefault(n, List.of());
            count += (int) LIFECYCLE.stream().filter(c -> !got.contains(c)).count();
            count += got.size() - (int) got.stream().distinct().count();
        }
        return count;
    }

    /** Status codes relayed to the tenant (its JSON status files), by invoice number, in no particular order. */
    private static Map<String, List<String>> relayedCodes(Supplier s) {
        Map<String, List<String>> codes = new HashMap<>();
        for (String name : GatewayTestEnvironment.fileNames(env.returnsFolder(s.id()))) {
            if (!STATUS_FILE.matcher(name).matches()) {
                continue;
            }
            try {
                for (JsonNode event : json.readTree(read(env.returnsFolder(s.id()).resolve(name)))) {
                    codes.computeIfAbsent(event.path("invoiceNumber").asText(), k -> new ArrayList<>())
                            .add(event.path("code").asText());
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return codes;
    }

    // --- sending ------------------------------------------------------------------------------------------------

    /** Each tenant sends {@code count} more invoices, tenants side by side, each one's in sequence. */
    private void sendEach(int count) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(suppliers.size());
        try {
            List<Future<?>> running = new ArrayList<>();
            for (Supplier s : suppliers) {
                running.add(pool.submit(() -> {
                    for (int k = 0; k < count; k++) {
                        send(s);
                    }
                    return null;
                }));
            }
            for (Future<?> f : running) {
                f.get(5, TimeUnit.MINUTES);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private void send(Supplier s) throws Exception {
        String number = "OUT-%s-%05d".formatted(s.id(), s.sent().size() + 1);
        byte[] invoice = new String(TestInvoices.withNumber("ubl-invoice-acme.xml", number), StandardCharsets.UTF_8)
                .replace("73282932000074", s.siret()).getBytes(StandardCharsets.UTF_8);
        if (s.as2()) {
            As2TestClient.Entity message = As2TestClient.encrypt(As2TestClient.sign(As2TestClient.payload(invoice,
                    "attachment; filename=\"" + number + ".xml\""), AS2_KEYS.getPrivate(), s.cert(), "sha-256"),
                    operator.certificate());
            Map<String, String> headers = As2TestClient.headers(s.as2Id(), "FACTEUR",
                    "<" + UUID.randomUUID() + "@" + s.id() + ".test>");
            headers.put("Disposition-Notification-To", "mdn@" + s.id() + ".test");
            headers.put("Disposition-Notification-Options",
                    "signed-receipt-protocol=optional, pkcs7-signature; signed-receipt-micalg=optional, sha-256");
            // a synchronous MDN comes once the invoice is checked and queued: minutes on a loaded machine
            HttpResponse<byte[]> response = As2TestClient.send(URI.create("http://127.0.0.1:" + as2.port() + "/as2"),
                    message, headers, Duration.ofMinutes(3));
            assertThat(As2TestClient.readMdn(response.headers().firstValue("Content-Type").orElseThrow(),
                    response.body(), operator.certificate()).disposition()).endsWith("; processed");
        } else {
            // names sort in sending order: the gateway takes a supplier's files oldest first, then by name
            env.drop(s.id(), number + ".xml", invoice);
        }
        s.sent().add(number);
    }

    private static int total() {
        return suppliers.stream().mapToInt(s -> s.sent().size()).sum();
    }

    // --- what the gateway shows ---------------------------------------------------------------------------------

    private Map<?, ?> connection() {
        return admin().getForObject("/api/chorus-pro/connection", Map.class);
    }

    private Map<?, ?> relayState(String tenant) {
        return admin().getForObject("/api/relay/{t}", Map.class, tenant);
    }

    private static long number(Object value) {
        return value == null ? 0 : ((Number) value).longValue();
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Samples a figure every 200 ms in the background and keeps its highest value. */
    private static final class Sampler {

        private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
        private final AtomicLong peak = new AtomicLong();

        static Sampler start(LongSupplier figure) {
            Sampler sampler = new Sampler();
            sampler.timer.scheduleWithFixedDelay(() -> {
                try {
                    sampler.peak.accumulateAndGet(figure.getAsLong(), Math::max);
                } catch (RuntimeException ignored) {
                    // a failed sample is no figure
                }
            }, 0, 200, TimeUnit.MILLISECONDS);
            return sampler;
        }

        long peak() {
            return peak.get();
        }

        void stop() {
            timer.shutdownNow();
        }
    }

    /** A SIRET with a valid Luhn key, distinct per tenant and from the samples' sellers. */
    private static String siret(int n) {
        String base = "9" + String.format("%012d", 424242L * n);
        for (int check = 0; check < 10; check++) {
            String candidate = base + check;
            if (fr.facteur.tenant.Siret.isValid(candidate)) { // the gateway's own check
                return candidate;
            }
        }
        throw new IllegalStateException();
    }
}
