package fr.facteur.inbound;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

import fr.facteur.invoice.RuleViolation;

/**
 * Unpacks a batch (.zip, .tar.gz / .tgz) into a work folder, refusing it whole at the first sign of trouble (see
 * {@link BatchRules}): too many files, too many bytes (per file and in total, counted while streaming, never
 * trusted from headers), a compression ratio only a bomb has, an archive inside, or a name that climbs out of the
 * folder. Files are written under generated names ({@code 0001.xml}...), so no entry name ever becomes a path.
 *
 * <p>Skipped silently: folders, and the clutter archivers add ({@code __MACOSX/}, {@code .DS_Store}).
 */
final class BatchArchive {

    /** One invoice file of the batch: its name in the archive, and where it was unpacked. */
    record Entry(String name, Path file) {
    }

    /** The unpacked entries, or why the batch is refused. */
    record Opened(List<Entry> entries, List<RuleViolation> violations) {
        boolean refused() {
            return !violations.isEmpty();
        }
    }

    private static final Set<String> ARCHIVE_EXTENSIONS = Set.of(".zip", ".tar", ".gz", ".tgz", ".7z", ".rar",
            ".bz2", ".xz", ".jar");
    /** Below this many uncompressed bytes the ratio is not checked: a tiny file cannot be a bomb. */
    private static final long RATIO_FLOOR = 1024 * 1024;

    private BatchArchive() {
    }

    /** True for the file names treated as batches. */
    static boolean isBatch(String fileName) {
        String lower = fileName.toLowerCase(Locale.ROOT);
        return lower.endsWith(".zip") || lower.endsWith(".tar.gz") || lower.endsWith(".tgz");
    }

    static Opened open(Path archive, String batchName, BatchProperties limits, Path workDir) throws IOException {
        Unpacker unpacker = new Unpacker(batchName, limits, workDir, Files.size(archive));
        try {
            if (batchName.toLowerCase(Locale.ROOT).endsWith(".zip")) {
                unpacker.zip(archive);
            } else {
                unpacker.tarGz(archive);
            }
        } catch (Refusal refusal) {
            return new Opened(List.of(), List.of(refusal.violation));
        } catch (ZipException | EOFException e) {
            return new Opened(List.of(), List.of(BatchRules.unreadable(batchName, String.valueOf(e.getMessage()))));
        }
        if (unpacker.entries.isEmpty()) {
            return new Opened(List.of(), List.of(BatchRules.empty(batchName)));
        }
        return new Opened(List.copyOf(unpacker.entries), List.of());
    }

    /** A batch-level rule failed: unwinds the unpacking at once. */
    private static final class Refusal extends Exception {
        private static final long serialVersionUID = 1L;
        private final transient RuleViolation violation;

        Refusal(RuleViolation violation) {
            super(violation.rule(), null, false, false);
            this.violation = violation;
        }
    }

    private static final class Unpacker {
        private final String batch;
        private final BatchProperties limits;
        private final Path workDir;
        private final long archiveSize;
        private final List<Entry> entries = new ArrayList<>();
        private long total;

        Unpacker(String batch, BatchProperties limits, Path workDir, long archiveSize) {
            this.batch = batch;
            this.limits = limits;
            this.workDir = workDir;
            this.archiveSize = Math.max(1, archiveSize);
        }

        void zip(Path archive) throws IOException, Refusal {
            try (ZipFile zip = new ZipFile(archive.toFile(), StandardCharsets.UTF_8)) {
                // the central directory gives the count before a single byte is inflated
                if (zip.size() > limits.maxInvoices() * 2L + 16) {
                    throw new Refusal(BatchRules.tooMany(batch, limits.maxInvoices()));
                }
                Enumeration<? extends ZipEntry> all = zip.entries();
                while (all.hasMoreElements()) {
                    ZipEntry entry = all.nextElement();
                    if (entry.isDirectory() || clutter(entry.getName())) {
                        continue;
                    }
                    checkName(entry.getName(), false);
                    try (InputStream in = zip.getInputStream(entry)) {
                        extract(entry.getName(), in, entry.getCompressedSize());
                    }
                }
            }
        }

        void tarGz(Path archive) throws IOException, Refusal {
            try (InputStream raw = new BufferedInputStream(Files.newInputStream(archive));
                    InputStream tar = new BufferedInputStream(new GZIPInputStream(raw, 64 * 1024))) {
                byte[] header = new byte[512];
                String longName = null;
                while (true) {
                    if (tar.readNBytes(header, 0, 512) < 512) {
                        throw new EOFException("truncated tar header");
                    }
                    if (allZero(header)) {
                        return; // end of archive
                    }
                    String name = longName != null ? longName : tarName(header);
                    longName = null;
                    long size = octal(header, 124, 12);
                    char type = (char) header[156];
                    long padded = (size + 511) / 512 * 512;
                    switch (type) {
                    case '0', '\0', '7' -> {
                        if (clutter(name)) {
                            skip(tar, padded);
                        } else {
                            checkName(name, false);
                            extract(name, new Bounded(tar, size), -1);
                            skip(tar, padded - size);
                        }
                    }
                    case '5' -> skip(tar, padded);
                    case 'L' -> {
                        if (size > 4096) {
                            throw new Refusal(BatchRules.entryName(batch, "name longer than 4096 bytes"));
                        }
                        byte[] bytes = tar.readNBytes((int) size);
                        skip(tar, padded - size);
                        longName = new String(bytes, StandardCharsets.UTF_8).replace("\0", "");
                    }
                    case 'x', 'g' -> skip(tar, padded); // pax attributes: the ustar name is kept
                    case '1', '2' -> checkName(name, true);
                    default -> throw new Refusal(BatchRules.entryName(location(name), "entry type " + type));
                    }
                }
            }
        }

        private void extract(String name, InputStream in, long compressedSize) throws IOException, Refusal {
            if (entries.size() == limits.maxInvoices()) {
                throw new Refusal(BatchRules.tooMany(batch, limits.maxInvoices()));
            }
            if (isArchiveName(name)) {
                throw new Refusal(BatchRules.nested(location(name)));
            }
            String base = name.substring(name.lastIndexOf('/') + 1);
            int dot = base.lastIndexOf('.');
            String extension = dot > 0 ? base.substring(dot).replaceAll("[^A-Za-z0-9.]", "") : "";
            Path target = workDir.resolve(String.format("%04d%s", entries.size() + 1, extension));
            long maxEntry = limits.maxEntrySize().toBytes();
            long written = 0;
            byte[] buffer = new byte[64 * 1024];
            try (OutputStream out = Files.newOutputStream(target)) {
                int n;
                boolean first = true;
                while ((n = in.read(buffer)) != -1) {
                    if (first && isArchiveMagic(buffer, n)) {
                        throw new Refusal(BatchRules.nested(location(name)));
                    }
                    first = false;
                    written += n;
                    total += n;
                    if (written > maxEntry) {
                        throw new Refusal(BatchRules.entryTooLarge(location(name), maxEntry));
                    }
                    if (total > limits.maxTotalSize().toBytes()) {
                        throw new Refusal(BatchRules.totalTooLarge(batch, limits.maxTotalSize().toBytes()));
                    }
                    if (written > RATIO_FLOOR && compressedSize > 0 && written / compressedSize > limits.maxRatio()) {
                        throw new Refusal(BatchRules.ratio(location(name), limits.maxRatio()));
                    }
                    if (total > RATIO_FLOOR && total / archiveSize > limits.maxRatio()) {
                        throw new Refusal(BatchRules.ratio(batch, limits.maxRatio()));
                    }
                    out.write(buffer, 0, n);
                }
            }
            entries.add(new Entry(name, target));
        }

        private void checkName(String name, boolean link) throws Refusal {
            String why = null;
            if (link) {
                why = "link";
            } else if (name.isEmpty() || name.indexOf('\0') >= 0) {
                why = "empty or NUL";
            } else if (name.startsWith("/") || name.startsWith("\\") || name.matches("^[A-Za-z]:.*")) {
                why = "absolute path";
            } else if (name.contains("\\")) {
                why = "backslash";
            } else if (List.of(name.split("/")).contains("..")) {
                why = "..";
            }
            if (why != null) {
                throw new Refusal(BatchRules.entryName(location(name), why));
            }
        }

        private String location(String entry) {
            return batch + "!/" + entry;
        }
    }

    private static boolean clutter(String name) {
        return name.startsWith("__MACOSX/") || name.equals(".DS_Store") || name.endsWith("/.DS_Store");
    }

    private static boolean isArchiveName(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return ARCHIVE_EXTENSIONS.stream().anyMatch(lower::endsWith);
    }

    /** zip (PK\3\4), gzip (1F 8B), 7z, rar: caught whatever the entry is named. */
    private static boolean isArchiveMagic(byte[] b, int n) {
        return n >= 4 && b[0] == 'P' && b[1] == 'K' && b[2] == 3 && b[3] == 4
                || n >= 2 && (b[0] & 0xFF) == 0x1F && (b[1] & 0xFF) == 0x8B
                || n >= 4 && b[0] == '7' && b[1] == 'z' && (b[2] & 0xFF) == 0xBC && (b[3] & 0xFF) == 0xAF
                || n >= 4 && b[0] == 'R' && b[1] == 'a' && b[2] == 'r' && b[3] == '!';
    }

    private static String tarName(byte[] header) {
        String name = cString(header, 0, 100);
        String prefix = cString(header, 345, 155);
        boolean ustar = cString(header, 257, 6).startsWith("ustar");
        return ustar && !prefix.isEmpty() ? prefix + "/" + name : name;
    }

    private static String cString(byte[] b, int offset, int length) {
        int end = offset;
        while (end < offset + length && b[end] != 0) {
            end++;
        }
        return new String(b, offset, end - offset, StandardCharsets.UTF_8);
    }

    private static long octal(byte[] b, int offset, int length) throws EOFException {
        String text = cString(b, offset, length).trim();
        if (text.isEmpty()) {
            return 0;
        }
        try {
            return Long.parseLong(text, 8);
        } catch (NumberFormatException e) {
            throw new EOFException("bad tar size field");
        }
    }

    private static boolean allZero(byte[] b) {
        for (byte x : b) {
            if (x != 0) {
                return false;
            }
        }
        return true;
    }

    private static void skip(InputStream in, long n) throws IOException {
        long left = n;
        while (left > 0) {
            long skipped = in.skip(left);
            if (skipped <= 0) {
                if (in.read() == -1) {
                    throw new EOFException("truncated tar entry");
                }
                skipped = 1;
            }
            left -= skipped;
        }
    }

    /** The current tar entry's bytes only; closing it leaves the tar stream open. */
    private static final class Bounded extends FilterInputStream {
        private long left;

        Bounded(InputStream in, long size) {
            super(in);
            this.left = size;
        }

        @Override
        public int read() throws IOException {
            if (left <= 0) {
                return -1;
            }
            int b = super.read();
            if (b >= 0) {
                left--;
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            if (left <= 0) {
                return -1;
            }
            int n = super.read(buffer, offset, (int) Math.min(length, left));
            if (n > 0) {
                left -= n;
            } else if (n < 0) {
                throw new EOFException("truncated tar entry");
            }
            return n;
        }

        @Override
        public void close() {
            // the tar stream goes on
        }
    }
}
