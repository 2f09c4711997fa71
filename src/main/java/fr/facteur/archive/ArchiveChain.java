package fr.facteur.archive;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
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
 * <p>Retention: {@link #purgeBefore} deletes whole days and first records the last purged link in {@link #ANCHOR},
 * so the remaining days still verify from there (whoever can rewrite the anchor can only hide the purge of more old
 * days, never a change to a kept file).
 *
 * <p>One writer per archive: appends are serialised here; several gateway instances sharing one archive folder
 * would each need their own chain (not done yet).
 */
public final class ArchiveChain {

    static final String LOG = "chain.log";
    /** {@code <last purged day> <its last link>}: where verification starts once old days have been purged. */
    static final String ANCHOR = "chain.anchor";
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
        Anchor anchor = anchor();
        List<String> days = days().stream().filter(d -> d.compareTo(anchor.day()) > 0).toList();
        String previous = anchor.link();
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
        String last = lastLine(root.resolve(day).resolve(LOG));
        if (last != null) {
            String[] parts = last.split(" ");
            return parts[parts.length - 1];
        }
        // the day's first file continues the chain of the last earlier day
        Anchor anchor = anchor();
        List<String> earlier = days().stream().filter(d -> d.compareTo(day) < 0 && d.compareTo(anchor.day()) > 0)
                .toList();
        for (int i = earlier.size() - 1; i >= 0; i--) {
            String previous = lastLine(root.resolve(earlier.get(i)).resolve(LOG));
            if (previous != null) {
                String[] parts = previous.split(" ");
                return parts[parts.length - 1];
            }
        }
        return anchor.link();
    }

    private record Anchor(String day, String link) {
    }

    private Anchor anchor() {
        List<String> lines = readLines(root.resolve(ANCHOR));
        if (lines.isEmpty()) {
            return new Anchor("", GENESIS); // "" sorts before every day
        }
        String[] parts = lines.get(0).split(" ");
        if (parts.length != 2) {
            throw new IllegalStateException("malformed " + root.resolve(ANCHOR));
        }
        return new Anchor(parts[0], parts[1]);
    }

    /**
     * Deletes every day before {@code cutoff} (its files and its chain log), after writing their last link to the
     * anchor, so the kept days still verify. Refuses, deleting nothing, when those days do not verify themselves:
     * purging would destroy the evidence of a tampering.
     *
     * @return the days purged
     */
    public synchronized List<String> purgeBefore(LocalDate cutoff) {
        String limit = cutoff.toString();
        Anchor anchor = anchor();
        List<String> old = days().stream().filter(d -> d.compareTo(limit) < 0).toList();
        if (old.isEmpty()) {
            return List.of();
        }
        List<Problem> problems = verify().problems().stream().filter(p -> p.day().compareTo(limit) < 0).toList();
        if (!problems.isEmpty()) {
            throw new IllegalStateException("archive purge refused: the days to purge do not verify: " + problems);
        }
        String link = anchor.link();
        String lastDay = anchor.day();
        for (String day : old) {
            if (day.compareTo(anchor.day()) <= 0) {
                continue; // left over by a purge interrupted after its anchor was written
            }
            List<String> lines = readLines(root.resolve(day).resolve(LOG));
            if (!lines.isEmpty()) {
                String[] parts = lines.get(lines.size() - 1).split(" ");
                link = parts[parts.length - 1];
            }
            lastDay = day;
        }
        try {
            // the anchor first, atomically: a crash mid-deletion leaves days the verification already skips
            Path tmp = Files.createTempFile(root, ANCHOR, ".part");
            Files.writeString(tmp, lastDay + " " + link + "\n", StandardCharsets.UTF_8);
            Files.move(tmp, root.resolve(ANCHOR), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            for (String day : old) {
                deleteTree(root.resolve(day));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot purge the archive", e);
        }
        return old;
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
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

    /**
     * The last non-blank line of a log (null when it has none), read from the end of the file. Every append needs
     * the previous link, and a day's log grows by a line per stored file: reading it whole each time made an append
     * cost grow with the day's volume (quadratic over a day, under this class's lock, at month-end peaks).
     */
    private static String lastLine(Path log) {
        if (!Files.exists(log)) {
            return null;
        }
        try (SeekableByteChannel channel = Files.newByteChannel(log, StandardOpenOption.READ)) {
            long size = channel.size();
            for (long window = 4096; ; window *= 2) {
                long start = Math.max(0, size - window);
                ByteBuffer tail = ByteBuffer.allocate((int) (size - start));
                channel.position(start);
                while (tail.hasRemaining() && channel.read(tail) > 0) {
                    // read the whole window
                }
                // a window may start inside a character: only the text after its first newline is used
                String text = new String(tail.array(), 0, tail.position(), StandardCharsets.UTF_8).stripTrailing();
                int newline = text.lastIndexOf('\n');
                if (newline >= 0) {
                    return text.substring(newline + 1);
                }
                if (start == 0) {
                    return text.isBlank() ? null : text;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
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
