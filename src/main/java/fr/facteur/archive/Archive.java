package fr.facteur.archive;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HexFormat;

import org.springframework.stereotype.Component;

import fr.facteur.platform.FacteurProperties;

/**
 * Content-addressed store under &lt;data&gt;/archive/&lt;yyyy-MM-dd&gt;/&lt;sha[0..2]&gt;/&lt;sha256&gt;: originals, flows, signatures,
 * return files. Streams (never holds a file in memory), hashes while writing, and writes through a temporary file,
 * synced to disk, and an atomic rename so that neither a crash nor a power loss leaves a half file under a final
 * name or a database row pointing at a file that is not on disk.
 */
@Component
public class Archive {

    private final Path dataDir;
    private final Path root;
    private final ArchiveChain chain;

    public Archive(FacteurProperties properties) {
        this.dataDir = properties.dataDir().toAbsolutePath();
        this.root = dataDir.resolve("archive");
        this.chain = new ArchiveChain(dataDir, root);
    }

    /** The per-day hash chain over the stored files, to verify the archive. */
    public ArchiveChain chain() {
        return chain;
    }

    public Archived store(InputStream content) {
        return store(content, LocalDate.now(ZoneOffset.UTC));
    }

    /** Stores under a given day (tests of the retention place files in the past). */
    Archived store(InputStream content, LocalDate storedOn) {
        try {
            Path incoming = root.resolve("incoming");
            Files.createDirectories(incoming);
            Path tmp = Files.createTempFile(incoming, "in-", ".part");
            MessageDigest sha = sha256();
            long size;
            try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.WRITE);
                    OutputStream out = new DigestOutputStream(Channels.newOutputStream(channel), sha)) {
                size = content.transferTo(out);
                // on disk before its name is: the database row that refers to it is committed right after, and a
                // power loss must not leave a row pointing at a file the kernel had not written yet
                channel.force(true);
            }
            String hex = HexFormat.of().formatHex(sha.digest());
            String day = storedOn.toString();
            Path target = root.resolve(day).resolve(hex.substring(0, 2)).resolve(hex);
            Files.createDirectories(target.getParent());
            if (Files.exists(target)) {
                Files.delete(tmp);
            } else {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
                syncDirectory(target.getParent()); // the new name itself
                chain.append(day, hex, target); // only new files: the same content twice is one file, one link
            }
            return new Archived(hex, dataDir.relativize(target).toString(), size);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot archive", e);
        }
    }

    public Archived store(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return store(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot archive " + file, e);
        }
    }

    public Archived store(byte[] content) {
        return store(new java.io.ByteArrayInputStream(content));
    }

    /**
     * A scratch folder under the data directory ({@code work/<name>}), created if needed: what a supplier sends is
     * never unpacked outside the data directory.
     */
    public Path workFolder(String name) throws java.io.IOException {
        Path folder = dataDir.resolve("work").resolve(name).normalize();
        if (!folder.startsWith(dataDir.resolve("work"))) {
            throw new IllegalArgumentException("not a work folder name: " + name);
        }
        return java.nio.file.Files.createDirectories(folder);
    }

    /** The absolute path of an archived file from its stored relative path. */
    public Path resolve(String relativePath) {
        Path p = dataDir.resolve(relativePath).normalize();
        if (!p.startsWith(root)) {
            throw new IllegalArgumentException("not an archive path: " + relativePath);
        }
        return p;
    }

    /** The stored relative path of an archived file (inverse of {@link #resolve}). */
    public String relativize(Path archived) {
        Path p = archived.toAbsolutePath().normalize();
        if (!p.startsWith(root)) {
            throw new IllegalArgumentException("not in the archive: " + archived);
        }
        return dataDir.relativize(p).toString();
    }

    /** Makes a folder's entries durable (Linux: fsync on the directory); a no-op where the platform refuses it. */
    private static void syncDirectory(Path folder) {
        try (FileChannel dir = FileChannel.open(folder, StandardOpenOption.READ)) {
            dir.force(true);
        } catch (IOException e) {
            // not supported on this platform (Windows): the file itself is synced
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
