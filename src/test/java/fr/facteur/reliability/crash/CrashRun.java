package fr.facteur.reliability.crash;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.Period;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import fr.facteur.crypto.Certificates;
import fr.facteur.crypto.PemOperatorIdentity;
import fr.facteur.testsupport.GatewayTestEnvironment;
import fr.facteur.testsupport.TestInvoices;

/**
 * One crash run: a gateway in its own JVM (and, for the broker run, an external Artemis broker in another), a few
 * suppliers sending over SFTP and AS2, invoices fed at a steady pace while the victim (gateway or broker) is killed
 * with SIGKILL at seeded random moments and started again. The test JVM keeps everything that must survive a kill:
 * PostgreSQL, the SFTP server (suppliers' folders and Chorus Pro's drop box) and the {@link DeliveryLedger} counting
 * what reached Chorus Pro and the suppliers.
 */
public final class CrashRun implements AutoCloseable {

    /** What gets killed. */
    public enum Victim {
        GATEWAY, BROKER
    }

    /** One supplier of the run: AS2 partner or not. */
    record Supplier(String id, String siret, As2Partner as2) {
    }

    /** One invoice of the run and how it was sent. */
    record Sent(String number, String supplier, String channel) {
    }

    public static final String ADMIN = GatewayTestEnvironment.ADMIN;
    /** Invoices sent and not yet deposited, at most: the feed follows the gateway's pace. */
    static final int WINDOW = 40;

    private final String name;
    private final Victim victim;
    private final Random random;
    private final GatewayTestEnvironment env;
    private final DeliveryLedger ledger;
    private final List<Supplier> suppliers = new ArrayList<>();
    private final List<Sent> sent = new CopyOnWriteArrayList<>();
    private final List<String> as2Failures = new CopyOnWriteArrayList<>();
    private final Map<String, String> dispositions = new ConcurrentHashMap<>();
    private final AtomicInteger submitted = new AtomicInteger();
    private final JvmProcess gateway;
    private final JvmProcess broker;
    private final int httpPort;
    private final int brokerPort;
    private final String numberPrefix;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final ObjectMapper json = new ObjectMapper();

    public CrashRun(String name, Victim victim, long seed, Path workRoot) {
        this.name = name;
        this.victim = victim;
        this.random = new Random(seed);
        this.numberPrefix = victim == Victim.GATEWAY ? "CRASHG" : "CRASHB";
        this.ledger = new DeliveryLedger(numberPrefix + "\\d{5}");
        this.env = GatewayTestEnvironment.start("crash-" + name);
        env.sftp().addEventListener(ledger);
        Path workDir = workRoot.resolve(name).toAbsolutePath();
        // a fresh broker journal for every run: the broker's persisted duplicate-id cache remembers the flow ids
        // (flow:<document id>) of an earlier run, and this run's fresh database numbers its documents from 1 again
        deleteTree(workDir);

        // the operator's identity is written before the first start, so that AS2 partners can encrypt for it
        X509Certificate operator = new PemOperatorIdentity(env.base().resolve("certs/operator"), "AAA999", true)
                .certificate();
        this.httpPort = JvmProcess.freePort();
        int as2Port = JvmProcess.freePort();
        URI as2Url = URI.create("http://127.0.0.1:" + as2Port + "/as2");
        KeyPair as2Keys = Certificates.rsaKeyPair(2048);
        for (String id : List.of("alpha", "bravo", "charlie")) {
            String siret = siret(random);
            if (id.equals("alpha")) {
                env.addSupplier(id, siret, "json", List.of());
                suppliers.add(new Supplier(id, siret, null));
            } else {
                // one key for both AS2 suppliers, each with its own certificate and AS2 id: key generation is slow
                X509Certificate cert = Certificates.selfSigned(as2Keys, "CN=" + id, Period.ofDays(30));
                Path certFile = env.base().resolve("certs/" + id + "/as2.pem");
                Certificates.writeCertificatePem(certFile, cert);
                String as2Id = id.toUpperCase();
                env.addSupplier(id, siret, "json", List.of(), "{ as2-id: " + as2Id + ", certificate: " + certFile
                        + ", require-signature: true, require-encryption: true }");
                suppliers.add(new Supplier(id, siret, new As2Partner(as2Id, as2Keys, cert, operator, as2Url)));
            }
        }

        Map<String, String> properties = new LinkedHashMap<>();
        env.register((key, value) -> properties.put(key, String.valueOf(value.get())));
        properties.put("server.port", String.valueOf(httpPort));
        properties.put("facteur.as2.enabled", "true");
        properties.put("facteur.as2.port", String.valueOf(as2Port));
        properties.put("facteur.as2.bind-host", "127.0.0.1");
        // the SFTP supplier's folder read by two pollers at once: kills land while both hold claims and files
        properties.put("facteur.intake.workers-per-tenant", "2");
        if (victim == Victim.BROKER) {
            brokerPort = JvmProcess.freePort();
            properties.put("spring.artemis.mode", "native");
            // a plain URL, as an operator writes it: reconnecting is the product's job (messaging.NativeBrokerReconnect)
            properties.put("spring.artemis.broker-url", "tcp://127.0.0.1:" + brokerPort);
            broker = new JvmProcess("broker", BrokerMain.class.getName(), workDir, Map.of(
                    "broker.data-dir", workDir.resolve("broker-data").toString(),
                    "broker.port", String.valueOf(brokerPort)), List.of("-Xmx256m", "-XX:+UseSerialGC"));
        } else {
            brokerPort = -1;
            broker = null;
        }
        gateway = new JvmProcess("gateway", "fr.facteur.FacteurApplication", workDir, properties,
                List.of("-Xmx768m", "-XX:+UseSerialGC"));
    }

    public void startAll() {
        if (broker != null) {
            startBroker();
        }
        startGateway();
    }

    private void startGateway() {
        gateway.start(this::healthy, Duration.ofSeconds(180));
    }

    private void startBroker() {
        broker.start(() -> {
            try (java.net.Socket s = new java.net.Socket("127.0.0.1", brokerPort)) {
                return true;
            } catch (IOException e) {
                return false;
            }
        }, Duration.ofSeconds(60));
    }

    /**
     * Feeds {@code invoices} invoices, one every {@code interval}, while killing the victim {@code kills} times at
     * seeded random points of the feed; waits until every invoice has reached its end.
     */
    public Figures run(int invoices, int kills, Duration interval, Duration completion) throws Exception {
        Instant started = Instant.now();
        List<Integer> killPoints = new ArrayList<>();
        for (int k = 0; k < kills; k++) {
            // by deposits made, so that every kill lands while the gateway works: each in its own slice of the
            // run, at a random place in it
            int slice = invoices / (kills + 1);
            killPoints.add(slice * (k + 1) - slice / 2 + random.nextInt(Math.max(1, slice)));
        }
        List<Long> killDelays = killPoints.stream().map(p -> (long) random.nextInt(1000)).toList();
        System.out.printf("CrashRun %s: %d invoices, %s killed at deposits %s (+ms %s)%n", name, invoices, victim,
                killPoints, killDelays);

        ExecutorService senders = Executors.newFixedThreadPool(4);
        ScheduledExecutorService feeder = Executors.newSingleThreadScheduledExecutor();
        // the draws that decide the feed are made up front, so that the feed does not depend on timing
        List<Runnable> feed = new ArrayList<>();
        for (int i = 0; i < invoices; i++) {
            Supplier s = suppliers.get(random.nextInt(suppliers.size()));
            boolean overAs2 = s.as2() != null && random.nextBoolean();
            String number = numberPrefix + String.format("%05d", i);
            ledger.expect(number, s.id());
            byte[] invoice = invoice(s, number);
            feed.add(() -> {
                sent.add(new Sent(number, s.id(), overAs2 ? "AS2" : "SFTP"));
                if (overAs2) {
                    senders.submit(() -> {
                        try {
                            String messageId = "<" + number + "@" + s.id() + ".test>";
                            dispositions.put(number, s.as2().send(number + ".xml", invoice, messageId,
                                    Duration.ofMinutes(4)));
                        } catch (Exception e) {
                            as2Failures.add(number + ": " + e);
                        }
                    });
                } else {
                    env.drop(s.id(), number + ".xml", invoice);
                }
            });
        }
        AtomicInteger next = new AtomicInteger();
        // invoices keep coming during the whole run, kills included: at most WINDOW sent and not yet deposited
        feeder.scheduleAtFixedRate(() -> {
            if (next.get() < feed.size() && submitted.get() - ledger.totalDeposits() < WINDOW) {
                feed.get(next.getAndIncrement()).run();
                submitted.incrementAndGet();
            }
        }, 0, interval.toMillis(), TimeUnit.MILLISECONDS);

        int gatewayKills = 0;
        int brokerKills = 0;
        for (int k = 0; k < kills; k++) {
            int point = killPoints.get(k);
            await().atMost(Duration.ofSeconds(180 + invoices)).pollInterval(Duration.ofMillis(50))
                    .until(() -> ledger.totalDeposits() >= point);
            await().pollDelay(Duration.ofMillis(killDelays.get(k))).until(() -> true);
            System.out.printf("CrashRun %s: SIGKILL %s at invoice %d, %d deposits so far%n", name, victim,
                    submitted.get(), ledger.totalDeposits());
            if (victim == Victim.GATEWAY) {
                gateway.kill();
                gatewayKills++;
                startGateway();
            } else {
                broker.kill();
                brokerKills++;
                startBroker();
            }
        }
        await().atMost(Duration.ofSeconds(180 + invoices)).until(() -> submitted.get() >= invoices);
        feeder.shutdown();
        System.out.printf("CrashRun %s: all %d invoices sent after %d s%n", name, invoices,
                Duration.between(started, Instant.now()).toSeconds());

        // every invoice answered once and at its last status, as far as the suppliers can see
        List<String> missing = new ArrayList<>();
        try {
            await().atMost(completion).pollInterval(Duration.ofMillis(500)).until(() -> {
                missing.clear();
                for (Sent s : sent) {
                    if (ledger.answers(s.number(), "ack") == 0
                            || !ledger.statuses(s.number()).containsKey("INVOICE " + FINAL_CODE)) {
                        missing.add(s.number());
                    }
                }
                // and every supplier's file moved out of its inbox: a file taken just before a kill and not yet
                // moved is read again once its claim expires (60 s); that second read must be seen here
                for (Supplier supplier : suppliers) {
                    GatewayTestEnvironment.fileNames(env.inbox(supplier.id())).stream()
                            .filter(n -> n.endsWith(".xml")).forEach(n -> missing.add("inbox " + n));
                }
                return missing.isEmpty();
            });
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            System.out.printf("CrashRun %s: not finished: %s%n", name, missing.subList(0, Math.min(20,
                    missing.size())));
        }
        System.out.printf("CrashRun %s: %d invoices at their end after %d s%n", name, invoices - missing.size(),
                Duration.between(started, Instant.now()).toSeconds());
        senders.shutdown();
        senders.awaitTermination(1, TimeUnit.MINUTES);
        // quiet: nothing more arrives and every queue is empty (late duplicates would show here)
        int[] lastTotals = {-1, -1};
        try {
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() -> {
                boolean stable = lastTotals[0] == ledger.totalDeposits() && lastTotals[1] == ledger.totalRelays();
                lastTotals[0] = ledger.totalDeposits();
                lastTotals[1] = ledger.totalRelays();
                return stable && queuedMessages() == 0;
            });
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            System.out.printf("CrashRun %s: queues not empty: %s%n", name, queueDepths());
        }
        return figures(gatewayKills, brokerKills, Duration.between(started, Instant.now()));
    }

    /** The NOMINAL scenario of the simulator ends with 11, Mise en paiement. */
    static final String FINAL_CODE = "11";

    private Figures figures(int gatewayKills, int brokerKills, Duration time) throws Exception {
        int lost = 0;
        int duplicatedDeposits = 0;
        int duplicatedRelays = 0;
        int undeposited = 0;
        List<String> problems = new ArrayList<>();
        Map<String, Integer> reference = null;
        for (Sent s : sent) {
            int deposits = ledger.deposits(s.number());
            if (deposits == 0) {
                undeposited++;
                problems.add(s.number() + " never deposited");
            }
            duplicatedDeposits += Math.max(0, deposits - 1);
            int acks = ledger.answers(s.number(), "ack");
            int others = ledger.otherAnswers(s.number());
            if (acks != 1 || others != 0) {
                problems.add(s.number() + " answered " + acks + " ack, " + others + " other");
            }
            duplicatedRelays += Math.max(0, acks - 1) + others;
            Map<String, Integer> statuses = ledger.statuses(s.number());
            for (Map.Entry<String, Integer> e : statuses.entrySet()) {
                if (e.getValue() > 1) {
                    duplicatedRelays += e.getValue() - 1;
                    problems.add(s.number() + " " + e.getKey() + " relayed " + e.getValue() + " times");
                }
            }
            if (reference == null && statuses.containsKey("INVOICE " + FINAL_CODE)) {
                reference = statuses;
            }
            if (reference != null && !statuses.keySet().equals(reference.keySet())) {
                problems.add(s.number() + " statuses " + statuses.keySet() + ", expected " + reference.keySet());
            }
            // its final state, as the API tells it
            JsonNode items = api("/api/invoices?number=" + s.number()).path("items");
            if (items.size() != 1) {
                lost += items.isEmpty() ? 1 : 0;
                problems.add(s.number() + " recorded " + items.size() + " times");
            } else if (!s.supplier().equals(items.get(0).path("tenantId").asText())) {
                problems.add(s.number() + " recorded under " + items.get(0).path("tenantId").asText());
            } else if (!"MISE_EN_PAIEMENT".equals(items.get(0).path("status").asText())
                    && !FINAL_CODE.equals(items.get(0).path("status").asText())) {
                problems.add(s.number() + " ends at " + items.get(0).path("status").asText());
            }
        }
        for (String failure : as2Failures) {
            problems.add("AS2 " + failure);
        }
        dispositions.forEach((number, disposition) -> {
            if (!disposition.endsWith("; processed")) {
                problems.add(number + " MDN " + disposition);
            }
        });
        problems.addAll(ledger.unreadable());
        // a file still in its outbox after the completion wait (longer than a claim takes to expire) is stuck there:
        // processed or not, it was never moved to done/ or error/
        for (Supplier supplier : suppliers) {
            GatewayTestEnvironment.fileNames(env.inbox(supplier.id())).stream().filter(n -> n.endsWith(".xml"))
                    .forEach(n -> problems.add(n + " left in " + supplier.id() + "'s outbox"));
        }
        JsonNode deadLetters = api("/api/dead-letters");
        int retries = suppliers.stream().filter(s -> s.as2() != null).mapToInt(s -> s.as2().retries()).sum();
        long overAs2 = sent.stream().filter(s -> s.channel().equals("AS2")).count();
        return new Figures(sent.size(), sent.size() - (int) overAs2, (int) overAs2, gatewayKills, brokerKills,
                Math.max(lost, undeposited), duplicatedDeposits, duplicatedRelays, ledger.wrongDeliveries().size(),
                deadLetters.size(), queuedMessages(), retries, time, problems,
                reference == null ? List.of() : List.copyOf(reference.keySet()), ledger.repeatedUploads().size());
    }

    /** The figures of a run. */
    public record Figures(int invoices, int overSftp, int overAs2, int gatewayKills, int brokerKills, int lost,
            int duplicatedDeposits, int duplicatedRelays, int wrongDeliveries, int deadLetters, int queued,
            int as2Retries, Duration time, List<String> problems, List<String> statusesPerInvoice,
            int repeatedUploads) {
    }

    /** Messages waiting in facteur.* queues and their DLQs. */
    int queuedMessages() {
        return queueDepths().values().stream().mapToInt(Integer::intValue).sum();
    }

    Map<String, Integer> queueDepths() {
        Map<String, Integer> depths = new LinkedHashMap<>();
        if (victim == Victim.BROKER) {
            for (String queue : List.of("facteur.transmit", "facteur.returns", "facteur.relay",
                    "DLQ.facteur.transmit", "DLQ.facteur.returns", "DLQ.facteur.relay")) {
                depths.put(queue, BrokerQueues.depth(brokerPort, queue));
            }
            return depths;
        }
        // the embedded broker lives in the gateway: its depth gauges, over the metrics endpoint
        String metrics = get("/actuator/prometheus");
        for (String line : metrics.split("\n")) {
            if (line.startsWith("facteur_queue_depth{")) {
                String queue = line.replaceFirst(".*queue=\"([^\"]+)\".*", "$1");
                double value = Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                depths.put(queue, Double.isNaN(value) ? Integer.MAX_VALUE : (int) value);
            }
        }
        if (depths.isEmpty()) {
            throw new IllegalStateException("no facteur_queue_depth in /actuator/prometheus");
        }
        return depths;
    }

    private JsonNode api(String path) throws IOException {
        return json.readTree(get(path));
    }

    private String get(String path) {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + path))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString((ADMIN + ":"
                        + GatewayTestEnvironment.ADMIN_PASSWORD).getBytes(StandardCharsets.UTF_8))).build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException(path + ": HTTP " + response.statusCode() + " " + response.body());
            }
            return response.body();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private boolean healthy() {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                    + httpPort + "/actuator/health")).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** acme's sample, renumbered and sold by this supplier. */
    private static byte[] invoice(Supplier s, String number) {
        return new String(TestInvoices.withNumber("ubl-invoice-acme.xml", number), StandardCharsets.UTF_8)
                .replace("73282932000074", s.siret()).getBytes(StandardCharsets.UTF_8);
    }

    /** A random SIRET with a valid Luhn key, distinct from the samples' sellers (they do not start with 9). */
    static String siret(Random random) {
        StringBuilder digits = new StringBuilder("9");
        for (int i = 0; i < 12; i++) {
            digits.append(random.nextInt(10));
        }
        for (int check = 0; check < 10; check++) {
            String candidate = digits.toString() + check;
            if (fr.facteur.tenant.Siret.isValid(candidate)) { // the gateway's own check
                return candidate;
            }
        }
        throw new IllegalStateException();
    }

    private static void deleteTree(Path dir) {
        if (!java.nio.file.Files.exists(dir)) {
            return;
        }
        try (var files = java.nio.file.Files.walk(dir)) {
            for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                java.nio.file.Files.delete(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot clear " + dir, e);
        }
    }

    public Path gatewayLog() {
        return gateway.log();
    }

    @Override
    public void close() {
        gateway.close();
        if (broker != null) {
            broker.close();
        }
        env.close();
    }
}
