package fr.facteur.relay;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.apache.camel.CamelContext;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.Producer;
import org.apache.camel.support.service.ServiceHelper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import fr.facteur.tenant.Tenant;

/**
 * Writes a file into a supplier's return folder on its own SFTP server (the connection the gateway polls its
 * invoices on), host key checked. The file is uploaded under a temporary name ({@code .part-<name>}) and renamed
 * once complete, so a supplier polling its folder never takes half a file; a file of the same name is replaced,
 * which makes a delivery repeated after a crash harmless.
 *
 * <p><b>One connection per burst.</b> Opening an SFTP connection is a full key exchange: with a connection per
 * delivered file it was 17 % of the gateway's CPU under load (docs/performance.md). A connection opened for a
 * delivery is therefore kept for the next deliveries to the same folder, and closed once it has been idle for
 * {@code facteur.relay.sftp-keep-open} (5 s by default): a burst of answers shares one connection, while a
 * supplier's server never sees the gateway hold an idle session for long. {@code 0s} opens one connection per file.
 * A connection that broke meanwhile (server restarted) is noticed before the write and opened again; a failed
 * delivery closes its connection, so the retry starts afresh.
 */
public class SupplierSftp implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SupplierSftp.class);

    /** One open connection to a supplier's return folder, used by one delivery at a time. */
    private static final class Connection {
        final String uri;
        final Producer producer;
        long lastUsedNanos = System.nanoTime();
        boolean closed;

        Connection(String uri, Producer producer) {
            this.uri = uri;
            this.producer = producer;
        }
    }

    private final CamelContext camel;
    private final Duration keepOpen;
    /** endpoint URI (server, account, folder) → its open connection */
    private final Map<String, Connection> open = new ConcurrentHashMap<>();
    private final ScheduledExecutorService sweeper;

    public SupplierSftp(CamelContext camel, Duration keepOpen) {
        this.camel = camel;
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

    public void upload(Tenant tenant, String fileName, byte[] content) {
        Tenant.SftpAccount account = tenant.inbound() == null ? null : tenant.inbound().sftp();
        if (account == null) {
            throw new IllegalStateException(tenant.id() + ": returns.channel is sftp but the tenant has no SFTP "
                    + "connection (inbound.sftp)");
        }
        String folder = tenant.returns().sftpDir();
        if (folder == null || folder.isBlank()) {
            throw new IllegalStateException(tenant.id() + ": returns.channel is sftp but returns.sftp.dir is not set");
        }
        // fastExistsCheck: Camel's existence checks list the whole folder, which grows with every answer and status
        // delivered (quadratic over a month); with it, one listing per delivery instead of three (SupplierSftpTest)
        String uri = account.camelUri(folder, String.join("&", "tempPrefix=.part-", "fileExist=Override",
                "fastExistsCheck=true", "disconnect=" + keepOpen.isZero(), "connectTimeout=10000", "timeout=30000"));
        while (true) {
            Connection connection = open.computeIfAbsent(uri, this::connect);
            synchronized (connection) {
                if (connection.closed) {
                    continue; // closed by the sweeper between lookup and lock: take a fresh one
                }
                try {
                    write(connection, fileName, content);
                    connection.lastUsedNanos = System.nanoTime();
                } catch (RuntimeException e) {
                    close(connection); // the retry starts with a new connection
                    throw e;
                } finally {
                    if (keepOpen.isZero()) {
                        close(connection);
                    }
                }
                return;
            }
        }
    }

    private Connection connect(String uri) {
        Endpoint endpoint = camel.getEndpoint(uri);
        try {
            Producer producer = endpoint.createProducer();
            ServiceHelper.startService(producer);
            return new Connection(uri, producer);
        } catch (Exception e) {
            throw new EndpointUnavailableException("cannot prepare the SFTP delivery: " + e.getMessage(), e);
        }
    }

    private static void write(Connection connection, String fileName, byte[] content) {
        Exchange exchange = connection.producer.getEndpoint().createExchange();
        exchange.getMessage().setBody(content);
        exchange.getMessage().setHeader(Exchange.FILE_NAME, fileName);
        try {
            connection.producer.process(exchange);
        } catch (Exception e) {
            exchange.setException(e);
        }
        Exception failure = exchange.getException();
        if (failure instanceof RuntimeException runtime) {
            throw runtime;
        }
        if (failure != null) {
            throw new EndpointUnavailableException(failure.getMessage(), failure);
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
        open.remove(connection.uri, connection);
        try {
            ServiceHelper.stopService(connection.producer);
        } catch (RuntimeException e) {
            // the URI may carry the account's password: never logged
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
