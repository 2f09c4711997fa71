package fr.facteur.archive;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import fr.facteur.platform.FacteurProperties;

/**
 * The command {@code java -jar facteur.jar --verify-archive}: the same entry point as the jar, reading the data
 * directory from the configuration, exit code 0 when intact and 1 naming the altered file.
 */
class ArchiveVerifyCommandTest {

    @TempDir
    Path data;

    @Test
    void exitsZeroWhenIntactAndOneNamingTheAlteredFile() throws Exception {
        Archive archive = new Archive(new FacteurProperties(data.resolve("config"), data, data.resolve("certs"), null,
                null, null));
        Archived kept = archive.store("kept".getBytes(StandardCharsets.UTF_8));
        Archived changed = archive.store("to be changed".getBytes(StandardCharsets.UTF_8));
        String[] args = { "--verify-archive", "--facteur.data-dir=" + data, "--facteur.config-dir=" + data.resolve("c") };

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertThat(ArchiveVerifyCommand.requested(args)).isTrue();
        assertThat(ArchiveVerifyCommand.execute(args, new PrintStream(out, true, StandardCharsets.UTF_8))).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("archive intact: 2 file(s)");

        Files.writeString(archive.resolve(changed.relativePath()), "tampered");
        out.reset();
        assertThat(ArchiveVerifyCommand.execute(args, new PrintStream(out, true, StandardCharsets.UTF_8))).isEqualTo(1);
        String report = out.toString(StandardCharsets.UTF_8);
        assertThat(report).contains("ALTERED").contains(changed.relativePath()).contains("altered")
                .contains("archive NOT intact").doesNotContain(kept.relativePath());
    }

    @Test
    void theGatewayIsStartedWithoutTheArgument() {
        assertThat(ArchiveVerifyCommand.requested(new String[] { "--server.port=0" })).isFalse();
    }
}
