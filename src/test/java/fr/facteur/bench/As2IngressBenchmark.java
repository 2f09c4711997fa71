package fr.facteur.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpResponse;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Period;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.condition.EnabledIf;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import fr.facteur.as2.As2TestClient;
import fr.facteur.crypto.Certificates;
import fr.facteur.crypto.OperatorIdentity;
import fr.facteur.inbound.as2.As2Server;
import fr.facteur.tenant.TenantDirectory;
import fr.facteur.testsupport.GatewayTestEnvironment;

/**
 * The whole gateway with AS2 as the ingress: each invoice is a message signed (RSA 2048, SHA-256) and encrypted for
 * the operator, posted over HTTP, answered with a signed synchronous MDN once its flow is queued for Chorus Pro (or
 * refused). The client's signing and encryption are done before the clock starts: only the gateway is measured.
 * <ol>
 * <li>throughput: N messages (facteur.bench.as2-invoices, default 1000) posted by C partners at once
 * (facteur.bench.as2-clients, default 8; each waits for its MDN before the next post, as AS2 software does),
 * over T tenants (facteur.bench.tenants, 4): invoices per second until every MDN is back, and each message's time
 * from post to MDN, which is ingress to queued;</li>
 * <li>latency at a fixed arrival rate (facteur.bench.rate, 50/s for facteur.bench.rate-seconds, 20): each message
 * is posted when it is due, on its own connection, whether the previous ones were answered or not (open loop), and
 * timed from when it was due to when its MDN arrived: no coordinated omission.</li>
 * </ol>
 * Figures on the console and in target/bench/throughput.txt, beside {@link ThroughputBenchmark}'s.
 */
@EnabledIf("fr.facteur.bench.Bench#enabled")
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class As2IngressBenchmark {

    static final int TENANTS = Bench.setting("tenants", 4);
    static final GatewayTestEnvironment env = GatewayTestEnvironment.start("bench-as2");
    static final KeyPair PARTNER_KEYS = Certificates.rsaKeyPair(2048);
    static final List<X509Certificate> CERTIFICATES = new ArrayList<>();

    static {
        for (int t = 0; t < TENANTS; t++) {
            X509Certificate certificate = Certificates.selfSigned(PARTNER_KEYS, "CN=bench" + t, Period.ofDays(30));
            CERTIFICATES.add(certificate);
            env.addAs2Supplier("bench" + t, Bench.siret(t), "cppstatut", as2Id(t), certificate);
        }
    }

    @DynamicPropertySource
    static void gateway(DynamicPropertyRegistry registry) {
        env.register(registry);
        GatewayTestEnvironment.registerAs2(registry);
        registry.add("logging.level.fr.facteur", () -> "WARN");
        registry.add("logging.level.org.apache.camel", () -> "WARN");
    }

    @AfterAll
    static void stop() {
        env.close();
    }

    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    TenantDirectory tenants;
    @Autowired
    As2Server as2;
    @Autowired
    OperatorIdentity operator;
    @Value("${facteur.as2.threads:4}")
    int as2Threads;

    /** A message ready to post: signed and encrypted, with its headers. */
    record Prepared(As2TestClient.Entity entity, Map<String, String> headers) {
    }

    @Test
    @Order(1)
    void throughputFromAs2ToQueued() throws Exception {
        int invoices = Bench.setting("as2-invoices", 1000);
        int clients = Bench.setting("as2-clients", 8);
        await().atMost(Duration.ofSeconds(60)).until(() -> tenants.installed().size() == TENANTS);
        warmUp();
        List<Prepared> messages = prepare("TA", invoices);

        AtomicInteger next = new AtomicInteger();
        double[] latencyMs = new double[invoices];
        AtomicInteger processed = new AtomicInteger();
        ExecutorService partners = Executors.newFixedThreadPool(clients, named("bench-as2-partner"));
        Bench.Costs before = Bench.costs(jdbc);
        var threadsBefore = Bench.threadCpu();
        long started = System.nanoTime();
        List<java.util.concurrent.Future<?>> running = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            running.add(partners.submit(() -> {
                for (int i = next.getAndIncrement(); i < invoices; i = next.getAndIncrement()) {
                    long posted = System.nanoTime();
                    if (post(messages.get(i))) {
                        processed.incrementAndGet();
                    }
                    latencyMs[i] = (System.nanoTime() - posted) / 1e6;
                }
            }));
        }
        for (java.util.concurrent.Future<?> partner : running) {
            partner.get(30, TimeUnit.MINUTES);
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        Bench.Costs after = Bench.costs(jdbc);
        var cpuByPart = Bench.cpuSince(threadsBefore, invoices); // before the partners' threads end
        partners.shutdown();
        assertThat(processed.get()).as("messages answered with a positive MDN").isEqualTo(invoices);
        Arrays.sort(latencyMs);

        Bench.report(Bench.REPORT, "AS2 ingress on %s", Bench.machine());
        Bench.report(Bench.REPORT, "%d invoices over AS2 (signed, encrypted, signed sync MDN) from %d "
                + "partners at once over %d tenants, %d AS2 threads (full validation, signed flows):", invoices,
                clients, TENANTS, as2Threads);
        Bench.report(Bench.REPORT, "  to queued flow (every MDN back): %7.1f s  = %6.1f invoices/s",
                seconds, invoices / seconds);
        Bench.report(Bench.REPORT, "  post -> MDN (ingress -> queued): p50 %.0f ms, p99 %.0f ms, max %.0f ms",
                Bench.quantile(latencyMs, 0.5), Bench.quantile(latencyMs, 0.99), Bench.quantile(latencyMs, 1));
        Bench.report(Bench.REPORT, "  per invoice: %s", after.since(before, invoices));
        Bench.report(Bench.REPORT, "  CPU per invoice, by thread: %s", Bench.describe(cpuByPart));

        // -Dfacteur.bench.relayed=0 stops at the queued flow; otherwise on to every invoice's last status relayed
        if (Bench.setting("relayed", 1) != 0) {
            await().atMost(Duration.ofMinutes(60)).pollInterval(Duration.ofSeconds(1)).until(() -> paidAndRelayed()
                    >= invoices + TENANTS);
            double relayedSeconds = (System.nanoTime() - started) / 1e9;
            Bench.report(Bench.REPORT, "  to last status relayed: %5.1f s  = %6.1f invoices/s (simulator included)",
                    relayedSeconds, invoices / relayedSeconds);
        }
    }

    /** Invoices whose Mise en paiement has been relayed to their supplier (warm-up ones included). */
    private long paidAndRelayed() {
        Long count = jdbc.queryForObject("""
                select count(distinct se.invoice_id) from status_event se
                join delivery d on d.return_file_id = se.return_file_id and d.tenant_id = se.tenant_id
                where se.status = 'MISE_EN_PAIEMENT'""", Long.class);
        return count == null ? 0 : count;
    }

    @Test
    @Order(2)
    void latencyAtAFixedArrivalRateOverAs2() throws Exception {
        int rate = Bench.setting("rate", 50);
        int seconds = Bench.setting("rate-seconds", 20);
        int total = rate * seconds;
        List<Prepared> messages = prepare("TR", total);
        // open loop: a message never waits for an earlier one's answer before it is posted
        ExecutorService connections = Executors.newCachedThreadPool(named("bench-as2-post"));
        var threadsBefore = Bench.threadCpu();
        Bench.OpenLoop run = Bench.atFixedRate(rate, total, index -> connections, index -> post(messages.get(index)));
        var cpuByPart = Bench.cpuSince(threadsBefore, total);
        connections.shutdown();
        assertThat(run.succeeded()).as("messages answered with a positive MDN").isEqualTo(total);
        Bench.report(Bench.REPORT, "Latency over AS2 at %d invoices/s for %d s over %d tenants, %d AS2 "
                + "threads (due -> MDN received = ingress -> flow queued, waiting time included; load average %s):",
                rate, seconds, TENANTS, as2Threads, Bench.loadAverage());
        Bench.report(Bench.REPORT, "  %s", run.percentiles());
        Bench.report(Bench.REPORT, "  CPU per invoice meanwhile, by thread: %s", Bench.describe(cpuByPart));
    }

    private static java.util.concurrent.ThreadFactory named(String name) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> new Thread(runnable, name + "-" + count.incrementAndGet());
    }

    /** One message per tenant first: compilations, keys and connections are not what we measure. */
    private void warmUp() throws Exception {
        for (Prepared message : prepare("WA", TENANTS)) {
            assertThat(post(message)).isTrue();
        }
    }

    /** Signs and encrypts {@code count} invoices (round robin over the tenants) before any is sent. */
    private List<Prepared> prepare(String prefix, int count) throws Exception {
        List<Prepared> prepared = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int t = i % TENANTS;
            String number = prefix + String.format("%08d", i);
            byte[] invoice = Bench.invoiceOf(t, number);
            As2TestClient.Entity entity = As2TestClient.encrypt(As2TestClient.sign(As2TestClient.payload(invoice,
                    "attachment; filename=\"" + number + ".xml\""), PARTNER_KEYS.getPrivate(), CERTIFICATES.get(t),
                    "sha-256"), operator.certificate());
            Map<String, String> headers = As2TestClient.headers(as2Id(t), "FACTEUR",
                    "<" + UUID.randomUUID() + "@bench" + t + ".test>");
            headers.put("Disposition-Notification-To", "mdn@bench" + t + ".test");
            headers.put("Disposition-Notification-Options",
                    "signed-receipt-protocol=optional, pkcs7-signature; signed-receipt-micalg=optional, sha-256");
            prepared.add(new Prepared(entity, headers));
        }
        return prepared;
    }

    /** Posts one message and reads its signed MDN: true when it says processed (the flow is queued). */
    private boolean post(Prepared message) {
        try {
            HttpResponse<byte[]> response = As2TestClient.send(URI.create("http://127.0.0.1:" + as2.port() + "/as2"),
                    message.entity(), message.headers(), Duration.ofMinutes(5));
            return response.statusCode() == 200 && As2TestClient.readMdn(
                    response.headers().firstValue("Content-Type").orElseThrow(), response.body(),
                    operator.certificate()).disposition().endsWith("; processed");
        } catch (Exception e) {
            return false;
        }
    }

    private static String as2Id(int t) {
        return "BENCH" + t;
    }
}
