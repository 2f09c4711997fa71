package fr.facteur.piste;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import fr.facteur.platform.FacteurProperties;

/** The client against a real (JDK) HTTP server playing PISTE: token cache and renewal, headers, classification. */
class PisteClientTest {

    /** A clock the test moves by hand. */
    static final class MovingClock extends Clock {
        Instant now = Instant.parse("2026-11-29T10:00:00Z");

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    final ObjectMapper json = new ObjectMapper();
    final MovingClock clock = new MovingClock();
    final AtomicInteger tokensServed = new AtomicInteger();
    final ConcurrentLinkedDeque<Integer> nextStatuses = new ConcurrentLinkedDeque<>();
    final List<String> bearers = new ArrayList<>();
    final List<JsonNode> bodies = new ArrayList<>();
    final List<String> accounts = new ArrayList<>();
    volatile String validToken;
    HttpServer server;
    PisteClient client;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/token", exchange -> {
            String form = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            if (!form.contains("client_secret=s%C3%A9cret") || !form.contains("grant_type=client_credentials")) {
                respond(exchange, 401, "{\"error\":\"invalid_client\"}", null);
                return;
            }
            validToken = "t" + tokensServed.incrementAndGet();
            respond(exchange, 200, "{\"access_token\":\"" + validToken + "\",\"expires_in\":3600}", null);
        });
        server.createContext("/cpro/", exchange -> {
            String bearer = exchange.getRequestHeaders().getFirst("Authorization");
            synchronized (bearers) {
                bearers.add(bearer);
                accounts.add(exchange.getRequestHeaders().getFirst("cpro-account"));
                bodies.add(json.readTree(exchange.getRequestBody()));
            }
            if (!("Bearer " + validToken).equals(bearer)) {
                respond(exchange, 401, "", null);
                return;
            }
            Integer status = nextStatuses.poll();
            if (status != null && status == 503) {
                respond(exchange, 503, "{\"error\":\"maintenance\"}", "120");
            } else if (status != null) {
                respond(exchange, status, "{\"error\":\"x\"}", null);
            } else if (exchange.getRequestURI().getPath().endsWith("consulterCR")) {
                respond(exchange, 200, "{\"codeRetour\":20000,\"libelle\":\"TRA_MSG_00.015\"}", null);
            } else {
                respond(exchange, 200, "{\"codeRetour\":0,\"numeroFluxDepot\":\"CPP0011100000000000000001\"}", null);
            }
        });
        server.start();
        String base = "http://127.0.0.1:" + server.getAddress().getPort();
        FacteurProperties.Api settings = new FacteurProperties.Api(base + "/token", "${base}/cpro", "app", "sécret",
                "TECH_x@cpro.fr", "pw", Duration.ofSeconds(2), Duration.ofSeconds(2), Duration.ofSeconds(60),
                Duration.ofSeconds(30), 20, Duration.ofMinutes(5));
        client = new PisteClient(settings, json, url -> url.replace("${base}", base), clock);
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void theTokenIsCachedThenRenewedBeforeItExpires() {
        client.rechercherFactureParFournisseur("N1");
        client.consulterHistoriqueFacture(7);
        assertThat(tokensServed).hasValue(1);
        clock.now = clock.now.plus(Duration.ofMinutes(58)); // 2 minutes left: still used
        client.consulterHistoriqueFacture(7);
        assertThat(tokensServed).hasValue(1);
        clock.now = clock.now.plus(Duration.ofSeconds(61)); // inside the 60 s margin: renewed first
        client.consulterHistoriqueFacture(7);
        assertThat(tokensServed).hasValue(2);
        assertThat(bearers).containsExactly("Bearer t1", "Bearer t1", "Bearer t1", "Bearer t2");
        assertThat(accounts).allMatch(a -> a.equals(Base64.getEncoder().encodeToString(
                "TECH_x@cpro.fr:pw".getBytes(StandardCharsets.UTF_8))));
    }

    @Test
    void aTokenRefusedEarlyIsReplacedOnceAndTheCallMadeAgain() {
        client.rechercherFactureParFournisseur("N1");
        validToken = "revoked-by-the-server";
        PisteClient.Answer answer = client.rechercherFactureParFournisseur("N1");
        assertThat(answer.json().path("codeRetour").asInt()).isZero();
        assertThat(tokensServed).hasValue(2);
        assertThat(bearers).containsExactly("Bearer t1", "Bearer t1", "Bearer t2");
    }

    @Test
    void theDepositCarriesTheFlowInBase64WithItsNameAndSyntax(@TempDir Path dir) throws IOException {
        byte[] flow = new byte[100_000];
        new java.util.Random(1).nextBytes(flow);
        Path file = Files.write(dir.resolve("flow"), flow);
        PisteClient.Answer answer = client.deposerFlux("FSO1100A_AAA999_000000000001", file,
                "IN_DP_E1_UBL_INVOICE", false);
        assertThat(answer.json().path("numeroFluxDepot").asText()).isEqualTo("CPP0011100000000000000001");
        JsonNode body = bodies.get(0);
        assertThat(body.path("nomFichier").asText()).isEqualTo("FSO1100A_AAA999_000000000001");
        assertThat(body.path("syntaxeFlux").asText()).isEqualTo("IN_DP_E1_UBL_INVOICE");
        assertThat(body.path("avecSignature").asBoolean(true)).isFalse();
        assertThat(Base64.getDecoder().decode(body.path("fichierFlux").asText())).isEqualTo(flow);
    }

    @Test
    void maintenanceAndServerErrorsAreUnavailableWithRetryAfterWhile413AndErrorCodesAreRefused() {
        nextStatuses.add(503);
        assertThatThrownBy(() -> client.consulterHistoriqueFacture(1)).isInstanceOfSatisfying(PisteException.class,
                e -> {
                    assertThat(e.retryable()).isTrue();
                    assertThat(e.httpStatus()).isEqualTo(503);
                    assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(120));
                });
        nextStatuses.add(500);
        assertThatThrownBy(() -> client.consulterHistoriqueFacture(1)).isInstanceOfSatisfying(PisteException.class,
                e -> assertThat(e.retryable()).isTrue());
        nextStatuses.add(413);
        assertThatThrownBy(() -> client.consulterHistoriqueFacture(1)).isInstanceOfSatisfying(PisteException.class,
                e -> {
                    assertThat(e.retryable()).isFalse();
                    assertThat(e.getMessage()).contains("HTTP 413");
                });
        assertThatThrownBy(() -> client.consulterCR("N1")).isInstanceOfSatisfying(PisteException.class,
                e -> assertThat(e.getMessage()).contains("codeRetour 20000"));
    }

    @Test
    void aServerThatDoesNotAnswerIsUnavailable() throws IOException {
        server.stop(0);
        assertThatThrownBy(() -> client.consulterHistoriqueFacture(1)).isInstanceOfSatisfying(PisteException.class,
                e -> assertThat(e.retryable()).isTrue());
    }

    private static void respond(HttpExchange exchange, int status, String body, String retryAfter) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        if (retryAfter != null) {
            exchange.getResponseHeaders().add("Retry-After", retryAfter);
        }
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            exchange.getResponseBody().write(bytes);
        }
        exchange.close();
    }
}
