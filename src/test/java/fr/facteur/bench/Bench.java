package fr.facteur.bench;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import java.util.function.IntPredicate;

import com.sun.management.OperatingSystemMXBean;
import org.springframework.jdbc.core.JdbcTemplate;

import fr.facteur.tenant.Siret;
import fr.facteur.testsupport.TestInvoices;

/**
 * What the benchmarks share: when they run, and where their figures go. A benchmark runs under the bench profile
 * ({@code mvn -Pbench verify}, which sets facteur.bench=true) or when named in {@code -Dtest}; never in the suite.
 */
public final class Bench {

    private Bench() {
    }

    /** The file under target/bench/ the whole-gateway figures go to (-Dfacteur.bench.report: runs side by side keep theirs apart). */
    public static final String REPORT = System.getProperty("facteur.bench.report", "throughput.txt");

    /** For {@code @EnabledIf("fr.facteur.bench.Bench#enabled")}. */
    public static boolean enabled() {
        return Boolean.getBoolean("facteur.bench") || System.getProperty("test", "").contains("Benchmark");
    }

    /** An integer setting, e.g. -Dfacteur.bench.invoices=2000. */
    public static int setting(String name, int byDefault) {
        return Integer.getInteger("facteur.bench." + name, byDefault);
    }

    /** Prints a line of figures and appends it to target/bench/&lt;file&gt;. */
    public static void report(String file, String format, Object... args) {
        String line = String.format(Locale.ROOT, format, args);
        System.out.println(line);
        try {
            Path out = Path.of("target", "bench", file);
            Files.createDirectories(out.getParent());
            Files.writeString(out, line + System.lineSeparator(), StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The machine, printed at the top of every report. */
    public static String machine() {
        return String.format(Locale.ROOT, "%d processors, max heap %d MB, Java %s, %s %s, load average %s",
                Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20,
                System.getProperty("java.version"), System.getProperty("os.name"), System.getProperty("os.arch"),
                loadAverage());
    }

    /** The 1, 5 and 15 minute load averages (other builds share the cores: the figures need it beside them). */
    public static String loadAverage() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).trim().split(" ");
            return parts[0] + " " + parts[1] + " " + parts[2];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    /** The value at quantile q (0..1) of sorted values. */
    public static double quantile(double[] sorted, double q) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int index = (int) Math.ceil(q * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    /** Invoice lines per invoice (facteur.bench.lines): 2 is the acme sample as it is. */
    public static final int LINES = setting("lines", 2);

    /** The acme sample as an invoice of tenant t: its seller SIRET and its number replaced, {@link #LINES} lines. */
    public static byte[] invoiceOf(int t, String number) {
        String xml = new String(TestInvoices.withNumber("ubl-invoice-acme.xml", number), StandardCharsets.UTF_8);
        xml = xml.replace("73282932000074", siret(t));
        return (LINES == 2 ? xml : TestInvoices.withLines(xml, LINES)).getBytes(StandardCharsets.UTF_8);
    }

    /** A valid SIRET (Luhn key) per tenant index: acme's SIREN, another establishment (NIC). */
    public static String siret(int t) {
        String base = String.format("732829320%04d", t);
        for (int key = 0; key <= 9; key++) {
            String candidate = base + key;
            if (Siret.isValid(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("no Luhn key for " + base);
    }

    /** This JVM's CPU time, the database's commits and the server's WAL syncs so far. */
    public record Costs(long cpuNanos, long commits, long walSyncs) {

        /** Per invoice since {@code before}: the whole JVM's CPU, PostgreSQL commits and WAL syncs. */
        public String since(Costs before, int invoices) {
            return String.format(Locale.ROOT, "%.1f ms of CPU (the whole JVM: gateway and test rig), %.1f PostgreSQL "
                    + "commits, %.2f PostgreSQL WAL syncs", (cpuNanos - before.cpuNanos) / 1e6 / invoices,
                    (double) (commits - before.commits) / invoices, (double) (walSyncs - before.walSyncs) / invoices);
        }
    }

    /** What this JVM and the database have done so far: figures that hold however busy the machine is. */
    public static Costs costs(JdbcTemplate jdbc) {
        long cpu = ((OperatingSystemMXBean) ManagementFactory
                .getOperatingSystemMXBean()).getProcessCpuTime();
        Long commits = jdbc.queryForObject(
                "select xact_commit from pg_stat_database where datname = current_database()", Long.class);
        Long syncs = jdbc.queryForObject("select wal_sync from pg_stat_wal", Long.class);
        return new Costs(cpu, commits == null ? 0 : commits, syncs == null ? 0 : syncs);
    }

    /**
     * CPU time of this JVM's live threads, grouped by what they belong to: the gateway, or the test rig that shares
     * the machine with it (the SFTP servers standing for the suppliers' and Chorus Pro's, the Chorus Pro simulator,
     * the benchmark's own threads). Read twice and subtract: {@link #cpuSince}.
     */
    public static Map<Long, long[]> threadCpu() {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        Map<Long, long[]> cpu = new HashMap<>();
        for (long id : threads.getAllThreadIds()) {
            long nanos = threads.getThreadCpuTime(id);
            if (nanos >= 0) {
                cpu.put(id, new long[] { nanos });
            }
        }
        cpu.put(PROCESS, new long[] { processCpu() });
        return cpu;
    }

    /**
     * The CPU used since {@code before} per part, in ms per invoice: gateway, sftp-servers, simulator, benchmark, and
     * jvm (garbage collection and JIT compilation of the whole JVM, which the gateway shares with the rig).
     */
    public static Map<String, Double> cpuSince(Map<Long, long[]> before, int invoices) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        Map<String, Double> parts = new LinkedHashMap<>();
        for (String part : List.of("gateway", "sftp-servers", "simulator", "benchmark", "jvm")) {
            parts.put(part, 0.0);
        }
        double threadsTotal = 0;
        for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (info == null) {
                continue;
            }
            long now = threads.getThreadCpuTime(info.getThreadId());
            long[] was = before.get(info.getThreadId());
            long used = now - (was == null ? 0 : was[0]);
            if (now >= 0 && used > 0) {
                parts.merge(partOf(info.getThreadName()), used / 1e6 / invoices, Double::sum);
                threadsTotal += used / 1e6 / invoices;
            }
        }
        // what no live Java thread accounts for: garbage collection, the JIT compilers, threads that ended
        parts.put("jvm", Math.max(0, (processCpu() - before.get(PROCESS)[0]) / 1e6 / invoices - threadsTotal));
        return parts;
    }

    private static final long PROCESS = -1;

    private static long processCpu() {
        return ((OperatingSystemMXBean) ManagementFactory
                .getOperatingSystemMXBean()).getProcessCpuTime();
    }

    /** Which part a thread belongs to, by its name. */
    static String partOf(String thread) {
        if (thread.startsWith("sshd-")) {
            return "sftp-servers"; // Apache MINA SSHD: the suppliers' and Chorus Pro's SFTP servers of the rig
        }
        if (thread.startsWith("scheduling-")) {
            return "simulator"; // Spring's scheduler: the simulator's drop box scan (it validates every flow again)
        }
        if (thread.equals("main") || thread.startsWith("awaitility") || thread.startsWith("bench-")) {
            return "benchmark";
        }
        return "gateway";
    }

    /** "gateway 31.0 ms, sftp-servers 20.1 ms, ..." and the gateway's ceiling on this machine's cores. */
    public static String describe(Map<String, Double> cpu) {
        StringBuilder text = new StringBuilder();
        cpu.forEach((part, ms) -> text.append(text.length() == 0 ? "" : ", ")
                .append(String.format(Locale.ROOT, "%s %.1f ms", part, ms)));
        double gateway = cpu.get("gateway");
        text.append(String.format(Locale.ROOT, " (the gateway alone could not exceed %.0f invoices/s on %d cores)",
                Runtime.getRuntime().availableProcessors() * 1000 / gateway, Runtime.getRuntime().availableProcessors()));
        return text.toString();
    }

    /** What an open-loop run measured: each task's time from when it was due (sorted), and how many succeeded. */
    public record OpenLoop(double[] latencyMs, int succeeded) {

        public String percentiles() {
            return String.format(Locale.ROOT, "p50 %.1f ms, p90 %.1f ms, p99 %.1f ms, p99.9 %.1f ms, max %.1f ms",
                    quantile(latencyMs, 0.5), quantile(latencyMs, 0.9), quantile(latencyMs, 0.99),
                    quantile(latencyMs, 0.999), quantile(latencyMs, 1));
        }
    }

    /**
     * Starts task i at {@code i / rate} seconds on the executor chosen for it, whether the earlier ones have finished
     * or not (open loop), and times each from when it was <em>due</em>: a task kept waiting by busy workers counts
     * its wait (no coordinated omission). Returns once every task has ended.
     */
    public static OpenLoop atFixedRate(int rate, int total, IntFunction<Executor>
            executorFor, IntPredicate task) {
        ScheduledExecutorService arrivals = Executors
                .newSingleThreadScheduledExecutor(r -> new Thread(r, "bench-arrivals"));
        double[] latencyMs = new double[total];
        AtomicInteger done = new AtomicInteger();
        AtomicInteger succeeded = new AtomicInteger();
        long period = TimeUnit.SECONDS.toNanos(1) / rate;
        long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(200);
        for (int i = 0; i < total; i++) {
            int index = i;
            long due = start + i * period;
            arrivals.schedule(() -> executorFor.apply(index).execute(() -> {
                boolean ok = false;
                try {
                    ok = task.test(index);
                } finally {
                    latencyMs[index] = (System.nanoTime() - due) / 1e6;
                    if (ok) {
                        succeeded.incrementAndGet();
                    }
                    done.incrementAndGet();
                }
            }), due - System.nanoTime(), TimeUnit.NANOSECONDS);
        }
        await().atMost(Duration.ofMinutes(15)).until(() -> done.get() == total);
        arrivals.shutdown();
        Arrays.sort(latencyMs);
        return new OpenLoop(latencyMs, succeeded.get());
    }
}
