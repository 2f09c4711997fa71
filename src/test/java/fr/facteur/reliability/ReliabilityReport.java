package fr.facteur.reliability;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

/**
 * The figures of the reliability suites. Always printed; written as a {@code ## section} of the report file named by
 * the system property {@code reliability.report} when it is set (the full run, {@code mvn -Preliability verify},
 * sets it to docs/reliability.md). A suite replaces only its own section, so suites can run in any order.
 */
final class ReliabilityReport {

    private ReliabilityReport() {
    }

    static synchronized void section(String title, String body) {
        String text = "## " + title + "\n\n_" + OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS)
                + (Boolean.getBoolean("reliability.full") ? ", full run" : ", CI size") + "_\n\n" + body.strip() + "\n";
        System.out.println(text);
        String target = System.getProperty("reliability.report");
        if (target == null || target.isBlank()) {
            return;
        }
        try {
            Path file = Path.of(target);
            String existing = Files.exists(file) ? Files.readString(file) : """
                    # Reliability report

                    Written by `mvn -Preliability verify` (see README, "Reliability suites"). Each suite rewrites its
                    own section.

                    """;
            int start = existing.indexOf("## " + title + "\n");
            if (start >= 0) {
                int end = existing.indexOf("\n## ", start + 1);
                existing = existing.substring(0, start) + (end < 0 ? "" : existing.substring(end + 1));
            }
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.writeString(file, existing.stripTrailing() + "\n\n" + text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
