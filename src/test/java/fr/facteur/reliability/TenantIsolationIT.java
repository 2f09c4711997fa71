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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import fr.facteur.as2.As2TestClient;
import fr.facteur.crypto.Certificates;
import fr.facteur.crypto.OperatorIdentity;
import fr.facteur.inbound.as2.As2Server;
import fr.facteur.testsupport.GatewayTestEnvironment;
import fr.facteur.testsupport.TestInvoices;

/**
 * Isolation (issue 7 §3): many tenants, some sending over SFTP only, some over AS2 too, each invoice on a channel
 * drawn at random, all through one running gateway. Every answer and every relayed status must land in its own
 * tenant's returns folder and nowhere else (zero wrong deliveries), and a viewer limited to one tenant reads nothing
 * of the others through the API. {@code reliability.tenants} tenants (20 in CI, 50 in the full run),
 * {@code reliability.invoices-per-tenant} at most per tenant (1 in CI, 3 in the full run), {@code reliability.seed} to
 * replay a run (the seed is printed).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext
class TenantIsolationIT {

    static final int TENANTS = Integer.getInteger("reliability.tenants", 20);
    static final long SEED = Long.getLong("reliability.seed", System.nanoTime());
    static final Random random = new Random(SEED);
    static final String VIEWER = "t0-viewer";
    static final GatewayTestEnvironment env = GatewayTestEnvironment.start("isolation");
    static final List<Supplier> suppliers = new ArrayList<>();
    static final int MAX_INVOICES = Integer.getInteger("reliability.invoices-per-tenant", 1);
    /**
     * RSA key generation is the slowest part of the set-up on a busy CI machine: AS2 tenants draw their key from a
     * small pool, each with its own certificate and AS2 id. Routing by AS2-From is what this suite checks; that a
     * message signed with another tenant's key is refused is As2InboundMatrixTest's.
     */
    static final List<KeyPair> AS2_KEYS = Stream.generate(() -> Certificates.rsaKeyPair(2048))
            .limit(Integer.getInteger("reliability.as2-keys", 3)).toList();

    /** A tenant of the run: its SIRET, and its AS2 keys if it sends over AS2 too. */
    record Supplier(String id, String siret, String as2Id, KeyPair keys, X509Certificate cert, List<String> numbers) {
    }

    static {
        System.out.printf("TenantIsolationIT: %d tenants, seed %d (replay with -Dreliability.seed=%d)%n", TENANTS,
                SEED, SEED);
        for (int i = 0; i < TENANTS; i++) {
            String id = "t" + i;
            String siret = siret(random);
            if (random.nextBoolean()) {
                KeyPair keys = AS2_KEYS.get(i % AS2_KEYS.size());
                X509Certificate cert = Certificates.selfSigned(keys, "CN=" + id, Period.ofDays(30));
                Path certFile = env.base().resolve("certs/" + id + "/as2.pem");
                Certificates.writeCertificatePem(certFile, cert);
                String as2Id = "AS2-" + id.toUpperCase();
                env.addSupplier(id, siret, "json", List.of(), "{ as2-id: " + as2Id + ", certificate: " + certFile
                        + ", require-signature: true, require-encryption: true }");
                suppliers.add(new Supplier(id, siret, as2Id, keys, cert, new ArrayList<>()));
            } else {
                env.addSupplier(id, siret, "json", List.of());
                suppliers.add(new Supplier(id, siret, null, null, null, new ArrayList<>()));
            }
        }
    }

    @DynamicPropertySource
    static void gateway(DynamicPropertyRegistry registry) {
        env.register(registry);
        GatewayTestEnvironment.registerAs2(registry);
        registry.add("facteur.security.users[3].name", () -> VIEWER);
        registry.add("facteur.security.users[3].password-hash",
                () -> "$2a$04$YXsTK8RYbXieKW4z1Bk3iORgFBbitAtKbszJyVIDJAgqnKaNQeTNS");
        registry.add("facteur.security.users[3].role", () -> "VIEWER");
        registry.add("facteur.security.users[3].tenants[0]", () -> "t0");
    }

    @AfterAll
    static void stop() {
        env.close();
    }

    @Autowired
    As2Server as2;
    @Autowired
    OperatorIdentity operator;
    @Autowired
    TestRestTemplate anonymous;

    @Test
    void everyAnswerAndStatusLandsWithItsOwnTenantOnlyAndAViewerSeesOnlyItsTenant() throws Exception {
        int bySftp = 0;
        int byAs2 = 0;
        for (Supplier s : suppliers) {
            int count = 1 + random.nextInt(MAX_INVOICES);
            for (int k = 0; k < count; k++) {
                String number = "I" + UUID.randomUUID().toString().replace("-", "").substring(0, 12).toUpperCase();
                s.numbers().add(number);
                byte[] invoice = invoice(s, number);
                if (s.as2Id() != null && random.nextBoolean()) {
                    send(s, number + ".xml", invoice);
                    byAs2++;
                } else {
                    env.drop(s.id(), number + ".xml", invoice);
                    bySftp++;
                }
            }
        }
        int invoices = bySftp + byAs2;

        // every invoice answered (ack) and at least one status relayed, in its own folder
        await().atMost(Duration.ofSeconds(60 + 3L * invoices)).pollInterval(Duration.ofMillis(500)).until(() ->
                suppliers.stream().allMatch(s -> s.numbers().stream().allMatch(n ->
                        Files.exists(env.returnsFolder(s.id()).resolve(n + ".xml.ack.json"))
                                && statusFiles(s).stream().anyMatch(text -> text.contains(n)))));

        int wrong = 0;
        int relayedFiles = 0;
        for (Supplier s : suppliers) {
            for (Path file : files(env.returnsFolder(s.id()))) {
                relayedFiles++;
                String text = Files.readString(file);
                for (Supplier other : suppliers) {
                    if (other == s) {
                        continue;
                    }
                    boolean leaks = text.contains(other.siret()) || other.numbers().stream().anyMatch(text::contains);
                    if (leaks) {
                        wrong++;
                        System.out.printf("WRONG DELIVERY: %s holds %s's data in %s%n", s.id(), other.id(),
                                file.getFileName());
                    }
                }
            }
        }
        assertThat(wrong).as("files delivered to the wrong tenant (seed %d)", SEED).isZero();

        // each invoice recorded exactly once, under its own tenant
        TestRestTemplate admin = anonymous.withBasicAuth(GatewayTestEnvironment.ADMIN,
                GatewayTestEnvironment.ADMIN_PASSWORD);
        int lost = 0;
        int duplicated = 0;
        for (Supplier s : suppliers) {
            for (String n : s.numbers()) {
                List<?> found = (List<?>) admin.getForObject("/api/invoices?number={n}", Map.class, n).get("items");
                lost += found.isEmpty() ? 1 : 0;
                duplicated += Math.max(0, found.size() - 1);
                wrong += (int) found.stream().filter(i -> !s.id().equals(((Map<?, ?>) i).get("tenantId"))).count();
            }
        }
        assertThat(lost).as("invoices lost").isZero();
        assertThat(duplicated).as("invoices recorded twice").isZero();
        assertThat(wrong).as("invoices recorded under another tenant").isZero();

        int apiLeaks = viewerSeesOnlyItsTenant();
        ReliabilityReport.section("Isolation", """
                | figure | value |
                |---|---|
                | tenants | %d (%d with AS2) |
                | invoices | %d (%d over SFTP, %d over AS2) |
                | lost | %d |
                | duplicated | %d |
                | files relayed to suppliers | %d |
                | wrong deliveries | %d |
                | API results of another tenant seen by a one-tenant viewer | %d |
                | seed | %d |
                """.formatted(TENANTS, suppliers.stream().filter(s -> s.as2Id() != null).count(), invoices, bySftp,
                byAs2, lost, duplicated, relayedFiles, wrong, apiLeaks, SEED));
    }

    /** t0's viewer, through every read endpoint: t0's data only, another's is "not found". */
    private int viewerSeesOnlyItsTenant() {
        TestRestTemplate admin = anonymous.withBasicAuth(GatewayTestEnvironment.ADMIN,
                GatewayTestEnvironment.ADMIN_PASSWORD);
        TestRestTemplate viewer = anonymous.withBasicAuth(VIEWER, GatewayTestEnvironment.VIEWER_PASSWORD);
        Supplier own = suppliers.get(0);
        Supplier other = suppliers.get(1 + random.nextInt(suppliers.size() - 1));

        List<?> seen = (List<?>) viewer.getForObject("/api/invoices?size=500", Map.class).get("items");
        assertThat(seen).isNotEmpty().allSatisfy(i -> assertThat(((Map<?, ?>) i).get("tenantId")).isEqualTo("t0"));
        assertThat((List<?>) viewer.getForObject("/api/invoices?tenant={t}&size=500", Map.class, other.id())
                .get("items")).isEmpty();
        List<?> documents = viewer.getForObject("/api/documents?size=500", List.class);
        assertThat(documents).isNotEmpty().allSatisfy(d -> assertThat(((Map<?, ?>) d).get("tenant")).isEqualTo("t0"));
        List<?> work = viewer.getForObject("/api/worklist", List.class);
        assertThat(work).allSatisfy(w -> assertThat(((Map<?, ?>) w).get("tenantId")).isEqualTo("t0"));

        Map<?, ?> otherInvoice = (Map<?, ?>) ((List<?>) admin.getForObject("/api/invoices?tenant={t}&number={n}",
                Map.class, other.id(), other.numbers().get(0)).get("items")).get(0);
        Object invoiceId = otherInvoice.get("id");
        Object documentId = otherInvoice.get("documentId");
        Object flowId = otherInvoice.get("flowId");
        Map<String, Integer> statuses = new LinkedHashMap<>();
        statuses.put("/api/invoices/" + invoiceId, viewer.getForEntity("/api/invoices/{id}", String.class, invoiceId)
                .getStatusCode().value());
        statuses.put("/api/documents/" + documentId, viewer.getForEntity("/api/documents/{id}", String.class,
                documentId).getStatusCode().value());
        statuses.put("/api/documents/" + documentId + "/content", viewer.getForEntity("/api/documents/{id}/content",
                String.class, documentId).getStatusCode().value());
        if (flowId != null) {
            statuses.put("/api/flows/" + flowId, viewer.getForEntity("/api/flows/{id}", String.class, flowId)
                    .getStatusCode().value());
            statuses.put("/api/flows/" + flowId + "/content", viewer.getForEntity("/api/flows/{id}/content",
                    String.class, flowId).getStatusCode().value());
        }
        // the same reads by the admin succeed: the 404s above are the scope, not missing data
        assertThat(admin.getForEntity("/api/invoices/{id}", String.class, invoiceId).getStatusCode().value())
                .isEqualTo(200);
        assertThat(admin.getForEntity("/api/documents/{id}/content", String.class, documentId).getStatusCode()
                .value()).isEqualTo(200);
        assertThat(statuses).as("another tenant's (%s) data read by t0's viewer", other.id())
                .allSatisfy((url, status) -> assertThat(status).isIn(403, 404));
        String ownNumber = own.numbers().get(0);
        assertThat((List<?>) viewer.getForObject("/api/invoices?number={n}", Map.class, ownNumber).get("items"))
                .hasSize(1);
        return 0;
    }

    private void send(Supplier s, String name, byte[] invoice) throws Exception {
        As2TestClient.Entity message = As2TestClient.encrypt(As2TestClient.sign(As2TestClient.payload(invoice,
                "attachment; filename=\"" + name + "\""), s.keys().getPrivate(), s.cert(), "sha-256"),
                operator.certificate());
        Map<String, String> headers = As2TestClient.headers(s.as2Id(), "FACTEUR",
                "<" + UUID.randomUUID() + "@" + s.id() + ".test>");
        headers.put("Disposition-Notification-To", "mdn@" + s.id() + ".test");
        headers.put("Disposition-Notification-Options",
                "signed-receipt-protocol=optional, pkcs7-signature; signed-receipt-micalg=optional, sha-256");
        HttpResponse<byte[]> response = As2TestClient.send(URI.create("http://127.0.0.1:" + as2.port() + "/as2"),
                message, headers);
        assertThat(As2TestClient.readMdn(response.headers().firstValue("Content-Type").orElseThrow(), response.body(),
                operator.certificate()).disposition()).endsWith("; processed");
    }

    /** acme's sample, renumbered and sold by this tenant. */
    private static byte[] invoice(Supplier s, String number) {
        return new String(TestInvoices.withNumber("ubl-invoice-acme.xml", number), StandardCharsets.UTF_8)
                .replace("73282932000074", s.siret()).getBytes(StandardCharsets.UTF_8);
    }

    /** The contents of the tenant's relayed status files (not the per-file answers). */
    private static List<String> statusFiles(Supplier s) {
        return files(env.returnsFolder(s.id())).stream()
                .filter(p -> !p.getFileName().toString().endsWith(".ack.json"))
                .map(p -> {
                    try {
                        return Files.readString(p);
                    } catch (IOException e) {
                        return "";
                    }
                }).toList();
    }

    private static List<Path> files(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            // a dot-file is an upload in progress: renamed once complete
            return files.filter(p -> !p.getFileName().toString().startsWith(".")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A random SIRET with a valid Luhn key, distinct from the samples' sellers. */
    private static String siret(Random random) {
        StringBuilder digits = new StringBuilder("9");
        for (int i = 0; i < 12; i++) {
            digits.append(random.nextInt(10));
        }
        for (int check = 0; check < 10; check++) {
            String candidate = digits.toString() + check;
            if (luhn(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException();
    }

    private static boolean luhn(String number) {
        int sum = 0;
        for (int i = 0; i < number.length(); i++) {
            int d = number.charAt(number.length() - 1 - i) - '0';
            if (i % 2 == 1) {
                d *= 2;
                if (d > 9) {
                    d -= 9;
                }
            }
            sum += d;
        }
        return sum % 10 == 0;
    }
}
