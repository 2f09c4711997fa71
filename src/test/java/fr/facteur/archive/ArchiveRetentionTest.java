package fr.facteur.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.Period;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import fr.facteur.platform.FacteurProperties;

/** Retention: old days are purged, the kept ones still verify, and a tampered old day is not purged. */
class ArchiveRetentionTest {

    private static final LocalDate TODAY = LocalDate.of(2026, 11, 29);

    @TempDir
    Path data;

    private Archive archive() {
        return new Archive(new FacteurProperties(data.resolve("config"), data, data.resolve("certs"), null, null, null));
    }

    private static Archived store(Archive archive, String content, LocalDate day) {
        return archive.store(new ByteArrayInputStream(content.getBytes(StandardCharsets.UTF_8)), day);
    }

    private static ArchiveProperties properties(Map<String, String> settings) {
        return new Binder(new MapConfigurationPropertySource(settings)).bindOrCreate("facteur.archive",
                ArchiveProperties.class);
    }

    @Test
    void retentionDefaultsToTenYearsAndMustBePositive() {
        assertThat(properties(Map.of()).retention()).isEqualTo(Period.ofYears(10));
        assertThat(properties(Map.of("facteur.archive.retention", "6y")).retention()).isEqualTo(Period.ofYears(6));
        assertThatThrownBy(() -> properties(Map.of("facteur.archive.retention", "0d")))
                .isInstanceOf(BindException.class).rootCause().hasMessageContaining("must be positive");
    }

    @Test
    void daysBeyondRetentionArePurgedAndTheRestStillVerifies() {
        Archive archive = archive();
        Archived oldest = store(archive, "2014 a", LocalDate.of(2014, 1, 10));
        store(archive, "2014 b", LocalDate.of(2014, 1, 11));
        Archived kept = store(archive, "2020", LocalDate.of(2020, 5, 1));
        Archived recent = store(archive, "today", TODAY);
        ArchiveRetention retention = new ArchiveRetention(archive, properties(Map.of()));

        assertThat(retention.purge(TODAY)).containsExactly("2014-01-10", "2014-01-11");
        assertThat(archive.resolve(oldest.relativePath())).doesNotExist();
        assertThat(data.resolve("archive/2014-01-10")).doesNotExist();
        assertThat(archive.resolve(kept.relativePath())).exists();
        ArchiveChain.Verification after = archive.chain().verify();
        assertThat(after.intact()).as(after.toString()).isTrue();
        assertThat(after.files()).isEqualTo(2);
        assertThat(retention.purge(TODAY)).isEmpty();

        // the chain keeps growing from the kept days, and a change to a kept file is still caught
        store(archive, "tomorrow", TODAY.plusDays(1));
        assertThat(archive.chain().verify().intact()).isTrue();
        assertThat(archive.chain().verify().files()).isEqualTo(3);

        // every day purged: a new file continues from the anchor
        assertThat(retention.purge(TODAY.plusYears(20))).hasSize(3);
        store(archive, "much later", TODAY.plusYears(20));
        ArchiveChain.Verification fresh = archive.chain().verify();
        assertThat(fresh.intact()).as(fresh.toString()).isTrue();
        assertThat(fresh.files()).isEqualTo(1);
        assertThat(recent.relativePath()).isNotNull();
    }

    @Test
    void aTamperedDayIsNotPurgedButReported() throws Exception {
        Archive archive = archive();
        Archived altered = store(archive, "2014", LocalDate.of(2014, 1, 10));
        store(archive, "today", TODAY);
        Files.writeString(archive.resolve(altered.relativePath()), "rewritten");
        ArchiveRetention retention = new ArchiveRetention(archive, properties(Map.of()));

        assertThatThrownBy(() -> retention.purge(TODAY)).hasMessageContaining("purge refused")
                .hasMessageContaining(altered.relativePath());
        assertThat(archive.resolve(altered.relativePath())).exists();
        assertThat(archive.chain().verify().problems()).singleElement()
                .satisfies(p -> assertThat(p.path()).isEqualTo(altered.relativePath()));
    }

    @Test
    void aKeptFileAlteredAfterAPurgeIsStillNamed() throws Exception {
        Archive archive = archive();
        store(archive, "2014", LocalDate.of(2014, 1, 10));
        Archived kept = store(archive, "2020", LocalDate.of(2020, 1, 10));
        new ArchiveRetention(archive, properties(Map.of())).purge(TODAY);
        Files.writeString(archive.resolve(kept.relativePath()), "rewritten");
        assertThat(archive.chain().verify().problems()).singleElement().satisfies(p -> {
            assertThat(p.path()).isEqualTo(kept.relativePath());
            assertThat(p.problem()).contains("altered");
        });
    }
}
