package fr.facteur.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReturnsFolderTest {

    @TempDir
    Path dir;

    @Test
    void aFileAppearsWholeUnderItsNameWithNoTemporaryLeft() throws Exception {
        ReturnsFolder folder = new ReturnsFolder(dir.resolve("retours"));

        Path written = folder.write("CR_X.xml", "<CPPStatut/>".getBytes(StandardCharsets.UTF_8));

        assertThat(written).hasFileName("CR_X.xml").hasContent("<CPPStatut/>");
        assertThat(SimulatorRig.names(dir.resolve("retours"))).containsExactly("CR_X.xml");
    }

    @Test
    void aNameIsNeverOverwritten() throws Exception {
        ReturnsFolder folder = new ReturnsFolder(dir);
        folder.write("CR_X.xml", "first".getBytes(StandardCharsets.UTF_8));

        assertThatThrownBy(() -> folder.write("CR_X.xml", "second".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(UncheckedIOException.class);
        assertThat(Files.readString(dir.resolve("CR_X.xml"))).isEqualTo("first");
        assertThat(SimulatorRig.names(dir)).containsExactly("CR_X.xml");
    }
}
