package fr.facteur.testsupport;

import java.io.IOException;
import java.nio.file.Path;

import org.springframework.util.FileSystemUtils;

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
                try {
                    FileSystemUtils.deleteRecursively(dir);
                } catch (IOException e) {
                    // best effort at exit: a file still written by a component stopping in another hook stays
                }
            }
        }, "test-temp-cleanup"));
    }
}
