package fr.facteur.simulator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.format.DateTimeFormatter;

/**
 * The folder Chorus Pro's return files appear in (the gateway polls it over SFTP). A file is written under a hidden
 * temporary name, forced to disk, then renamed atomically: a poller never sees half a file. Names are never reused.
 */
final class ReturnsFolder {

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMddHHmmssSSS")
            .withZone(CppStatutWriter.CHORUS_PRO_TIME);

    private final Path dir;

    ReturnsFolder(Path dir) {
        this.dir = dir;
    }

    Path dir() {
        return dir;
    }

    /** {@code CR_<numeroFluxDepot>.xml}: the integration report of a recorded flow. */
    static String reportName(String numeroFluxDepot) {
        return "CR_" + numeroFluxDepot + ".xml";
    }

    /** {@code CR_REFUS_<yyyyMMddHHmmssSSS>_<seq>.xml}: the report refusing a flow that was not recorded. */
    static String refusalName(Instant at, long sequence) {
        return "CR_REFUS_" + STAMP.format(at) + "_" + String.format("%06d", sequence) + ".xml";
    }

    /** {@code CPPStatut_<yyyyMMddHHmmssSSS>_<seq>.xml}: invoice statuses (time in French local time). */
    static String statusesName(Instant at, long sequence) {
        return "CPPStatut_" + STAMP.format(at) + "_" + String.format("%06d", sequence) + ".xml";
    }

    /** The file id carried in the envelope (IdFlx): the name without its extension. */
    static String fileId(String fileName) {
        return fileName.endsWith(".xml") ? fileName.substring(0, fileName.length() - 4) : fileName;
    }

    /**
     * Writes {@code name} through {@code .<name>.part} and an atomic rename.
     *
     * @throws UncheckedIOException if the file exists already (a name is never overwritten) or cannot be written
     */
    Path write(String name, byte[] content) {
        Path target = dir.resolve(name);
        Path temporary = dir.resolve("." + name + ".part");
        try {
            Files.createDirectories(dir);
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.CREATE,
                    StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
                ByteBuffer buffer = ByteBuffer.wrap(content);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(true);
            }
            if (Files.exists(target)) {
                throw new java.nio.file.FileAlreadyExistsException(target.toString());
            }
            return Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            try {
                Files.deleteIfExists(temporary);
            } catch (IOException ignored) {
                // the original failure is the one worth reporting
            }
            throw new UncheckedIOException("cannot write return file " + target, e);
        }
    }
}
