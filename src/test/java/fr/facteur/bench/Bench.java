package fr.facteur.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;

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
    }

    /** What this JVM and the database have done so far: figures that hold however busy the machine is. */
    public static Costs costs(JdbcTemplate jdbc) {
        long cpu = ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getProcessCpuTime();
        Long commits = jdbc.queryForObject(
                "select xact_commit from pg_stat_database where datname = current_database()", Long.class);
        Long syncs = jdbc.queryForObject("select wal_sync from pg_stat_wal", Long.class);
        return new Costs(cpu, commits == null ? 0 : commits, syncs == null ? 0 : syncs);
    }
}
