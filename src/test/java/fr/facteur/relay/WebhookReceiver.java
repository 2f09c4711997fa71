package fr.facteur.relay;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

import fr.facteur.crypto.Certificates;

/**
 * A supplier's webhook endpoint for tests: a real HTTPS server (JDK HttpsServer, certificate generated for
 * 127.0.0.1 at test time) that verifies each request the way the README tells suppliers to: HMAC-SHA256 over
 * "&lt;t&gt;." + body with the shared secret, compared in constant time, timestamp within 5 minutes, and a
 * duplicate Idempotency-Key answered 200 but not kept again. Answers can be scripted (503, 400, ...).
 */
final class WebhookReceiver implements AutoCloseable {

    /** A request the receiver accepted. */
    record Received(String idempotencyKey, String fileName, String tenant, String contentType, String body) {
    }

    private final HttpsServer server;
    private final SSLContext clientTrust;
    private final X509Certificate certificate;
    private final String secret;
    /** A scripted answer: keep the request waiting longer than the gateway's timeout. */
    static final int SLOW = -1;
    private final java.util.concurrent.CountDownLatch slow = new java.util.concurrent.CountDownLatch(1);
    private final Queue<Integer> scriptedAnswers = new ConcurrentLinkedQueue<>();
    final List<Received> received = Collections.synchronizedList(new ArrayList<>());
    final List<String> refused = Collections.synchronizedList(new ArrayList<>());
    volatile int requests;

    WebhookReceiver(String secret) throws Exception {
        this.secret = secret;
        KeyPair keys = Certificates.rsaKeyPair(2048);
        certificate = certificateFor127001(keys);
        KeyStore keyStore = KeyStore.getInstance("PKCS12");
        keyStore.load(null, null);
        keyStore.setKeyEntry("receiver", keys.getPrivate(), "pw".toCharArray(), new X509Certificate[] {certificate});
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keyStore, "pw".toCharArray());
        SSLContext serverContext = SSLContext.getInstance("TLS");
        serverContext.init(kmf.getKeyManagers(), null, null);

        KeyStore trustStore = KeyStore.getInstance("PKCS12");
        trustStore.load(null, null);
        trustStore.setCertificateEntry("receiver", certificate);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trustStore);
        clientTrust = SSLContext.getInstance("TLS");
        clientTrust.init(null, tmf.getTrustManagers(), null);

        server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(serverContext));
        server.createContext("/facteur", this::handle);
        server.start();
    }

    /** Writes the receiver's certificate as a PKCS12 trust store, for a gateway configured by properties. */
    void writeTrustStore(java.nio.file.Path file, String password) throws Exception {
        KeyStore trustStore = KeyStore.getInstance("PKCS12");
        trustStore.load(null, null);
        trustStore.setCertificateEntry("receiver", certificate);
        try (var out = java.nio.file.Files.newOutputStream(file)) {
            trustStore.store(out, password.toCharArray());
        }
    }

    /** The trust a gateway needs to reach this receiver (its certificate only). */
    SSLContext clientTrust() {
        return clientTrust;
    }

    URI url() {
        return URI.create("https://127.0.0.1:" + server.getAddress().getPort() + "/facteur");
    }

    /** The next requests are answered with these statuses (then 200 again). */
    void answerNext(Integer... statuses) {
        scriptedAnswers.addAll(List.of(statuses));
    }

    void reset() {
        scriptedAnswers.clear();
        received.clear();
        refused.clear();
        requests = 0;
    }

    private void handle(HttpExchange exchange) throws IOException {
        requests++;
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
            body = in.readAllBytes();
        }
        Integer scripted = scriptedAnswers.poll();
        if (scripted != null && scripted == SLOW) {
            // answer too late for the gateway's timeout (bounded, so the server thread comes back)
            try {
                slow.await(2, java.util.concurrent.TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            answer(exchange, 200);
            return;
        }
        if (scripted != null) {
            answer(exchange, scripted);
            return;
        }
        String problem = verify(exchange.getRequestHeaders().getFirst(WebhookSender.SIGNATURE), body);
        if (problem != null) {
            refused.add(problem);
            answer(exchange, 401);
            return;
        }
        String key = exchange.getRequestHeaders().getFirst(WebhookSender.IDEMPOTENCY_KEY);
        boolean duplicate;
        synchronized (received) {
            duplicate = received.stream().anyMatch(r -> r.idempotencyKey().equals(key));
            if (!duplicate) {
                received.add(new Received(key, exchange.getRequestHeaders().getFirst(WebhookSender.FILE_NAME),
                        exchange.getRequestHeaders().getFirst(WebhookSender.TENANT),
                        exchange.getRequestHeaders().getFirst("Content-Type"), new String(body, StandardCharsets.UTF_8)));
            }
        }
        answer(exchange, 200);
    }

    /** What a supplier does with the signature header; null when the request is genuine and fresh. */
    private String verify(String header, byte[] body) {
        if (header == null) {
            return "no signature";
        }
        long t = -1;
        String v1 = null;
        for (String part : header.split(",")) {
            String[] kv = part.trim().split("=", 2);
            if (kv.length == 2 && kv[0].equals("t")) {
                t = Long.parseLong(kv[1]);
            } else if (kv.length == 2 && kv[0].equals("v1")) {
                v1 = kv[1];
            }
        }
        if (t < 0 || v1 == null) {
            return "malformed signature header";
        }
        String expected = WebhookSender.sign(secret, t, body);
        if (!MessageDigest.isEqual(HexFormat.of().parseHex(v1), HexFormat.of().parseHex(expected))) {
            return "bad signature";
        }
        if (Math.abs(Instant.now().getEpochSecond() - t) > Duration.ofMinutes(5).toSeconds()) {
            return "stale timestamp (replay?)";
        }
        return null;
    }

    private static void answer(HttpExchange exchange, int status) throws IOException {
        byte[] text = ("status " + status).getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, text.length);
        exchange.getResponseBody().write(text);
        exchange.close();
    }

    private static X509Certificate certificateFor127001(KeyPair keys) throws Exception {
        X500Name name = new X500Name("CN=127.0.0.1");
        Instant now = Instant.now();
        JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(name, BigInteger.valueOf(now.toEpochMilli()),
                Date.from(now.minus(Duration.ofMinutes(5))), Date.from(now.plus(Duration.ofDays(1))), name,
                keys.getPublic());
        builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
                new GeneralName(GeneralName.iPAddress, "127.0.0.1"), new GeneralName(GeneralName.dNSName, "localhost")}));
        return new JcaX509CertificateConverter().getCertificate(
                builder.build(new JcaContentSignerBuilder("SHA256withRSA").build(keys.getPrivate())));
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
