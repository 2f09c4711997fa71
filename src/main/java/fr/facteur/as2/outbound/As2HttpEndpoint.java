package fr.facteur.as2.outbound;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.function.BiFunction;

import com.sun.net.httpserver.HttpServer;

/**
 * An {@link As2Receiver} on a plain HTTP port (JDK HttpServer): the Chorus Pro simulator's AS2 endpoint, and test
 * partners. POST only; anything else is 405.
 */
public final class As2HttpEndpoint implements AutoCloseable {

    private final HttpServer server;

    private As2HttpEndpoint(HttpServer server) {
        this.server = server;
    }

    /** @param port 0 for any free port */
    public static As2HttpEndpoint start(String host, int port, String path, As2Receiver receiver) {
        return start(host, port, path, receiver::receive);
    }

    /** Any handler of AS2 requests (tests answer with forged MDNs or HTTP errors). */
    public static As2HttpEndpoint start(String host, int port, String path,
            BiFunction<Map<String, String>, byte[], As2Receiver.Answer> receiver) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(host, port), 0);
            server.createContext(path, exchange -> {
                try (exchange) {
                    if (!"POST".equals(exchange.getRequestMethod())) {
                        exchange.sendResponseHeaders(405, -1);
                        return;
                    }
                    byte[] body;
                    try (InputStream in = exchange.getRequestBody()) {
                        body = in.readAllBytes();
                    }
                    Map<String, String> headers = new LinkedHashMap<>();
                    exchange.getRequestHeaders().forEach((k, v) -> headers.put(k, String.join(", ", v)));
                    As2Receiver.Answer answer = receiver.apply(headers, body);
                    answer.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
                    exchange.sendResponseHeaders(answer.status(), answer.body().length == 0 ? -1 : answer.body().length);
                    if (answer.body().length > 0) {
                        try (OutputStream out = exchange.getResponseBody()) {
                            out.write(answer.body());
                        }
                    }
                }
            });
            server.setExecutor(Executors.newFixedThreadPool(4, r -> {
                Thread thread = new Thread(r, "as2-endpoint-" + port);
                thread.setDaemon(true);
                return thread;
            }));
            server.start();
            return new As2HttpEndpoint(server);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen for AS2 on " + host + ":" + port, e);
        }
    }

    public int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
