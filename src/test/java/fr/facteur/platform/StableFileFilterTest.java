package fr.facteur.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.camel.component.file.GenericFile;
import org.junit.jupiter.api.Test;

/** A file is taken once it stood still between two listings a second apart, judged from the listing alone. */
class StableFileFilterTest {

    final AtomicLong now = new AtomicLong();
    final StableFileFilter filter = new StableFileFilter(Duration.ofSeconds(1), now::get);

    @Test
    void aFileSeenForTheFirstTimeIsNotTaken() {
        assertThat(filter.accept(file("/out/a.xml", 100, 1_000))).isFalse();
    }

    @Test
    void aFileUnchangedAcrossTwoListingsASecondApartIsTaken() {
        filter.accept(file("/out/a.xml", 100, 1_000));
        later(Duration.ofMillis(400));
        assertThat(filter.accept(file("/out/a.xml", 100, 1_000))).as("still within the second").isFalse();
        later(Duration.ofMillis(600));
        assertThat(filter.accept(file("/out/a.xml", 100, 1_000))).isTrue();
    }

    @Test
    void aFileThatGrowsOrIsTouchedStartsAgain() {
        filter.accept(file("/out/a.xml", 100, 1_000));
        later(Duration.ofSeconds(2));
        assertThat(filter.accept(file("/out/a.xml", 200, 1_000))).as("grew").isFalse();
        later(Duration.ofSeconds(2));
        assertThat(filter.accept(file("/out/a.xml", 200, 2_000))).as("touched").isFalse();
        later(Duration.ofSeconds(2));
        assertThat(filter.accept(file("/out/a.xml", 200, 2_000))).isTrue();
    }

    @Test
    void aWholeBatchThatStoodStillIsTakenInOneListing() {
        for (int i = 0; i < 500; i++) {
            filter.accept(file("/out/" + i + ".xml", 100 + i, 1_000));
        }
        later(Duration.ofSeconds(1));
        int taken = 0;
        for (int i = 0; i < 500; i++) {
            taken += filter.accept(file("/out/" + i + ".xml", 100 + i, 1_000)) ? 1 : 0;
        }
        assertThat(taken).isEqualTo(500);
    }

    @Test
    void namesNoLongerListedAreForgotten() {
        filter.accept(file("/out/gone.xml", 100, 1_000));
        later(StableFileFilter.FORGET_AFTER.plusSeconds(1));
        filter.accept(file("/out/other.xml", 100, 1_000));
        assertThat(filter.watched()).isEqualTo(1);
    }

    @Test
    void directoriesAreNotJudged() {
        GenericFile<Object> directory = file("/out/sub", 0, 0);
        directory.setDirectory(true);
        assertThat(filter.accept(directory)).isTrue();
    }

    private void later(Duration duration) {
        now.addAndGet(duration.toNanos());
    }

    private static GenericFile<Object> file(String path, long size, long modified) {
        GenericFile<Object> file = new GenericFile<>();
        file.setAbsoluteFilePath(path);
        file.setFileLength(size);
        file.setLastModified(modified);
        return file;
    }
}
