package fr.facteur.archive;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import fr.facteur.platform.FacteurProperties;

/** The archive's hash chain: intact after stores, and every kind of tampering named. */
class ArchiveChainTest {

    @TempDir
    Path data;

    private Archive archive() {
        return new Archive(new FacteurProperties(data.resolve("config"), data, data.resolve("certs"), null, null, null));
    }

    @Test
    void storedFilesVerifyAndAnAlteredFileIsNamed() throws Exception {
        Archive archive = archive();
        Archived first = archive.store("first".getBytes(StandardCharsets.UTF_8));
        Archived second = archive.store("second".getBytes(StandardCharsets.UTF_8));
        archive.store("first".getBytes(StandardCharsets.UTF_8)); // same content: same file, no new link
        ArchiveChain.Verification intact = archive.chain().verify();
        assertThat(intact.intact()).isTrue();
        assertThat(intact.files()).isEqualTo(2);

        Files.writeString(archive.resolve(second.relativePath()), "changed");
        ArchiveChain.Verification altered = archive.chain().verify();
        assertThat(altered.intact()).isFalse();
        assertThat(altered.problems()).singleElement().satisfies(problem -> {
            assertThat(problem.path()).isEqualTo(second.relativePath());
            assertThat(problem.problem()).contains("altered");
        });
        assertThat(altered.problems()).noneMatch(p -> p.path().equals(first.relativePath()));
    }

    @Test
    void aRemovedOrAddedFileAndAnEditedChainAreNamed() throws Exception {
        Archive archive = archive();
        Archived first = archive.store("one".getBytes(StandardCharsets.UTF_8));
        Archived second = archive.store("two".getBytes(StandardCharsets.UTF_8));
        Files.delete(archive.resolve(first.relativePath()));
        Path stranger = archive.resolve(second.relativePath()).resolveSibling("0".repeat(64));
        Files.writeString(stranger, "slipped in");
        List<ArchiveChain.Problem> problems = archive.chain().verify().problems();
        assertThat(problems).anySatisfy(p -> {
            assertThat(p.path()).isEqualTo(first.relativePath());
            assertThat(p.problem()).contains("missing");
        });
        assertThat(problems).anySatisfy(p -> assertThat(p.problem()).contains("not in the chain"));

        // rewriting a line to hide a change breaks the chain at that line
        Path log = archive.resolve(second.relativePath()).getParent().getParent().resolve(ArchiveChain.LOG);
        List<String> lines = Files.readAllLines(log);
        Files.write(log, List.of(lines.get(0), lines.get(1).replaceFirst("^[0-9a-f]{64}", "f".repeat(64))));
        assertThat(archive.chain().verify().problems()).anySatisfy(p -> {
            assertThat(p.path()).isEqualTo(ArchiveChain.LOG + ":2");
            assertThat(p.problem()).contains("chain is broken");
        });
    }

    @Test
    void aLongDayStillChainsEachFileToTheLastLineReadFromTheEndOfTheLog() {
        Archive archive = archive();
        // far more lines than the 4 KB window read from the end of the log
        for (int i = 0; i < 200; i++) {
            archive.store(("invoice " + i).getBytes(StandardCharsets.UTF_8));
        }
        ArchiveChain.Verification verification = archive.chain().verify();
        assertThat(verification.intact()).as(verification.problems().toString()).isTrue();
        assertThat(verification.files()).isEqualTo(200);
    }
}
