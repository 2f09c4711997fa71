package fr.facteur.testsupport;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * Removes a test's temporary folders when the test JVM ends. Each gateway test environment holds a data directory
 * (archive, broker journal, work files, up to a 2 GB hostile download) and each test JVM a PostgreSQL cluster
 * (~800 MB): left behind, a day of runs filled the shared disk until Artemis blocked its producers (disk usage
 * above its 90 % limit).
 */
public final class TempDirs {

    private TempDirs() {
    }

    /** Deletes {@code dir} at JVM exit, after {@code before} (e.g. stopping the server writing in it). */
    public static void deleteAtExit(Path dir, Runnable before) {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                before.run();
            } finally {
                deleteQuietly(dir);
            }
        }, "test-temp-cleanup"));
    }

    /**
     * Best effort: a file still being written by a component that stops in another shutdown hook may be left behind
     * (the folder's bulk is gone).
     */
    static void deleteQuietly(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try {
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                    try {
                        Files.deleteIfExists(file);
                    } catch (IOException e) {
                        // left behind, see above
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) {
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path folder, IOException e) {
                    try {
                        Files.deleteIfExists(folder);
                    } catch (IOException notEmpty) {
                        // left behind, see above
                    }
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            // left behind, see above
        }
    }
}
