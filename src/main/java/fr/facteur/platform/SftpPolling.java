package fr.facteur.platform;

import java.nio.file.Path;
import java.time.Duration;

import javax.sql.DataSource;

import org.apache.camel.CamelContext;
import org.apache.camel.processor.idempotent.jdbc.JdbcOrphanLockAwareIdempotentRepository;

/**
 * The one polling policy of every SFTP folder Facteur collects from (suppliers' outboxes, Chorus Pro's returns):
 * <ul>
 * <li>a file still being written is left alone: {@link StableFileFilter} takes it only once its size and date are
 * the same in two listings a second or more apart, and names of uploads in progress (.part, .tmp, dot-files) are
 * never taken. Camel's own read locks are not used: {@code changed} sleeps a check interval per file inside the
 * poll (a batch of 500 files took over 500 s), {@code readLockMinAge} is unsafe with SFTP's one-second dates, and
 * the idempotent-* read locks are not implemented by the SFTP consumer in 4.17 (they silently mean no lock at all,
 * as EndToEndSftpIT's slow-writer test showed).</li>
 * <li>two gateway instances never take the same file: each file (name + size + date) is claimed eagerly in a
 * PostgreSQL idempotent repository before it is read; a failure releases the claim so the next poll retries;</li>
 * <li>the file is copied to a local work file (streamed, never held in memory), then moved to the folder named by
 * the {@code moveToHeader} header with a timestamp, so a name sent again never collides. A file whose processing
 * failed is not moved: it is retried at the next poll.</li>
 * </ul>
 */
public final class SftpPolling {

    private SftpPolling() {
    }

    /**
     * The claim repository of one polled folder, shared by all gateway instances through PostgreSQL
     * (camel_messageprocessed). A live instance refreshes its claims every 10 s; the claims of an instance that
     * died are taken over after 60 s. Start it (CamelContext.addService) and bind it under the name given to
     * {@link #options}.
     *
     * @param folderKey the same on every instance for the same folder, e.g. "sftp-in:acme"
     */
    public static JdbcOrphanLockAwareIdempotentRepository claimRepository(DataSource dataSource, String folderKey,
            CamelContext camel) {
        JdbcOrphanLockAwareIdempotentRepository claims = new JdbcOrphanLockAwareIdempotentRepository(dataSource,
                folderKey, camel);
        claims.setLockMaxAgeMillis(60_000);
        claims.setLockKeepAliveIntervalMillis(10_000);
        return claims;
    }

    /** The filter of one polled folder: a file is taken once it stood still for a second between two listings. */
    public static StableFileFilter stableFilter() {
        return new StableFileFilter(Duration.ofSeconds(1));
    }

    /**
     * @param claimRepositoryBean registry name of the JDBC idempotent repository claiming files
     * @param stableFilterBean    registry name of this folder's {@link StableFileFilter} (see {@link #stableFilter()})
     * @param moveToHeader        header set by the route to the folder (relative to the polled one) to move to
     */
    public static String options(Duration poll, String claimRepositoryBean, String stableFilterBean, Path workDir,
            String moveToHeader) {
        return String.join("&",
                "delay=" + poll.toMillis(),
                "readLock=none",
                "filter=#" + stableFilterBean,
                "idempotent=true",
                "idempotentEager=true",
                "idempotentRepository=#" + claimRepositoryBean,
                "idempotentKey=${file:name}-${file:size}-${file:modified}",
                "exclude=RAW((^\\..*)|(.*\\.(part|tmp|filepart)$))",
                "localWorkDirectory=" + workDir.toAbsolutePath(),
                // oldest first: a supplier's files and Chorus Pro's return files are taken in the order they came
                "sortBy=file:modified;file:name",
                "maxMessagesPerPoll=500",
                "eagerMaxMessagesPerPoll=true",
                "move=${header." + moveToHeader + "}/${date:now:yyyyMMdd-HHmmssSSS}-${file:onlyname}",
                "throwExceptionOnConnectFailed=false",
                "connectTimeout=10000",
                "timeout=30000",
                "serverAliveInterval=15000");
    }
}
