package fr.facteur.inbound.as2;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * The AS2 receiving endpoint: plain HTTP (TLS, when wanted, is a reverse proxy's job, as for any AS2 product behind
 * a load balancer) on its own port, POST only. The JDK's HTTP server answers {@code Expect: 100-continue} itself, so
 * senders that wait for it (camel-as2's client does) are not stalled.
 */
public class As2Server implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(As2Server.class);

    private final As2Properties properties;
    private final As2Receiver receiver;
    private final AsyncMdnSender asyncMdns;
    private HttpServer server;
    private ExecutorService executor;

    public As2Server(As2Properties properties, As2Receiver receiver, AsyncMdnSender asyncMdns) {
        this.properties = properties;
        this.receiver = receiver;
        this.asyncMdns = asyncMdns;
    }

    @Override
    public synchronized void start() {
        try {
            server = HttpServer.create(new InetSocketAddress(properties.bindHost(), properties.port()), 50);
        } catch (IOException e) {
            throw new IllegalStateException("cannot listen for AS2 on " + properties.bindHost() + ":"
                    + properties.port() + ": " + e.getMessage(), e);
        }
        executor = Executors.newFixedThreadPool(properties.threads(), r -> new Thread(r, "as2-in"));
        server.setExecutor(executor);
        server.createContext(properties.path(), this::handle);
        server.start();
        log.info("AS2 receiving endpoint on http://{}:{}{} as {}", properties.bindHost(), port(), properties.path(),
                properties.as2Id());
    }

    /** The port listened on (the real one when configured as 0). */
    public int port() {
        return server == null ? -1 : server.getAddress().getPort();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!properties.path().equals(exchange.getRequestURI().getPath())) {
                reply(exchange, 404, "no AS2 endpoint here");
                return;
            }
            if (!"POST".equals(exchange.getRequestMethod())) {
                exchange.getResponseHeaders().add("Allow", "POST");
                reply(exchange, 405, "AS2 messages are POSTed");
                return;
            }
            byte[] body = readLimited(exchange.getRequestBody(), properties.maxSize().toBytes());
            if (body == null) {
                reply(exchange, 413, "message larger than " + properties.maxSize());
                return;
            }
            Map<String, String> headers = new LinkedHashMap<>();
            exchange.getRequestHeaders().forEach((name, values) -> headers.put(name, String.join(", ", values)));
            As2Receiver.Answer answer = receiver.receive(headers, body);
            if (answer.syncMdn() != null) {
                var out = exchange.getResponseHeaders();
                out.add("AS2-Version", "1.2");
                out.add("AS2-From", AsyncMdnSender.quoted(properties.as2Id()));
                out.add("AS2-To", AsyncMdnSender.quoted(answer.partnerAs2Id() == null ? "unknown" : answer.partnerAs2Id()));
                out.add("Message-ID", answer.syncMdn().messageId());
                out.add("MIME-Version", "1.0");
                out.add("Content-Type", answer.syncMdn().contentType());
                exchange.sendResponseHeaders(200, answer.syncMdn().body().length);
                try (OutputStream os = exchange.getResponseBody()) {
                    os.write(answer.syncMdn().body());
                }
            } else {
                if (answer.httpStatus() == As2Receiver.SERVICE_UNAVAILABLE) {
                    exchange.getResponseHeaders().add("Retry-After", "30");
                }
                reply(exchange, answer.httpStatus(), answer.httpStatus() == 200 ? ""
                        : answer.disposition().text() + ": " + answer.detail());
            }
            if (answer.asyncMdn() != null) {
                asyncMdns.send(answer.recordId(), answer.partnerAs2Id(), answer.asyncUrl(), answer.asyncMdn());
            }
        } catch (RuntimeException e) {
            log.error("AS2 request failed", e);
            reply(exchange, 500, "internal error");
        }
    }

    private static byte[] readLimited(InputStream in, long max) throws IOException {
        byte[] data = in.readNBytes((int) Math.min(max + 1, Integer.MAX_VALUE - 8));
        return data.length > max ? null : data;
    }

    private static void reply(HttpExchange exchange, int status, String text) {
        try {
            byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().put("Content-Type", List.of("text/plain; charset=utf-8"));
            exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
            if (bytes.length > 0) {
                try (OutputStream os = exchange.getResponseBody()) {
                    os.write(bytes);
                }
            }
        } catch (IOException e) {
            log.debug("cannot answer the AS2 client: {}", e.toString());
        }
    }

    @Override
    public synchronized void stop() {
        if (server != null) {
            server.stop(1);
            executor.shutdown();
            try {
                executor.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            server = null;
        }
        asyncMdns.close();
    }

    @Override
    public synchronized boolean isRunning() {
        return server != null;
    }
}
