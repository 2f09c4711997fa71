package fr.facteur.relay;

import java.io.ByteArrayInputStream;
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

import fr.facteur.platform.SftpEndpoints;
import fr.facteur.tenant.Tenant;

/**
 * Writes files into a supplier's return folder on its own SFTP server (the connection the gateway polls its
 * invoices on), host key checked, in two steps that the relay separates with a database commit:
 * <ol>
 * <li>{@link #stage}: the file is uploaded under a temporary name ({@code .part-<name>}), which a supplier's poller
 * never takes (dot-file);</li>
 * <li>{@link #publish}: the temporary file is renamed to its name (replacing a file of that name), which is the
 * moment the supplier sees it.</li>
 * </ol>
 * Why two steps: with upload-and-rename in one call, a gateway killed after the rename but before the commit that
 * records the delivery sent the file again after its restart; a supplier that had collected the first copy got two
 * (docs/reliability.md, found by CrashIT). Now the delivery is committed between the steps as "to publish", and a
 * publish that finds no temporary file knows the rename already happened: the file is never shown twice.
 *
 * <p>Driven with JSch directly (the same session policy as Camel's endpoints, {@link SftpEndpoints#openSession})
 * because Camel's producer only offers upload-and-rename as one operation. It also checks names with {@code stat},
 * never by listing the supplier's folder, which grows with every delivery.
 *
 * <p><b>One connection per burst.</b> Opening an SFTP connection is a full key exchange: with a connection per
 * delivered file it was 17 % of the gateway's CPU under load (docs/performance.md). A connection opened for a
 * delivery is therefore kept for the next deliveries to the same server and account, and closed once it has been
 * idle for {@code facteur.relay.sftp-keep-open} (5 s by default): a burst of answers shares one connection, while a
 * supplier's server never sees the gateway hold an idle session for long. {@code 0s} opens one connection per call.
 * A connection that broke meanwhile (server restarted) is noticed before the write and opened again; a failed call
 * closes its connection, so the retry starts afresh.
 */
public class SupplierSftp implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SupplierSftp.class);
    /** Prefix of a staged file: a dot-file, which pollers (ours included) never take. */
    static final String STAGING_PREFIX = ".part-";
    private static final int CONNECT_TIMEOUT_MILLIS = 10_000;
    private static final int READ_TIMEOUT_MILLIS = 30_000;

    /** One open connection to a supplier's server, used by one call at a time. */
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
        T run(ChannelSftp channel) throws SftpException;
    }

    private final Duration keepOpen;
    /** tenant + user@host:port → its open connection */
    private final Map<String, Connection> open = new ConcurrentHashMap<>();
    private final ScheduledExecutorService sweeper;

    public SupplierSftp(Duration keepOpen) {
        this.keepOpen = keepOpen.isNegative() ? Duration.ZERO : keepOpen;
        if (this.keepOpen.isZero()) {
            sweeper = null;
        } else {
            sweeper = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread thread = new Thread(r, "relay-sftp-sweeper");
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
     * Uploads the file under its temporary name (replacing an earlier attempt's), creating the return folder if it
     * is missing. The supplier does not see it until {@link #publish}.
     *
     * @return the temporary name, to give to {@link #publish}
     */
    public String stage(Tenant tenant, String fileName, byte[] content) {
        String folder = folder(tenant);
        String staged = stagingName(fileName);
        call(tenant, channel -> {
            try {
                channel.put(new ByteArrayInputStream(content), folder + "/" + staged, ChannelSftp.OVERWRITE);
            } catch (SftpException e) {
                if (e.id != ChannelSftp.SSH_FX_NO_SUCH_FILE) {
                    throw e;
                }
                makeFolders(channel, folder); // first delivery to this folder
                channel.put(new ByteArrayInputStream(content), folder + "/" + staged, ChannelSftp.OVERWRITE);
            }
            return null;
        });
        return staged;
    }

    /**
     * Renames the staged file to its name, replacing a file of that name. Safe to call again: when the staged file
     * is gone, the rename already happened (and the supplier may have collected the file since), so nothing is done.
     *
     * @return true when this call made the file visible, false when an earlier call had
     */
    public boolean publish(Tenant tenant, String stagedName, String fileName) {
        String folder = folder(tenant);
        String from = folder + "/" + stagedName;
        String to = folder + "/" + fileName;
        return call(tenant, channel -> {
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

    /** Stages then publishes at once: for callers with no commit to make in between. */
    public void upload(Tenant tenant, String fileName, byte[] content) {
        publish(tenant, stage(tenant, fileName, content), fileName);
    }

    private static String folder(Tenant tenant) {
        Tenant.SftpAccount account = tenant.inbound() == null ? null : tenant.inbound().sftp();
        if (account == null) {
            throw new IllegalStateException(tenant.id() + ": returns.channel is sftp but the tenant has no SFTP "
                    + "connection (inbound.sftp)");
        }
        String folder = tenant.returns() == null ? null : tenant.returns().sftpDir();
        if (folder == null || folder.isBlank()) {
            throw new IllegalStateException(tenant.id() + ": returns.channel is sftp but returns.sftp.dir is not set");
        }
        String absolute = folder.startsWith("/") ? folder : "/" + folder;
        return absolute.endsWith("/") && absolute.length() > 1 ? absolute.substring(0, absolute.length() - 1) : absolute;
    }

    private <T> T call(Tenant tenant, Operation<T> operation) {
        Tenant.SftpAccount account = tenant.inbound().sftp();
        // one connection per tenant, never shared with another tenant even on the same server
        String key = tenant.id() + " " + account.user() + "@" + account.host() + ":" + account.port();
        boolean retried = false;
        while (true) {
            Connection connection = open.computeIfAbsent(key, k -> connect(k, account));
            synchronized (connection) {
                if (connection.closed) {
                    continue; // closed by the sweeper between lookup and lock: take a fresh one
                }
                boolean reused = connection.uses++ > 0;
                try {
                    T result = operation.run(connection.channel);
                    connection.lastUsedNanos = System.nanoTime();
                    return result;
                } catch (SftpException | RuntimeException e) {
                    close(connection);
                    if (reused && !retried) {
                        // a kept connection the server dropped meanwhile (restart, idle timeout): every operation
                        // here may run twice (upload replaces, publish checks first), so once more on a new one
                        retried = true;
                        continue;
                    }
                    throw new EndpointUnavailableException("SFTP delivery to " + key + " failed: " + e, e);
                } finally {
                    if (keepOpen.isZero()) {
                        close(connection);
                    }
                }
            }
        }
    }

    private static Connection connect(String key, Tenant.SftpAccount account) {
        Session session = null;
        try {
            session = SftpEndpoints.openSession(account.user(), account.host(), account.port(), account.knownHosts(),
                    account.privateKey(), account.password(), CONNECT_TIMEOUT_MILLIS, READ_TIMEOUT_MILLIS);
            ChannelSftp channel = (ChannelSftp) session.openChannel("sftp");
            channel.connect(CONNECT_TIMEOUT_MILLIS);
            return new Connection(key, session, channel);
        } catch (JSchException | RuntimeException e) {
            if (session != null) {
                session.disconnect();
            }
            // the account's password is never part of the message
            throw new EndpointUnavailableException("cannot connect to " + key + " for an SFTP delivery: "
                    + e.getMessage(), e);
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
    void closeIdle() {
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
    int openConnections() {
        return open.size();
    }

    private void close(Connection connection) {
        connection.closed = true;
        open.remove(connection.key, connection);
        try {
            connection.channel.disconnect();
            connection.session.disconnect();
        } catch (RuntimeException e) {
            log.debug("closing an SFTP connection to a supplier failed: {}", e.toString());
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
