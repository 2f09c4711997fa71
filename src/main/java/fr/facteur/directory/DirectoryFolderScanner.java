package fr.facteur.directory;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import fr.facteur.platform.FacteurProperties;

/**
 * Imports the *.csv files dropped in {@code facteur.directory.import-dir} when they are new or changed, in file-name
 * order (so with several files the last in that order is the directory). A file is compared with the last attempt
 * recorded for its name, so a restart or a refused file is not imported again until its bytes change.
 */
@Component
@ConditionalOnProperty(name = "facteur.directory.enabled", havingValue = "true", matchIfMissing = true)
public class DirectoryFolderScanner {

    private static final Logger log = LoggerFactory.getLogger(DirectoryFolderScanner.class);

    private final Path importDir;
    private final DirectoryImporter importer;
    private final DirectoryRepository repository;
    private final Object scanLock = new Object();

    @Autowired
    public DirectoryFolderScanner(DirectoryProperties properties, FacteurProperties facteur,
            DirectoryImporter importer, DirectoryRepository repository) {
        this(properties.importDir() != null ? properties.importDir() : facteur.configDir().resolve("directory"),
                importer, repository);
    }

    public DirectoryFolderScanner(Path importDir, DirectoryImporter importer, DirectoryRepository repository) {
        this.importDir = importDir;
        this.importer = importer;
        this.repository = repository;
    }

    /** Every {@code facteur.directory.scan-interval} (default 5 s). */
    @Scheduled(initialDelay = 0, fixedDelayString = "${facteur.directory.scan-interval:5s}")
    public void scheduledScan() {
        try {
            scan();
        } catch (RuntimeException e) {
            log.error("Scanning the directory folder {} failed", importDir, e); // keep the schedule alive
        }
    }

    /** Imports every new or changed file now; returns what was imported (empty when nothing changed). */
    public List<DirectoryImporter.Result> scan() {
        synchronized (scanLock) {
            List<DirectoryImporter.Result> results = new ArrayList<>();
            for (Path file : files()) {
                try {
                    byte[] content = Files.readAllBytes(file);
                    String name = file.getFileName().toString();
                    String sha256 = DirectoryImporter.sha256(content);
                    if (!repository.lastSha256(name).map(sha256::equals).orElse(false)) {
                        results.add(importer.importFile(name, content, "folder"));
                    }
                } catch (IOException e) {
                    log.warn("Cannot read directory file {}: {}", file, e.toString());
                }
            }
            return results;
        }
    }

    private List<Path> files() {
        if (!Files.isDirectory(importDir)) {
            return List.of(); // no folder: nothing to import, the rule stays off until an API import
        }
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(importDir, path -> {
            String name = path.getFileName().toString();
            return !name.startsWith(".") && name.toLowerCase(Locale.ROOT).endsWith(".csv")
                    && Files.isRegularFile(path);
        })) {
            entries.forEach(files::add);
        } catch (IOException e) {
            log.warn("Cannot list the directory folder {}: {}", importDir, e.toString());
        }
        files.sort(null);
        return files;
    }
}
