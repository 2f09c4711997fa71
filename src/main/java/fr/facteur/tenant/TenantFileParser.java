package fr.facteur.tenant;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;

import org.yaml.snakeyaml.error.MarkedYAMLException;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

/**
 * Reads one file of config/tenants/ (YAML) into a tree and hands it to the {@link TenantValidator}. A file that is not
 * YAML at all is reported like any other problem, with the line where parsing stopped.
 */
public final class TenantFileParser {

    // a key written twice would otherwise silently keep the last value
    private final YAMLMapper yaml = YAMLMapper.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();
    private final TenantValidator validator;

    /**
     * @param installationRoot against which relative file paths are resolved (the parent of the config directory)
     * @param environment      reads an environment variable (System::getenv in production), for password-env
     */
    public TenantFileParser(Path installationRoot, Function<String, String> environment) {
        this.validator = new TenantValidator(installationRoot, environment);
    }

    /** Reads and validates {@code file}; a file that cannot be read is reported as invalid, not thrown. */
    public ParsedTenantFile parse(Path file) {
        String fileName = file.getFileName().toString();
        try {
            return parse(fileName, Files.readAllBytes(file));
        } catch (IOException e) {
            return unreadable(fileName, "the file cannot be read (" + e.getClass().getSimpleName() + ")");
        }
    }

    /** Validates the content of the file {@code fileName} (e.g. {@code acme.yaml}). */
    public ParsedTenantFile parse(String fileName, byte[] content) {
        JsonNode root;
        try (JsonParser parser = yaml.createParser(content)) {
            root = yaml.readTree(parser);
            if (root != null && parser.nextToken() != null) {
                return unreadable(fileName, "the file must hold a single YAML document (found a second one after ---)");
            }
        } catch (JsonProcessingException e) {
            return unreadable(fileName, "the file is not valid YAML" + where(e) + ": " + problem(e));
        } catch (IOException e) {
            return unreadable(fileName, "the file cannot be read (" + e.getClass().getSimpleName() + ")");
        }
        return validator.validate(fileName, root);
    }

    private static ParsedTenantFile unreadable(String fileName, String message) {
        String fileId = TenantValidator.fileId(fileName);
        return new ParsedTenantFile(fileName, fileId, null, null, null, List.of(fileId + ": " + message));
    }

    private static String where(JsonProcessingException e) {
        JsonLocation location = e.getLocation();
        return location == null || location.getLineNr() < 1 ? ""
                : " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
    }

    /**
     * What went wrong, without quoting the offending line: SnakeYAML's full message shows a snippet of the source,
     * which may be the line holding a password.
     */
    private static String problem(JsonProcessingException e) {
        if (e.getCause() instanceof MarkedYAMLException yamlProblem) {
            return yamlProblem.getProblem();
        }
        return e.getOriginalMessage();
    }
}
