package fr.facteur.directory;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Collectors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/** Imports a directory file from any path (folder or API): all or nothing, and always kept in the history. */
@Component
public class DirectoryImporter {

    private static final Logger log = LoggerFactory.getLogger(DirectoryImporter.class);

    private final DirectoryRepository repository;

    public DirectoryImporter(DirectoryRepository repository) {
        this.repository = repository;
    }

    /** The outcome of one import: the history row, and every problem when the file was refused. */
    public record Result(DirectoryRepository.ImportRecord record, List<DirectoryFile.Problem> problems) {

        public boolean succeeded() {
            return problems.isEmpty();
        }
    }

    /**
     * @param source "folder" or "api", for the history
     */
    public Result importFile(String fileName, byte[] content, String source) {
        String sha256 = sha256(content);
        DirectoryFile.Parsed parsed = DirectoryFile.parse(new String(content, StandardCharsets.UTF_8));
        if (!parsed.isValid()) {
            String problems = parsed.problems().stream().map(DirectoryFile.Problem::toString)
                    .collect(Collectors.joining("\n"));
            log.warn("Directory file {} refused, the directory is unchanged:\n  {}", fileName,
                    problems.replace("\n", "\n  "));
            return new Result(repository.recordFailure(fileName, sha256, source, problems), parsed.problems());
        }
        DirectoryRepository.ImportRecord record = repository.replaceAll(parsed, fileName, sha256, source);
        log.info("Directory imported from {}: {} structures, {} services", fileName, record.structures(),
                record.services());
        return new Result(record, List.of());
    }

    static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
