package fr.facteur.piste;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.function.UnaryOperator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import fr.facteur.platform.FacteurProperties;

/**
 * Calls the Chorus Pro API: every call is a JSON POST to {@code <baseUrl>/<path>} with {@code Authorization: Bearer}
 * and {@code cpro-account: base64(login:password)}. The token is cached and renewed {@code tokenMargin} before it
 * expires; a 401 (token expired or revoked early) drops it and the call is made once more with a new one.
 *
 * <p>The flow of a deposit is streamed: base64-encoded from the archive into a temporary request file, then sent
 * from disk, so a large flow is never held in memory.
 */
public class PisteClient {

    private static final Logger log = LoggerFactory.getLogger(PisteClient.class);

    public static final String DEPOSER_FLUX = "factures/v1/deposer/flux";
    public static final String CONSULTER_CR = "transverses/v1/consulterCR";
    public static final String RECHERCHER_FOURNISSEUR = "factures/v1/rechercher/fournisseur";
    public static final String CONSULTER_HISTORIQUE = "factures/v1/consulter/historique";
    public static final String AJOUTER_FICHIER = "transverses/v1/ajouter/fichier";
    public static final String COMPLETER = "factures/v1/completer";
    public static final String RECYCLER = "factures/v1/recycler";

    /** A piece joined to a completion, already uploaded with {@link #ajouterFichier}. */
    public record PieceJointe(long id, String designation) {
    }

    /** A successful answer: the bytes as received (archived by the caller) and their JSON. */
    public record Answer(byte[] raw, JsonNode json) {
    }

    private record Token(String value, Instant expiresAt) {
    }

    private final FacteurProperties.Api settings;
    private final ObjectMapper json;
    private final UnaryOperator<String> placeholders;
    private final Clock clock;
    private final HttpClient http;
    private Token token;
    private int tokensIssued;

    /**
     * @param placeholders resolves ${...} in the configured URLs (the Spring environment), at each call: the
     *                     simulator's port is only known once the server runs
     */
    public PisteClient(FacteurProperties.Api settings, ObjectMapper json, UnaryOperator<String> placeholders,
            Clock clock) {
        this.settings = settings;
        this.json = json;
        this.placeholders = placeholders;
        this.clock = clock;
        this.http = HttpClient.newBuilder().connectTimeout(settings.connectTimeout())
                .version(HttpClient.Version.HTTP_1_1).build();
    }

    /**
     * DeposerFluxFacture: {@code fichierFlux} (base64), {@code nomFichier}, {@code syntaxeFlux}, {@code avecSignature}.
     *
     * @return the answer, whose {@code numeroFluxDepot} names the flow at Chorus Pro from now on
     */
    public Answer deposerFlux(String nomFichier, Path flow, String syntaxeFlux, boolean avecSignature) {
        Path body = null;
        try {
            body = Files.createTempFile("piste-deposit-", ".json");
            ObjectNode fields = json.createObjectNode().put("nomFichier", nomFichier).put("syntaxeFlux", syntaxeFlux)
                    .put("avecSignature", avecSignature);
            String head = json.writeValueAsString(fields);
            try (OutputStream out = Files.newOutputStream(body)) {
                // {"nomFichier":..,"avecSignature":..,"fichierFlux":"<base64>"}: the flow streamed, never in memory
                out.write((head.substring(0, head.length() - 1) + ",\"fichierFlux\":\"")
                        .getBytes(StandardCharsets.UTF_8));
                try (InputStream in = Files.newInputStream(flow)) {
                    OutputStream base64 = Base64.getEncoder().wrap(new NonClosing(out));
                    in.transferTo(base64);
                    base64.close(); // writes the padding, leaves out open
                }
                out.write("\"}".getBytes(StandardCharsets.UTF_8));
            }
            Path request = body;
            return post(DEPOSER_FLUX, () -> HttpRequest.BodyPublishers.ofFile(request));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot build the deposit request of " + nomFichier, e);
        } finally {
            if (body != null) {
                try {
                    Files.deleteIfExists(body);
                } catch (IOException ignored) {
                    // a temporary file: the OS cleans up
                }
            }
        }
    }

    /** ConsulterCR: the integration report of a deposited flow. */
    public Answer consulterCR(String numeroFluxDepot) {
        ObjectNode body = json.createObjectNode().put("numeroFluxDepot", numeroFluxDepot);
        return post(CONSULTER_CR, jsonBody(body));
    }

    /** RechercherFactureParFournisseur: the invoices Chorus Pro made of a deposited flow. */
    public Answer rechercherFactureParFournisseur(String numeroFluxDepot) {
        ObjectNode body = json.createObjectNode().put("numeroFluxDepot", numeroFluxDepot);
        body.putObject("pagination").put("nbResultatsParPage", 500).put("pageResultatDemandee", 1);
        return post(RECHERCHER_FOURNISSEUR, jsonBody(body));
    }

    /** ConsulterHistoriqueFacture: every status an invoice went through. */
    public Answer consulterHistoriqueFacture(long idFacture) {
        ObjectNode body = json.createObjectNode().put("idFacture", idFacture).put("nbResultatsMaximum", 100);
        return post(CONSULTER_HISTORIQUE, jsonBody(body));
    }

    /**
     * AjouterFichierDansSysteme: uploads one attachment (≤ 10 MB, base64) to the technical account's space.
     *
     * @return the answer, whose {@code pieceJointeId} a completion then names
     */
    public Answer ajouterFichier(String nom, String base64, String typeMime, String extension) {
        ObjectNode body = json.createObjectNode().put("pieceJointeFichier", base64).put("pieceJointeNom", nom)
                .put("pieceJointeTypeMime", typeMime).put("pieceJointeExtension", extension);
        return post(AJOUTER_FICHIER, jsonBody(body));
    }

    /** CompleterFacture: a comment and uploaded attachments for a SUSPENDUE invoice. */
    public Answer completerFacture(long identifiantFactureCPP, String commentaire, java.util.List<PieceJointe> pieces) {
        ObjectNode body = json.createObjectNode().put("identifiantFactureCPP", identifiantFactureCPP);
        if (commentaire != null) {
            body.put("commentaire", commentaire);
        }
        var list = body.putArray("pieceJointeComplementaire");
        for (PieceJointe piece : pieces) {
            list.addObject().put("pieceJointeComplementaireId", piece.id())
                    .put("pieceJointeComplementaireDesignation", piece.designation())
                    .put("pieceJointeComplementaireType", "PJ");
        }
        return post(COMPLETER, jsonBody(body));
    }

    /**
     * RecyclerFacture: new routing data for an A_RECYCLER invoice (recipient, service code, engagement number as
     * {@code reference.numeroBonCommande}); the invoice number does not change.
     */
    public Answer recyclerFacture(long identifiantFactureCPP, String codeDestinataire, String codeServiceExecutant,
            String numeroBonCommande) {
        ObjectNode body = json.createObjectNode().put("identifiantFactureCPP", identifiantFactureCPP);
        ObjectNode destinataire = body.putObject("destinataire").put("codeDestinataire", codeDestinataire);
        if (codeServiceExecutant != null) {
            destinataire.put("codeServiceExecutant", codeServiceExecutant);
        }
        if (numeroBonCommande != null) {
            body.putObject("reference").put("numeroBonCommande", numeroBonCommande);
        }
        return post(RECYCLER, jsonBody(body));
    }

    /** Tokens obtained since start (tests, metrics). */
    public synchronized int tokensIssued() {
        return tokensIssued;
    }

    private BodySource jsonBody(ObjectNode body) {
        byte[] bytes;
        try {
            bytes = json.writeValueAsBytes(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return () -> HttpRequest.BodyPublishers.ofByteArray(bytes);
    }

    private interface BodySource {
        HttpRequest.BodyPublisher open() throws IOException;
    }

    private Answer post(String path, BodySource body) {
        String bearer = token();
        HttpResponse<byte[]> response = send(path, body, bearer);
        if (response.statusCode() == 401) {
            // expired or revoked before its announced end: one new token, one more try
            log.info("Chorus Pro API: token refused on {}, getting a new one", path);
            dropToken(bearer);
            response = send(path, body, token());
        }
        int status = response.statusCode();
        if (status >= 200 && status < 300) {
            JsonNode answer = parse(path, response.body());
            int codeRetour = answer.path("codeRetour").asInt(0);
            if (codeRetour != 0) {
                throw PisteException.refused(status, path + ": codeRetour " + codeRetour + " "
                        + answer.path("libelle").asText(""), answer);
            }
            return new Answer(response.body(), answer);
        }
        String detail = path + ": HTTP " + status + describe(response.body());
        // 401/403 after a fresh token: our credentials or technical account are wrong, a configuration matter that
        // must not fail the flow
        if (status == 408 || status == 429 || status >= 500 || status == 401 || status == 403) {
            throw PisteException.unavailable(status, retryAfter(response), detail, null);
        }
        throw PisteException.refused(status, detail);
    }

    private HttpResponse<byte[]> send(String path, BodySource body, String bearer) {
        URI uri = URI.create(trimSlash(placeholders.apply(settings.baseUrl())) + "/" + path);
        try {
            HttpRequest request = HttpRequest.newBuilder(uri).timeout(settings.readTimeout())
                    .header("Content-Type", "application/json;charset=utf-8").header("Accept", "application/json")
                    .header("Authorization", "Bearer " + bearer).header("cpro-account", cproAccount())
                    .POST(body.open()).build();
            return http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (HttpConnectTimeoutException e) {
            throw PisteException.unavailable(0, null, path + ": connect timeout", e);
        } catch (HttpTimeoutException e) {
            throw PisteException.unavailable(0, null, path + ": no answer within " + settings.readTimeout(), e);
        } catch (IOException e) {
            throw PisteException.unavailable(0, null, path + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw PisteException.unavailable(0, null, path + ": interrupted", e);
        }
    }

    private synchronized String token() {
        Instant now = clock.instant();
        if (token != null && now.isBefore(token.expiresAt().minus(settings.tokenMargin()))) {
            return token.value();
        }
        String form = "grant_type=client_credentials&scope=openid&client_id=" + encode(settings.clientId())
                + "&client_secret=" + encode(settings.clientSecret());
        HttpRequest request = HttpRequest.newBuilder(URI.create(placeholders.apply(settings.tokenUrl())))
                .timeout(settings.readTimeout()).header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "application/json").POST(HttpRequest.BodyPublishers.ofString(form)).build();
        HttpResponse<byte[]> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw PisteException.unavailable(0, null, "OAuth token: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw PisteException.unavailable(0, null, "OAuth token: interrupted", e);
        }
        if (response.statusCode() != 200) {
            // a refused client is a configuration problem, not the flow's: keep the flow and say why
            throw PisteException.unavailable(response.statusCode(), retryAfter(response),
                    "OAuth token: HTTP " + response.statusCode() + describe(response.body()), null);
        }
        JsonNode answer = parse("OAuth token", response.body());
        String value = answer.path("access_token").asText(null);
        if (value == null) {
            throw PisteException.unavailable(200, null, "OAuth token: no access_token in the answer", null);
        }
        long expiresIn = answer.path("expires_in").asLong(3600);
        token = new Token(value, now.plusSeconds(expiresIn));
        tokensIssued++;
        log.info("Chorus Pro API: new token, valid {} s", expiresIn);
        return value;
    }

    /** Drops the refused token, unless another call has already replaced it (one renewal for many 401s). */
    private synchronized void dropToken(String refused) {
        if (token != null && token.value().equals(refused)) {
            token = null;
        }
    }

    private String cproAccount() {
        return Base64.getEncoder().encodeToString((settings.login() + ":" + settings.password())
                .getBytes(StandardCharsets.UTF_8));
    }

    private JsonNode parse(String what, byte[] body) {
        try {
            return json.readTree(body);
        } catch (IOException e) {
            throw PisteException.unavailable(0, null, what + ": answer is not JSON", e);
        }
    }

    /** Retry-After in seconds (the only form the simulator and most gateways send). */
    static Duration retryAfter(HttpResponse<?> response) {
        return response.headers().firstValue("Retry-After").map(String::trim).filter(v -> v.matches("\\d{1,9}"))
                .map(v -> Duration.ofSeconds(Long.parseLong(v))).orElse(null);
    }

    private static String describe(byte[] body) {
        if (body == null || body.length == 0) {
            return "";
        }
        String text = new String(body, StandardCharsets.UTF_8).replaceAll("\\s+", " ");
        return ": " + (text.length() > 300 ? text.substring(0, 300) + "…" : text);
    }

    private static String encode(String value) {
        return URLEncoder.encode(value == null ? "" : value, StandardCharsets.UTF_8);
    }

    private static String trimSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    /** Lets the base64 encoder be closed (to write its padding) without closing the request file. */
    private static final class NonClosing extends java.io.FilterOutputStream {
        NonClosing(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            flush();
        }
    }
}
