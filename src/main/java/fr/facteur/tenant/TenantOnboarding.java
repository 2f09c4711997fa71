package fr.facteur.tenant;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import fr.facteur.platform.FacteurProperties;

/**
 * Creates, replaces and removes tenant files for the API. The files are the single source of truth: this class
 * validates a tenant with the same {@link TenantValidator} as the registry, writes it the way the registry expects
 * (aside, then an atomic rename, so a scan never reads half a file) and asks the registry to rescan, so the change
 * runs when the call returns. Bulk imports are all-or-nothing: every row is validated before any file is written,
 * and a failure while moving the files into place puts back what was there.
 *
 * <p>Changes are serialised: two concurrent imports cannot interleave their checks and writes.
 */
@Service
public class TenantOnboarding {

    private static final Logger log = LoggerFactory.getLogger(TenantOnboarding.class);
    private static final Pattern ID = Pattern.compile("[a-z0-9-]{2,40}");

    private final Path tenantsDir;
    private final TenantFileParser parser;
    private final TenantRegistry registry;
    private final YAMLMapper yaml = YAMLMapper.builder().disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .build();

    public TenantOnboarding(FacteurProperties properties, TenantRegistry registry) {
        Path config = properties.configDir().toAbsolutePath().normalize();
        this.tenantsDir = config.resolve("tenants");
        this.parser = new TenantFileParser(config.getParent() == null ? config : config.getParent(), System::getenv);
        this.registry = registry;
    }

    /** A change refused: every problem found, for a problem detail. */
    public static final class Refused extends RuntimeException {
        private final Kind kind;
        private final List<String> errors;

        public enum Kind { INVALID, NOT_FOUND, CONFLICT }

        Refused(Kind kind, List<String> errors) {
            super(String.join("; ", errors));
            this.kind = kind;
            this.errors = List.copyOf(errors);
        }

        public Kind kind() {
            return kind;
        }

        public List<String> errors() {
            return errors;
        }
    }

    /** One row of an import as reported back: what would happen (or happened) to it, or why it is refused. */
    public record RowReport(int line, String id, String action, List<String> errors) {
    }

    /** @param applied whether the files were written; false as soon as one row is invalid */
    public record ImportReport(boolean applied, int created, int updated, int invalid, List<RowReport> rows) {
    }

    /** Creates tenant {@code tree.id}; refused if a file already exists for it. */
    public synchronized TenantStatus create(JsonNode tree) {
        String id = checkedId(tree.path("id").asText(null));
        if (exists(id)) {
            throw new Refused(Refused.Kind.CONFLICT, List.of(id + ": a tenant with this id exists; use PUT to change it"));
        }
        return write(id, tree);
    }

    /** Replaces tenant {@code id}'s file; the body's id must be the same. */
    public synchronized TenantStatus replace(String id, JsonNode tree) {
        checkedId(id);
        if (!exists(id)) {
            throw new Refused(Refused.Kind.NOT_FOUND, List.of(id + ": no such tenant"));
        }
        if (!id.equals(tree.path("id").asText(null))) {
            throw new Refused(Refused.Kind.INVALID, List.of(id + ": id in the body must be " + id));
        }
        return write(id, tree);
    }

    /** Removes tenant {@code id}: its routes stop on the registry's rescan, before this returns. */
    public synchronized void delete(String id) {
        checkedId(id);
        try {
            if (!Files.deleteIfExists(file(id))) {
                throw new Refused(Refused.Kind.NOT_FOUND, List.of(id + ": no such tenant"));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        log.info("Tenant {} removed through the API", id);
        registry.rescan();
    }

    /**
     * Validates every row; writes them all only when every row is valid.
     *
     * @param rows tenant trees by line number (as built by {@link TenantCsv})
     * @param rowErrors problems found while reading the rows (line → errors), reported as invalid rows
     */
    public synchronized ImportReport importAll(Map<Integer, JsonNode> rows, Map<Integer, List<String>> rowErrors) {
        Map<String, String> siretById = currentSirets();
        Map<String, Integer> lineById = new HashMap<>();
        List<RowReport> reports = new ArrayList<>();
        Map<String, byte[]> contents = new LinkedHashMap<>();
        Map<Integer, List<String>> errorsByLine = new LinkedHashMap<>();
        for (Map.Entry<Integer, JsonNode> row : rows.entrySet()) {
            int line = row.getKey();
            List<String> errors = new ArrayList<>(rowErrors.getOrDefault(line, List.of()));
            String id = row.getValue().path("id").asText("");
            if (!ID.matcher(id).matches()) {
                errors.add("id must match [a-z0-9-]{2,40}, found: " + id);
            } else {
                Integer first = lineById.putIfAbsent(id, line);
                if (first != null) {
                    errors.add(id + ": id already used on line " + first);
                }
                byte[] content = toYaml(row.getValue());
                ParsedTenantFile parsed = parser.parse(id + ".yaml", content);
                errors.addAll(parsed.errors());
                contents.put(id, content);
                String siret = row.getValue().path("siret").asText(null);
                if (siret != null) {
                    siretById.put(id, siret);
                }
            }
            errorsByLine.put(line, errors);
        }
        // SIRETs are unique over the tenants as they would be after the import (existing ones included)
        Map<String, List<String>> idsBySiret = new HashMap<>();
        siretById.forEach((id, siret) -> idsBySiret.computeIfAbsent(siret, k -> new ArrayList<>()).add(id));
        idsBySiret.forEach((siret, ids) -> {
            if (ids.size() > 1) {
                for (String id : ids) {
                    if (lineById.containsKey(id)) {
                        List<String> others = ids.stream().filter(other -> !other.equals(id)).sorted().toList();
                        errorsByLine.get(lineById.get(id)).add(id + ": siret " + siret + " is also used by tenant "
                                + String.join(", ", others));
                    }
                }
            }
        });
        int created = 0;
        int updated = 0;
        int invalid = 0;
        for (Map.Entry<Integer, JsonNode> row : rows.entrySet()) {
            List<String> errors = errorsByLine.get(row.getKey());
            String id = row.getValue().path("id").asText("");
            String action;
            if (!errors.isEmpty()) {
                action = "invalid";
                invalid++;
            } else if (exists(id)) {
                action = "update";
                updated++;
            } else {
                action = "create";
                created++;
            }
            reports.add(new RowReport(row.getKey(), id, action, errors));
        }
        if (invalid > 0 || rows.isEmpty()) {
            return new ImportReport(false, created, updated, invalid, reports);
        }
        writeAll(contents);
        log.info("Tenant import: {} created, {} updated", created, updated);
        registry.rescan();
        return new ImportReport(true, created, updated, 0, reports);
    }

    private Map<String, String> currentSirets() {
        Map<String, String> sirets = new HashMap<>();
        registry.statuses().forEach(status -> {
            if (status.siret() != null) {
                sirets.put(status.id(), status.siret());
            }
        });
        return sirets;
    }

    private TenantStatus write(String id, JsonNode tree) {
        byte[] content = toYaml(tree);
        ParsedTenantFile parsed = parser.parse(id + ".yaml", content);
        List<String> errors = new ArrayList<>(parsed.errors());
        if (parsed.siret() != null) {
            registry.statuses().stream()
                    .filter(status -> !status.id().equals(id) && parsed.siret().equals(status.siret())).findFirst()
                    .ifPresent(other -> errors.add(id + ": siret " + parsed.siret() + " is already used by tenant "
                            + other.id()));
        }
        if (!errors.isEmpty()) {
            throw new Refused(Refused.Kind.INVALID, errors);
        }
        writeAll(Map.of(id, content));
        log.info("Tenant {} written through the API", id);
        registry.rescan();
        return registry.status(id).orElseThrow();
    }

    /**
     * Writes every file aside, then renames each into place; if a rename fails, the files already moved get their
     * previous content back (or are removed), so the folder is as before.
     */
    private void writeAll(Map<String, byte[]> contents) {
        Map<String, Path> staged = new LinkedHashMap<>();
        Map<String, Optional<byte[]>> previous = new LinkedHashMap<>();
        try {
            Files.createDirectories(tenantsDir);
            for (Map.Entry<String, byte[]> entry : contents.entrySet()) {
                // hidden name: the registry ignores dot files, so it never sees a staged file
                Path tmp = tenantsDir.resolve("." + entry.getKey() + ".yaml.onboarding");
                Files.write(tmp, entry.getValue());
                staged.put(entry.getKey(), tmp);
            }
            for (Map.Entry<String, Path> entry : staged.entrySet()) {
                Path target = file(entry.getKey());
                previous.put(entry.getKey(), read(target));
                Files.move(entry.getValue(), target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            rollBack(previous);
            staged.values().forEach(TenantOnboarding::deleteQuietly);
            throw new UncheckedIOException("writing the tenant files failed; nothing was changed", e);
        }
    }

    private void rollBack(Map<String, Optional<byte[]>> previous) {
        previous.forEach((id, content) -> {
            try {
                if (content.isPresent()) {
                    Path tmp = tenantsDir.resolve("." + id + ".yaml.rollback");
                    Files.write(tmp, content.get());
                    Files.move(tmp, file(id), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } else {
                    Files.deleteIfExists(file(id));
                }
            } catch (IOException e) {
                log.error("Could not put back the tenant file of {} after a failed import", id, e);
            }
        });
    }

    private static Optional<byte[]> read(Path file) throws IOException {
        try {
            return Optional.of(Files.readAllBytes(file));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            log.warn("Could not delete {}", file, e);
        }
    }

    private byte[] toYaml(JsonNode tree) {
        try {
            return yaml.writeValueAsBytes(tree);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree always writes as YAML", e);
        }
    }

    private boolean exists(String id) {
        return Files.exists(file(id));
    }

    private Path file(String id) {
        return tenantsDir.resolve(id + ".yaml");
    }

    /** The id is checked before it becomes part of a path: nothing like ../ can get through. */
    private static String checkedId(String id) {
        if (id == null || !ID.matcher(id).matches()) {
            throw new Refused(Refused.Kind.INVALID, List.of("id must match [a-z0-9-]{2,40}, found: " + id));
        }
        return id;
    }
}
