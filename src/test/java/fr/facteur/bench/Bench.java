package fr.facteur.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;

/**
 * What the benchmarks share: when they run, and where their figures go. A benchmark runs under the bench profile
 * ({@code mvn -Pbench verify}, which sets facteur.bench=true) or when named in {@code -Dtest}; never in the suite.
 */
public final class Bench {

    private Bench() {
    }

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
}
