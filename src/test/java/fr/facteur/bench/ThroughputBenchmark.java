package fr.facteur.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

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

import fr.facteur.inbound.Intake;
import fr.facteur.inbound.IntakeReport;
import fr.facteur.tenant.TenantDirectory;
import fr.facteur.testsupport.GatewayTestEnvironment;

/**
 * The whole gateway on this machine (real SFTP server, embedded Artemis, PostgreSQL, the simulator), with full
 * validation:
 * <ol>
 * <li>throughput: N invoices (facteur.bench.invoices, default 2000) spread over T tenants (facteur.bench.tenants,
 * default 4) appear at once in the tenants' SFTP folders; measured until every flow is queued for Chorus Pro, then
 * until every invoice's last status (Mise en paiement) has been relayed to its supplier;</li>
 * <li>latency at a fixed arrival rate (facteur.bench.rate, default 50/s for 20 s), straight into the intake as a
 * channel hands a file over: each invoice's time is counted from the moment it was due to arrive, not from when a
 * busy worker got to it (no coordinated omission).</li>
 * </ol>
 * Figures on the console and in target/bench/throughput.txt.
 */
@EnabledIf("fr.facteur.bench.Bench#enabled")
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ThroughputBenchmark {

    static final int TENANTS = Bench.setting("tenants", 4);
    static final GatewayTestEnvironment env = GatewayTestEnvironment.start("bench");

    static {
        for (int t = 0; t < TENANTS; t++) {
            env.addSupplier("bench" + t, Bench.siret(t), "cppstatut", List.of());
        }
    }

    @DynamicPropertySource
    static void gateway(DynamicPropertyRegistry registry) {
        env.register(registry);
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
    Intake intake;
    @Autowired
    TenantDirectory tenants;
    @Value("${facteur.intake.workers-per-tenant:1}")
    int workersPerTenant;

    @Test
    @Order(1)
    void throughputFromSftpToQueuedAndToTheLastStatusRelayed() throws IOException {
        int invoices = Bench.setting("invoices", 2000);
        await().atMost(Duration.ofSeconds(60)).until(() -> tenants.installed().size() == TENANTS);
        warmUp();
        long flowsBefore = count("select count(*) from flow");

        // written aside first, then renamed into the folders: the gateway sees complete files only
        Path staging = Files.createDirectories(env.base().resolve("staging"));
        List<Path[]> moves = new ArrayList<>();
        for (int i = 0; i < invoices; i++) {
            int t = i % TENANTS;
            byte[] invoice = Bench.invoiceOf(t, "TP" + String.format("%08d", i));
            Path staged = Files.write(staging.resolve("TP" + i + ".xml"), invoice);
            moves.add(new Path[] { staged, env.inbox("bench" + t).resolve("TP" + i + ".xml") });
        }
        Bench.Costs before = costs();
        var threadsBefore = Bench.threadCpu();
        long started = System.nanoTime();
        for (Path[] move : moves) {
            Files.move(move[0], move[1]);
        }
        await().atMost(Duration.ofMinutes(30)).pollInterval(Duration.ofMillis(200))
                .until(() -> count("select count(*) from flow where state <> 'PACKAGED'") - flowsBefore >= invoices);
        double queuedSeconds = (System.nanoTime() - started) / 1e9;
        Bench.Costs queued = costs();
        var cpuByPart = Bench.cpuSince(threadsBefore, invoices);
        assertThat(count("select count(*) from document where state = 'REJECTED'")).isZero();
        double[] intakeMs = sorted(jdbc.queryForList("select extract(epoch from (f.queued_at - d.received_at)) * 1000 "
                + "from flow f join document d on d.id = f.document_id where f.flow_ref like '%' and f.queued_at is not null "
                + "and d.file_name like 'TP%'", Double.class));

        // -Dfacteur.bench.relayed=0 stops at the queued flow (quick iterations on the intake)
        boolean toRelayed = Bench.setting("relayed", 1) != 0;
        if (toRelayed) {
            await().atMost(Duration.ofMinutes(60)).pollInterval(Duration.ofSeconds(1)).until(() -> count("""
                    select count(distinct se.invoice_id) from status_event se
                    join delivery d on d.return_file_id = se.return_file_id and d.tenant_id = se.tenant_id
                    where se.status = 'MISE_EN_PAIEMENT'""") >= invoices + 1);
        }
        double relayedSeconds = (System.nanoTime() - started) / 1e9;

        Bench.report(Bench.REPORT, "Throughput on %s", Bench.machine());
        Bench.report(Bench.REPORT, "%d invoices of %d lines (%d bytes) over %d tenants, %d workers per tenant "
                + "(SFTP, full validation, signed flows):", invoices, Bench.LINES, Bench.invoiceOf(0, "TP00000000").length,
                TENANTS, workersPerTenant);
        Bench.report(Bench.REPORT, "  to queued flow      : %7.1f s  = %6.1f invoices/s", queuedSeconds,
                invoices / queuedSeconds);
        if (toRelayed) {
            Bench.report(Bench.REPORT, "  to last status relayed: %5.1f s  = %6.1f invoices/s (simulator included)",
                    relayedSeconds, invoices / relayedSeconds);
        }
        Bench.report(Bench.REPORT, "  in the gateway, taken -> queued: p50 %.0f ms, p99 %.0f ms, max %.0f ms",
                Bench.quantile(intakeMs, 0.5), Bench.quantile(intakeMs, 0.99), Bench.quantile(intakeMs, 1));
        // figures that do not depend on how busy the machine is: what each invoice cost until its flow was queued
        Bench.report(Bench.REPORT, "  per invoice until queued: %s", queued.since(before, invoices));
        Bench.report(Bench.REPORT, "  CPU per invoice until queued, by thread: %s", Bench.describe(cpuByPart));
    }

    @Test
    @Order(2)
    void latencyAtAFixedArrivalRate() throws Exception {
        int rate = Bench.setting("rate", 50);
        int seconds = Bench.setting("rate-seconds", 20);
        int total = rate * seconds;
        Path files = Files.createDirectories(env.base().resolve("latency"));
        List<Path> invoices = new ArrayList<>();
        for (int i = 0; i < total; i++) {
            invoices.add(Files.write(files.resolve("TL" + i + ".xml"), Bench.invoiceOf(i % TENANTS, "TL" + String.format("%08d", i))));
        }
        // as many workers per tenant as each tenant's SFTP route has (facteur.intake.workers-per-tenant)
        Map<Integer, ExecutorService> workers = new ConcurrentHashMap<>();
        var threadsBefore = Bench.threadCpu();
        Bench.OpenLoop run = Bench.atFixedRate(rate, total,
                index -> workers.computeIfAbsent(index % TENANTS, t -> Executors.newFixedThreadPool(workersPerTenant)),
                index -> IntakeReport.ACCEPTED.equals(intake.receive(tenants.find("bench" + (index % TENANTS))
                        .orElseThrow(), "SFTP", "TL" + index + ".xml", invoices.get(index)).outcome()));
        var cpuByPart = Bench.cpuSince(threadsBefore, total); // before the workers' threads end
        workers.values().forEach(ExecutorService::shutdown);
        assertThat(run.succeeded()).isEqualTo(total);
        Bench.report(Bench.REPORT, "Latency at %d invoices/s for %d s over %d tenants, %d workers per tenant "
                + "(arrival -> flow queued, waiting time included; load average %s):", rate, seconds, TENANTS,
                workersPerTenant, Bench.loadAverage());
        Bench.report(Bench.REPORT, "  %s", run.percentiles());
        Bench.report(Bench.REPORT, "  CPU per invoice meanwhile, by thread: %s", Bench.describe(cpuByPart));
    }

    /** One invoice per tenant through the whole path first: compilations and connections are not what we measure. */
    private void warmUp() {
        for (int t = 0; t < TENANTS; t++) {
            env.drop("bench" + t, "warm" + t + ".xml", Bench.invoiceOf(t, "WARM" + t));
        }
        await().atMost(Duration.ofMinutes(Bench.setting("warm-up-minutes", 10))).until(() -> count("""
                select count(distinct se.invoice_id) from status_event se
                join delivery d on d.return_file_id = se.return_file_id and d.tenant_id = se.tenant_id
                where se.status = 'MISE_EN_PAIEMENT'""") >= 1
                && count("select count(*) from flow where state <> 'PACKAGED'") >= TENANTS);
    }

    private Bench.Costs costs() {
        return Bench.costs(jdbc);
    }

    private long count(String sql) {
        Long value = jdbc.queryForObject(sql, Long.class);
        return value == null ? 0 : value;
    }

    private static double[] sorted(List<Double> values) {
        double[] array = values.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(array);
        return array;
    }
}
