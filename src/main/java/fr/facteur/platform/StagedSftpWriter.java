package fr.facteur.platform;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import com.jcraft.jsch.ChannelSftp;
import com.jcraft.jsch.JSchException;
import com.jcraft.jsch.Session;
import com.jcraft.jsch.SftpException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes files to an SFTP folder in two steps, so that the caller can commit between them:
 * <ol>
 * <li>{@link #stage}: the file is uploaded under a temporary name ({@code .part-<name>}), which no poller takes
 * (a dot-file: ours, Chorus Pro's and suppliers' alike);</li>
 * <li>{@link #publish}: the temporary file is renamed to its name (replacing a file of that name), which is the
 * moment the far side sees it.</li>
 * </ol>
 * Why: with upload-and-rename as one call, a gateway killed after the rename but before the commit that records it
 * sends the file again after its restart, and a far side that had already taken the first copy gets two (found by
 * CrashIT, docs/reliability.md). The caller records "staged" and commits, then publishes; a publish that finds no
 * temporary file knows the rename already happened, so a file is never shown twice.
 *
 * <p>Driven with JSch directly (the same session policy as Camel's endpoints, {@link SftpEndpoints#openSession})
 * because Camel's producer only offers upload-and-rename as one operation. Names are checked with {@code stat},
 * never by listing the folder, which grows with every file delivered.
 *
 * <p><b>One connection per burst.</b> Opening an SFTP connection is a full key exchange: with one per file it was
 * 17 % of the gateway's CPU under load (docs/performance.md). A connection is kept for the next calls to the same
 * {@link Target} and closed once idle for {@code keepOpen}; {@code 0s} opens one per call. A kept connection the
 * server dropped meanwhile (restart, idle timeout) is replaced and the call made once more: every call is safe to
 * repeat (an upload replaces, a publish checks first). Failures are {@link UncheckedIOException}s: an outage to
 * wait out, never a final refusal.
 */
public class StagedSftpWriter implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(StagedSftpWriter.class);
    /** Prefix of a staged file: a dot-file, which pollers never take. */
    public static final String STAGING_PREFIX = ".part-";
    private static final int CONNECT_TIMEOUT_MILLIS = 10_000;
    private static final int READ_TIMEOUT_MILLIS = 60_000;

    /**
     * Where to connect. {@code key} names the connection: two targets with the same key share it, so give each
     * owner its own (a supplier's connection is never shared with another supplier's, even on the same server).
     *
     * @param privateKey null for password login
     * @param password   null for key login; never logged
     */
    public record Target(String key, String user, String host, int port, Path knownHosts, Path privateKey,
            String password) {

        @Override
        public String toString() {
            return key + " (" + user + "@" + host + ":" + port + ")";
        }
    }

    /** The content of a file, opened when it is uploaded (and again if the upload is repeated). */
    @FunctionalInterface
    public interface Content {
        InputStream open() throws IOException;
    }

    /** One open connection, used by one call at a time. */
    private static final class Connection {
        final String key;
        final Session session;
        final ChannelSftp channel;
        long lastUsedNanos = System.nanoTime();
        int uses;
        boolean closed;

        Connection(String key, Session session, ChannelSftp channel) {
            this.key = key;
            this.session = session;
            this.channel = channel;
        }
    }

    /** An SFTP operation on an open channel. */
    @FunctionalInterface
    private interface Operation<T> {
        T run(ChannelSftp channel) throws SftpException, IOException;
    }

    private final Duration keepOpen;
    /** target key → its open connection */
    private final Map<String, Connection> open = new ConcurrentHashMap<>();
    private final ScheduledExecutorService sweeper;

    public StagedSftpWriter(Duration keepOpen, String threadName) {
        this.keepOpen = keepOpen.isNegative() ? Duration.ZERO : keepOpen;
        if (this.keepOpen.isZero()) {
            sweeper = null;
        } else {
            sweeper = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread thread = new Thread(r, threadName);
                thread.setDaemon(true);
                return thread;
            });
            long every = Math.max(100, this.keepOpen.toMillis() / 2);
            sweeper.scheduleWithFixedDelay(this::closeIdle, every, every, TimeUnit.MILLISECONDS);
        }
    }

    /** The temporary name a file is staged under until it is published. */
    public static String stagingName(String fileName) {
        return STAGING_PREFIX + fileName;
    }

    /**
     * Uploads the file under its temporary name (replacing an earlier attempt's), streamed, creating the folder if
     * it is missing. The far side does not see it until {@link #publish}.
     *
     * @param folder absolute folder on the server
     * @return the temporary name, to give to {@link #publish}
     */
    public String stage(Target target, String folder, String fileName, Content content) {
        String dir = normalise(folder);
        String staged = stagingName(fileName);
        call(target, channel -> {
            try (InputStream in = content.open()) {
                channel.put(in, dir + "/" + staged, ChannelSftp.OVERWRITE);
            } catch (SftpException e) {
                if (e.id != ChannelSftp.SSH_FX_NO_SUCH_FILE) {
                    throw e;
                }
                makeFolders(channel, dir); // first file to this folder
                try (InputStream in = content.open()) {
                    channel.put(in, dir + "/" + staged, ChannelSftp.OVERWRITE);
                }
            }
            return null;
        });
        return staged;
    }

    /**
     * Renames the staged file to its name, replacing a file of that name. Safe to call again: when the staged file
     * is gone, the rename already happened (and the far side may have taken the file since), so nothing is done.
     *
     * @return true when this call made the file visible, false when an earlier call had
     */
    public boolean publish(Target target, String folder, String stagedName, String fileName) {
        String dir = normalise(folder);
        String from = dir + "/" + stagedName;
        String to = dir + "/" + fileName;
        return call(target, channel -> {
            if (!exists(channel, from)) {
                return false;
            }
            try {
                // posix-rename (OpenSSH, Apache MINA SSHD) replaces the target atomically
                channel.rename(from, to);
            } catch (SftpException e) {
                if (!exists(channel, to)) {
                    throw e;
                }
                // a server without posix-rename refuses to replace: remove the older file, then rename
                channel.rm(to);
                channel.rename(from, to);
            }
            return true;
        });
    }

    private static String normalise(String folder) {
        String absolute = folder.startsWith("/") ? folder : "/" + folder;
        return absolute.endsWith("/") && absolute.length() > 1 ? absolute.substring(0, absolute.length() - 1) : absolute;
    }

    private <T> T call(Target target, Operation<T> operation) {
        boolean retried = false;
        while (true) {
            Connection connection = open.computeIfAbsent(target.key(), k -> connect(target));
            synchronized (connection) {
                if (connection.closed) {
                    continue; // closed by the sweeper between lookup and lock: take a fresh one
                }
                boolean reused = connection.uses++ > 0;
                try {
                    T result = operation.run(connection.channel);
                    connection.lastUsedNanos = System.nanoTime();
                    return result;
                } catch (SftpException | IOException | RuntimeException e) {
                    close(connection);
                    if (reused && !retried) {
                        retried = true; // a kept connection the server dropped meanwhile: once more on a new one
                        continue;
                    }
                    throw new UncheckedIOException(new IOException("SFTP to " + target + " failed: " + e, e));
                } finally {
                    if (keepOpen.isZero()) {
                        close(connection);
                    }
                }
            }
        }
    }

    private static Connection connect(Target target) {
        Session session = null;
        try {
            session = SftpEndpoints.openSession(target.user(), target.host(), target.port(), target.knownHosts(),
                    target.privateKey(), target.password(), CONNECT_TIMEOUT_MILLIS, READ_TIMEOUT_MILLIS);
            ChannelSftp channel = (ChannelSftp) session.openChannel("sftp");
            channel.connect(CONNECT_TIMEOUT_MILLIS);
            return new Connection(target.key(), session, channel);
        } catch (JSchException | RuntimeException e) {
            if (session != null) {
                session.disconnect();
            }
            // the password is never part of the message
            throw new UncheckedIOException(new IOException("cannot connect to " + target + ": " + e.getMessage(), e));
        }
    }

    private static boolean exists(ChannelSftp channel, String path) throws SftpException {
        try {
            channel.stat(path);
            return true;
        } catch (SftpException e) {
            if (e.id == ChannelSftp.SSH_FX_NO_SUCH_FILE) {
                return false;
            }
            throw e;
        }
    }

    private static void makeFolders(ChannelSftp channel, String folder) throws SftpException {
        StringBuilder path = new StringBuilder();
        for (String part : folder.split("/")) {
            if (part.isEmpty()) {
                continue;
            }
            path.append('/').append(part);
            if (!exists(channel, path.toString())) {
                channel.mkdir(path.toString());
            }
        }
    }

    /** Closes the connections idle for longer than keep-open: a burst is over. */
    public void closeIdle() {
        long now = System.nanoTime();
        for (Connection connection : open.values()) {
            synchronized (connection) {
                if (!connection.closed && now - connection.lastUsedNanos >= keepOpen.toNanos()) {
                    close(connection);
                }
            }
        }
    }

    /** Connections open now. */
    public int openConnections() {
        return open.size();
    }

    private void close(Connection connection) {
        connection.closed = true;
        open.remove(connection.key, connection);
        try {
            connection.channel.disconnect();
            connection.session.disconnect();
        } catch (RuntimeException e) {
            log.debug("closing an SFTP connection failed: {}", e.toString());
        }
    }

    @Override
    public void close() {
        if (sweeper != null) {
            sweeper.shutdownNow();
        }
        for (Connection connection : open.values()) {
            synchronized (connection) {
                close(connection);
            }
        }
    }
}
