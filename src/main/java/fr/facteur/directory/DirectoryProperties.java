package fr.facteur.directory;

import java.nio.file.Path;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code facteur.directory.*}.
 *
 * @param enabled      scan the import folder (the API import and the rule work either way)
 * @param importDir    the folder scanned for directory files; null means {@code <facteur.config-dir>/directory}
 * @param scanInterval how often the folder is scanned (used by the scheduler through its placeholder)
 */
@ConfigurationProperties("facteur.directory")
public record DirectoryProperties(
        @DefaultValue("true") boolean enabled,
        Path importDir,
        @DefaultValue("5s") Duration scanInterval) {
}
