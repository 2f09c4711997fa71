package fr.facteur.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.anyBoolean;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import org.apache.camel.component.file.GenericFile;
import org.apache.camel.component.file.GenericFileOperationFailedException;
import org.apache.camel.component.file.GenericFileOperations;
import org.junit.jupiter.api.Test;

/** The second try of {@link SftpMove}: after a lost mkdir race, and never after a move that happened. */
class SftpMoveTest {

    @SuppressWarnings("unchecked")
    final GenericFileOperations<Object> operations = mock(GenericFileOperations.class);
    final GenericFile<Object> from = file("/out/invoices/INV1.xml");
    final GenericFile<Object> to = file("/out/invoices/done/20261129-120000000-INV1.xml");

    @Test
    void aFolderCreatedByAnotherPollerMeanwhileIsFoundOnTheSecondTry() {
        // the other poller's mkdir won: ours failed, the folder is there on the next look
        when(operations.buildDirectory(anyString(), anyBoolean())).thenReturn(false, true);
        when(operations.existsFile(from.getAbsoluteFilePath())).thenReturn(true);
        when(operations.existsFile(to.getAbsoluteFilePath())).thenReturn(false);
        when(operations.renameFile(from.getAbsoluteFilePath(), to.getAbsoluteFilePath())).thenReturn(true);

        assertThat(new SftpMove().renameFile(operations, from, to)).isSameAs(to);
        verify(operations, times(1)).renameFile(from.getAbsoluteFilePath(), to.getAbsoluteFilePath());
    }

    @Test
    void aFileAlreadyMovedIsNeitherMovedAgainNorItsTargetDeleted() {
        // the rename happened on the server but its answer was lost
        when(operations.buildDirectory(anyString(), anyBoolean())).thenReturn(true);
        when(operations.renameFile(from.getAbsoluteFilePath(), to.getAbsoluteFilePath()))
                .thenThrow(new GenericFileOperationFailedException("connection lost"));
        when(operations.existsFile(to.getAbsoluteFilePath())).thenReturn(true);
        when(operations.existsFile(from.getAbsoluteFilePath())).thenReturn(false);

        assertThatThrownBy(() -> new SftpMove().renameFile(operations, from, to))
                .isInstanceOf(GenericFileOperationFailedException.class);
        verify(operations, times(1)).renameFile(anyString(), anyString());
        verify(operations, times(1)).deleteFile(to.getAbsoluteFilePath()); // Camel's own, before the first try only
    }

    @Test
    void aFolderThatCannotBeCreatedStillFailsTheMove() {
        when(operations.buildDirectory(anyString(), anyBoolean())).thenReturn(false);
        when(operations.existsFile(from.getAbsoluteFilePath())).thenReturn(true);
        when(operations.existsFile(to.getAbsoluteFilePath())).thenReturn(false);

        assertThatThrownBy(() -> new SftpMove().renameFile(operations, from, to))
                .isInstanceOf(GenericFileOperationFailedException.class)
                .hasMessageContaining("Cannot create directory");
        verify(operations, never()).renameFile(anyString(), anyString());
    }

    private static GenericFile<Object> file(String path) {
        GenericFile<Object> file = new GenericFile<>();
        file.setAbsolute(true);
        file.setEndpointPath("/out/invoices");
        file.setAbsoluteFilePath(path);
        file.setFileName(path.substring("/out/invoices/".length()));
        file.setRelativeFilePath(path.substring("/out/invoices/".length()));
        file.setFileNameOnly(path.substring(path.lastIndexOf('/') + 1));
        return file;
    }
}
