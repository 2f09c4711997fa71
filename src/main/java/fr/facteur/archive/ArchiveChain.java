package fr.facteur.archive;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The archive's per-day hash chain: {@code <archive>/<day>/chain.log} gets one line per file stored that day,
 * {@code <sha256 of the file> <path> <link>}, where link = SHA-256(previous link + sha256 + path). A day's first
 * link continues from the last link of the day before, so the days are chained too. Changing, removing or adding a
 * file, or editing a line of a log, breaks the chain at a place {@link #verify()} names.
 *
 * <p>One writer per archive: appends are serialised here; several gateway instances sharing one archive folder
 * would each need their own chain (not done yet).
 */
public final class ArchiveChain {

    static final String LOG = "chain.log";
    private static final String GENESIS = "0".repeat(64);

    private final Path root;
    private final Path dataDir;

    ArchiveChain(Path dataDir, Path root) {
        this.dataDir = dataDir;
        this.root = root;
    }

    /** A problem found by {@link #verify()}, naming the file (or log line) concerned. */
    public record Problem(String day, String path, String problem) {
    }

    /** @param files how many archived files were checked */
    public record Verification(boolean intact, int days, int files, List<Problem> problems) {
    }

    /** Records a file just stored under {@code day}. */
    synchronized void append(String day, String sha256, Path file) {
        try {
            Path log = root.resolve(day).resolve(LOG);
            String previous = lastLink(day);
            String path = dataDir.relativize(file).toString();
            String line = sha256 + " " + path + " " + link(previous, sha256, path) + "\n";
            Files.writeString(log, line, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND,
                    StandardOpenOption.SYNC);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot extend the archive's hash chain", e);
        }
    }

    /** Re-reads every archived file and every chain line, in day order. */
    public synchronized Verification verify() {
        List<Problem> problems = new ArrayList<>();
        int files = 0;
        List<String> days = days();
        String previous = GENESIS;
        for (String day : days) {
            Path log = root.resolve(day).resolve(LOG);
            Set<String> chained = new HashSet<>();
            List<String> lines = readLines(log);
            for (int i = 0; i < lines.size(); i++) {
                String[] parts = lines.get(i).split(" ");
                if (parts.length != 3) {
                    problems.add(new Problem(day, LOG + ":" + (i + 1), "malformed chain line"));
                    continue;
                }
                String sha = parts[0];
                String path = parts[1];
                chained.add(path);
                if (!parts[2].equals(link(previous, sha, path))) {
                    problems.add(new Problem(day, LOG + ":" + (i + 1), "the chain is broken here (a line was changed, "
                            + "removed or inserted)"));
                }
                previous = parts[2];
                Path file = dataDir.resolve(path).normalize();
                files++;
                if (!file.startsWith(root) || !Files.isRegularFile(file)) {
                    problems.add(new Problem(day, path, "the archived file is missing"));
                } else if (!sha.equals(sha256(file))) {
                    problems.add(new Problem(day, path, "the archived file was altered (its SHA-256 differs)"));
                }
            }
            for (Path file : filesOf(day)) {
                String path = dataDir.relativize(file).toString();
                if (!chained.contains(path)) {
                    problems.add(new Problem(day, path, "the file is not in the chain (added afterwards?)"));
                }
            }
        }
        return new Verification(problems.isEmpty(), days.size(), files, problems);
    }

    private String lastLink(String day) throws IOException {
        List<String> lines = readLines(root.resolve(day).resolve(LOG));
        if (!lines.isEmpty()) {
            String[] parts = lines.get(lines.size() - 1).split(" ");
            return parts[parts.length - 1];
        }
        // the day's first file continues the chain of the last earlier day
        List<String> earlier = days().stream().filter(d -> d.compareTo(day) < 0).toList();
        for (int i = earlier.size() - 1; i >= 0; i--) {
            List<String> previous = readLines(root.resolve(earlier.get(i)).resolve(LOG));
            if (!previous.isEmpty()) {
                String[] parts = previous.get(previous.size() - 1).split(" ");
                return parts[parts.length - 1];
            }
        }
        return GENESIS;
    }

    private List<String> days() {
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        try (Stream<Path> entries = Files.list(root)) {
            return entries.filter(Files::isDirectory).map(p -> p.getFileName().toString())
                    .filter(name -> name.matches("\\d{4}-\\d{2}-\\d{2}")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private List<Path> filesOf(String day) {
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> buckets = Files.newDirectoryStream(root.resolve(day), Files::isDirectory)) {
            for (Path bucket : buckets) {
                try (DirectoryStream<Path> entries = Files.newDirectoryStream(bucket, Files::isRegularFile)) {
                    entries.forEach(files::add);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return files;
    }

    private static List<String> readLines(Path log) {
        try {
            return Files.exists(log) ? Files.readAllLines(log, StandardCharsets.UTF_8).stream()
                    .filter(line -> !line.isBlank()).toList() : List.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String link(String previous, String sha256, String path) {
        MessageDigest digest = digest();
        digest.update((previous + " " + sha256 + " " + path).getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(digest.digest());
    }

    private static String sha256(Path file) {
        MessageDigest digest = digest();
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), digest)) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
