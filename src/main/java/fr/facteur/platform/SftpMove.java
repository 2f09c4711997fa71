package fr.facteur.platform;

import org.apache.camel.component.file.GenericFile;
import org.apache.camel.component.file.GenericFileEndpoint;
import org.apache.camel.component.file.GenericFileOperationFailedException;
import org.apache.camel.component.file.GenericFileOperations;
import org.apache.camel.component.file.strategy.GenericFileExpressionRenamer;
import org.apache.camel.component.file.strategy.GenericFileRenameProcessStrategy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Camel's own move of a polled file (the endpoint's {@code move} expression, as {@code readLock=none} with
 * {@code move} builds it), tried a second time when nothing was moved. Bind it and add
 * {@code processStrategy=#name} to the endpoint for a folder that several pollers (of one instance or of several)
 * read at once.
 *
 * <p>Why: the first files moved into a fresh folder each create done/ (or error/). Camel checks the folder, then
 * {@code mkdir}s it; when two pollers do so at the same moment one {@code mkdir} fails although the folder is now
 * there, and Camel gives up on the move ("Cannot create directory"): the file, whose claim is already confirmed,
 * stays in the supplier's outbox until a restart lets its claim expire (seen by CrashIT with two pollers per
 * tenant). The second try finds the folder. It is made only when the file is still where it was and not yet where
 * it goes, so a move that did happen is never undone (Camel deletes the target before renaming).
 */
public final class SftpMove extends GenericFileRenameProcessStrategy<Object> {

    private static final Logger log = LoggerFactory.getLogger(SftpMove.class);

    @Override
    public void prepareOnStartup(GenericFileOperations<Object> operations, GenericFileEndpoint<Object> endpoint)
            throws Exception {
        if (endpoint.getMove() == null) {
            throw new IllegalStateException(endpoint + ": SftpMove needs the endpoint's move option");
        }
        synchronized (this) { // one per folder, shared by its pollers: the same move expression for all
            if (getCommitRenamer() == null) {
                setCommitRenamer(new GenericFileExpressionRenamer<>(endpoint.getMove()));
            }
        }
        super.prepareOnStartup(operations, endpoint);
    }

    @Override
    protected GenericFile<Object> renameFile(GenericFileOperations<Object> operations, GenericFile<Object> from,
            GenericFile<Object> to) {
        try {
            return super.renameFile(operations, from, to);
        } catch (GenericFileOperationFailedException e) {
            if (operations.existsFile(to.getAbsoluteFilePath()) || !operations.existsFile(from.getAbsoluteFilePath())) {
                throw e;
            }
            log.debug("{}: not moved ({}), trying once more", from.getAbsoluteFilePath(), e.getMessage());
            return super.renameFile(operations, from, to);
        }
    }
}
