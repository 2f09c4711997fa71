package fr.facteur.simulator.api;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.servlet.http.HttpServletRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import fr.facteur.piste.PisteStatuses;
import fr.facteur.simulator.PisteBackend;
import fr.facteur.simulator.Simulator;

/**
 * The simulator's PISTE-like API (see package-info). Every {@code /cpro} call checks, in this order: the maintenance
 * window (503 + Retry-After), the bearer token (401 when unknown, expired or revoked), the {@code cpro-account}
 * header (403), then the queued faults, then does the job.
 */
@RestController
@RequestMapping("/simulator/piste")
@ConditionalOnProperty(name = "facteur.simulator.enabled", havingValue = "true")
@EnableConfigurationProperties(PisteSimulatorProperties.class)
class PisteSimulatorController {

    private static final Logger log = LoggerFactory.getLogger(PisteSimulatorController.class);
    private static final String OK = "TRA_MSG_00.000";

    private record Issued(Instant issuedAt, Instant expiresAt) {
    }

    private final PisteBackend backend;
    private final PisteSimulatorProperties settings;
    private final PisteFaults faults;
    private final ObjectMapper json;
    private final Clock clock = Clock.systemUTC();
    private final SecureRandom random = new SecureRandom();
    private final Map<String, Issued> tokens = new ConcurrentHashMap<>();
    /** Pieces uploaded with AjouterFichierDansSysteme (the demo's memory; a restart forgets them). */
    private final Map<Long, PisteBackend.Attachment> pieces = new ConcurrentHashMap<>();
    private final java.util.concurrent.atomic.AtomicLong pieceIds = new java.util.concurrent.atomic.AtomicLong();

    PisteSimulatorController(Simulator chorusProSimulator, PisteSimulatorProperties settings, ObjectMapper json) {
        this.backend = chorusProSimulator.piste();
        this.settings = settings;
        this.faults = new PisteFaults();
        this.json = json;
    }

    PisteFaults faults() {
        return faults;
    }

    // --- OAuth2 ----------------------------------------------------------------------------------------------------

    @PostMapping(path = "/api/oauth/token", consumes = MediaType.APPLICATION_FORM_URLENCODED_VALUE)
    ResponseEntity<Map<String, Object>> token(@RequestParam MultiValueMap<String, String> form) {
        Instant now = clock.instant();
        Optional<Instant> maintenance = faults.maintenance(now);
        if (maintenance.isPresent()) {
            return maintenance(now, maintenance.get());
        }
        if (!"client_credentials".equals(form.getFirst("grant_type"))) {
            return ResponseEntity.badRequest().body(Map.of("error", "unsupported_grant_type"));
        }
        if (!settings.clientId().equals(form.getFirst("client_id"))
                || !settings.clientSecret().equals(form.getFirst("client_secret"))) {
            return ResponseEntity.status(HttpStatus.UNAUTHORIZED).body(Map.of("error", "invalid_client"));
        }
        tokens.values().removeIf(t -> t.expiresAt().isBefore(now));
        byte[] bytes = new byte[24];
        random.nextBytes(bytes);
        String token = HexFormat.of().formatHex(bytes);
        tokens.put(token, new Issued(now, now.plus(settings.tokenLifetime())));
        return ResponseEntity.ok(Map.of("access_token", token, "token_type", "Bearer", "expires_in",
                settings.tokenLifetime().toSeconds(), "scope", "openid"));
    }

    // --- Chorus Pro API -------------------------------------------------------------------------------------------

    @PostMapping("/cpro/factures/v1/deposer/flux")
    ResponseEntity<?> deposerFlux(HttpServletRequest request, @RequestBody JsonNode body) {
        return guarded(request, "factures/v1/deposer/flux", () -> {
            String nomFichier = body.path("nomFichier").asText("");
            String fichier = body.path("fichierFlux").asText("");
            if (nomFichier.isBlank() || fichier.isBlank() || body.path("syntaxeFlux").asText("").isBlank()) {
                return answer(HttpStatus.BAD_REQUEST, 20001, "GCU_MSG_01_000",
                        "nomFichier, syntaxeFlux et fichierFlux sont obligatoires");
            }
            Path content = Files.createTempFile("sim-piste-", ".flow");
            try {
                byte[] decoded;
                try {
                    decoded = Base64.getMimeDecoder().decode(fichier);
                } catch (IllegalArgumentException e) {
                    return answer(HttpStatus.BAD_REQUEST, 20002, "GCU_MSG_01_000", "fichierFlux n'est pas du base64");
                }
                if (decoded.length > settings.maxFlowBytes()) {
                    return answer(HttpStatus.PAYLOAD_TOO_LARGE, 20003, "GCU_MSG_01_000",
                            "flux trop volumineux (" + decoded.length + " octets)");
                }
                Files.write(content, decoded);
                PisteBackend.Deposited deposited = backend.deposit(nomFichier, content, clock.instant());
                if (deposited.alreadyReceived()) {
                    // the first deposit's number comes back, so a client whose answer was lost can recognise it
                    ObjectNode refused = base(20010, "Flux déjà reçu sous le numéro "
                            + deposited.flow().numeroFluxDepot());
                    refused.put("numeroFluxDepot", deposited.flow().numeroFluxDepot());
                    return ResponseEntity.ok(refused);
                }
                ObjectNode ok = base(0, OK);
                ok.put("numeroFluxDepot", deposited.flow().numeroFluxDepot());
                ok.put("dateDepot", deposited.flow().receivedAt().toString().substring(0, 10));
                ok.put("syntaxeFlux", body.path("syntaxeFlux").asText());
                log.info("Simulator API: flow {} deposited as {}", nomFichier, deposited.flow().numeroFluxDepot());
                return ResponseEntity.ok(ok);
            } finally {
                Files.deleteIfExists(content);
            }
        });
    }

    @PostMapping({"/cpro/transverses/v1/consulterCR", "/cpro/transverses/v1/consulterCRDetaille"})
    ResponseEntity<?> consulterCR(HttpServletRequest request, @RequestBody JsonNode body) {
        return guarded(request, "transverses/v1/consulterCR", () -> {
            Optional<PisteBackend.FlowView> flow = backend.flow(body.path("numeroFluxDepot").asText(""));
            if (flow.isEmpty()) {
                return ResponseEntity.ok(base(20000, "TRA_MSG_00.015"));
            }
            PisteBackend.FlowView f = flow.get();
            ObjectNode ok = base(0, OK);
            ok.put("numeroFluxDepot", f.numeroFluxDepot());
            ok.put("nomFichier", f.fileName());
            ok.put("codeInterfaceFlux", f.interfaceCode());
            ok.put("codeInterfaceDepotFlux", f.interfaceCode());
            ok.put("codeAppliPartenaire", "CPP001");
            ok.put("dateDepotFlux", f.receivedAt().toString().substring(0, 10));
            ok.put("etatCourantFlux", etat(f.statusCode()));
            ok.put("etatCourantDepotFlux", etat(f.statusCode()));
            ok.put("dateHeureEtatCourantFlux", PisteStatuses.passageTime(f.receivedAt()));
            ArrayNode dp = ok.putArray("listeErreurDP");
            ArrayNode technical = ok.putArray("listeErreurTechnique");
            for (PisteBackend.ErrorView e : f.errors()) {
                if (e.invoiceNumber() != null) {
                    dp.addObject().put("numeroDP", e.invoiceNumber()).put("identifiantFournisseur", e.supplierId())
                            .put("codeErreurDP", e.code()).put("libelleErreurDP", e.label());
                } else {
                    technical.addObject().put("codeErreur", e.code()).put("libelleErreur", e.label())
                            .put("natureErreur", "FLUX");
                }
            }
            return ResponseEntity.ok(ok);
        });
    }

    @PostMapping("/cpro/factures/v1/rechercher/fournisseur")
    ResponseEntity<?> rechercherFournisseur(HttpServletRequest request, @RequestBody JsonNode body) {
        return guarded(request, "factures/v1/rechercher/fournisseur", () -> {
            List<PisteBackend.InvoiceView> invoices = backend.invoicesOf(body.path("numeroFluxDepot").asText(""));
            ObjectNode ok = base(0, OK);
            ok.putObject("parametresRetour").put("pageCourante", 1).put("pages", 1).put("total", invoices.size());
            ArrayNode list = ok.putArray("listeFactures");
            for (PisteBackend.InvoiceView i : invoices) {
                ObjectNode item = list.addObject().put("identifiantFactureCPP", i.id()).put("numeroFacture", i.number())
                        .put("identifiantFournisseur", i.supplierSiret())
                        .put("identifiantDestinataire", i.buyerSiret())
                        .put("dateFacture", i.issueDate() == null ? null : i.issueDate().toString());
                item.put("statut", i.latestCode() == null ? null
                        : PisteStatuses.apiStatus(i.latestCode()).orElse(i.latestCode()));
            }
            return ResponseEntity.ok(ok);
        });
    }

    @PostMapping("/cpro/factures/v1/consulter/historique")
    ResponseEntity<?> consulterHistorique(HttpServletRequest request, @RequestBody JsonNode body) {
        return guarded(request, "factures/v1/consulter/historique", () -> {
            long id = body.path("idFacture").asLong(-1);
            Optional<PisteBackend.InvoiceView> invoice = backend.invoice(id);
            if (invoice.isEmpty()) {
                return ResponseEntity.ok(base(20000, "TRA_MSG_00.015"));
            }
            ObjectNode ok = base(0, OK);
            ok.put("idFacture", id);
            ok.put("numeroFacture", invoice.get().number());
            ok.put("modeDepot", "DEPOT_FLUX");
            String current = invoice.get().latestCode();
            ok.put("statutCourantCode", current == null ? null : PisteStatuses.apiStatus(current).orElse(current));
            ArrayNode list = ok.putObject("historiquesDesStatuts").putArray("histoStatut");
            for (PisteBackend.Passage p : backend.history(id)) {
                list.addObject().put("histoStatutId", p.seq())
                        .put("histoStatutCode", PisteStatuses.apiStatus(p.code()).orElse(p.code()))
                        .put("histoStatutDatePassage", PisteStatuses.passageTime(p.at()))
                        .put("histoStatutCommentaire", p.comment());
            }
            return ResponseEntity.ok(ok);
        });
    }

    // --- supplier actions -----------------------------------------------------------------------------------------

    /** AjouterFichierDansSysteme: keeps the piece for a later CompleterFacture, answers its pieceJointeId. */
    @PostMapping("/cpro/transverses/v1/ajouter/fichier")
    ResponseEntity<?> ajouterFichier(HttpServletRequest request, @RequestBody JsonNode body) {
        return guarded(request, "transverses/v1/ajouter/fichier", () -> {
            String nom = body.path("pieceJointeNom").asText("");
            String fichier = body.path("pieceJointeFichier").asText("");
            if (nom.isBlank() || fichier.isBlank()) {
                return answer(HttpStatus.BAD_REQUEST, 20001, "GCU_MSG_01_000",
                        "pieceJointeNom et pieceJointeFichier sont obligatoires");
            }
            try {
                if (Base64.getMimeDecoder().decode(fichier).length > 10L * 1024 * 1024) {
                    return answer(HttpStatus.PAYLOAD_TOO_LARGE, 20003, "GCU_MSG_01_000", "pièce jointe > 10 Mo");
                }
            } catch (IllegalArgumentException e) {
                return answer(HttpStatus.BAD_REQUEST, 20002, "GCU_MSG_01_000",
                        "pieceJointeFichier n'est pas du base64");
            }
            long id = pieceIds.incrementAndGet();
            pieces.put(id, new PisteBackend.Attachment(nom, fichier));
            return ResponseEntity.ok(base(0, OK).put("pieceJointeId", id));
        });
    }

    /** CompleterFacture: a SUSPENDUE invoice resumes with Complétée (the comment kept in its status). */
    @PostMapping("/cpro/factures/v1/completer")
    ResponseEntity<?> completer(HttpServletRequest request, @RequestBody JsonNode body) {
        return guarded(request, "factures/v1/completer", () -> {
            long id = body.path("identifiantFactureCPP").asLong(-1);
            List<PisteBackend.Attachment> attached = new java.util.ArrayList<>();
            for (JsonNode piece : body.path("pieceJointeComplementaire")) {
                PisteBackend.Attachment known = pieces.get(piece.path("pieceJointeComplementaireId").asLong(-1));
                if (known == null) {
                    return answer(HttpStatus.BAD_REQUEST, 20004, "GCU_MSG_01_000", "pièce jointe "
                            + piece.path("pieceJointeComplementaireId").asText() + " inconnue");
                }
                attached.add(known);
            }
            String comment = body.hasNonNull("commentaire") ? body.path("commentaire").asText() : null;
            return actionAnswer(id, backend.complete(id, comment, attached, callName("COMPLETER", id),
                    clock.instant()));
        });
    }

    /** RecyclerFacture: an A_RECYCLER invoice gets new routing data and goes on under the same number. */
    @PostMapping("/cpro/factures/v1/recycler")
    ResponseEntity<?> recycler(HttpServletRequest request, @RequestBody JsonNode body) {
        return guarded(request, "factures/v1/recycler", () -> {
            long id = body.path("identifiantFactureCPP").asLong(-1);
            JsonNode destinataire = body.path("destinataire");
            return actionAnswer(id, backend.recycle(id, text(destinataire, "codeDestinataire"),
                    text(destinataire, "codeServiceExecutant"), text(body.path("reference"), "numeroBonCommande"),
                    callName("RECYCLER", id), clock.instant()));
        });
    }

    private ResponseEntity<?> actionAnswer(long id, Optional<String> refusal) {
        if (refusal.isPresent()) {
            // the real API answers a business refusal with a non-zero codeRetour
            return answer(HttpStatus.BAD_REQUEST, 20005, "GCU_MSG_01_000", refusal.get());
        }
        ObjectNode ok = base(0, OK);
        ok.put("identifiantFactureCPP", id);
        backend.invoice(id).ifPresent(i -> ok.put("numeroFacture", i.number()));
        return ResponseEntity.ok(ok);
    }

    private String callName(String action, long id) {
        byte[] nonce = new byte[6];
        random.nextBytes(nonce);
        return "API_" + action + "_" + id + "_" + HexFormat.of().formatHex(nonce);
    }

    private static String text(JsonNode node, String field) {
        return node.hasNonNull(field) && !node.path(field).asText().isBlank() ? node.path(field).asText() : null;
    }

    // --- fault injection ------------------------------------------------------------------------------------------

    /**
     * Queues a fault. Body: {@code {"kind": "5xx"|"timeout"|"413"|"token-expired"|"maintenance", "count": 1,
     * "status": 500, "seconds": 30, "operation": "deposer/flux"}}; for maintenance {@code seconds} (or
     * {@code until}, ISO-8601) ends the window.
     */
    @PostMapping("/faults")
    ResponseEntity<Map<String, Object>> addFault(@RequestBody JsonNode body) {
        String kind = body.path("kind").asText("");
        int count = body.path("count").asInt(1);
        String operation = body.hasNonNull("operation") ? body.path("operation").asText() : null;
        Instant now = clock.instant();
        switch (kind) {
            case "5xx" -> faults.add(PisteFaults.Kind.SERVER_ERROR, operation, count, body.path("status").asInt(500),
                    null);
            case "timeout" -> faults.add(PisteFaults.Kind.TIMEOUT, operation, count, 504,
                    Duration.ofSeconds(body.path("seconds").asLong(30)));
            case "413" -> faults.add(PisteFaults.Kind.TOO_LARGE, operation, count, 413, null);
            case "token-expired" -> faults.expireTokens(now);
            case "maintenance" -> faults.maintenanceUntil(body.hasNonNull("until")
                    ? Instant.parse(body.path("until").asText())
                    : now.plusSeconds(body.path("seconds").asLong(60)));
            default -> {
                return ResponseEntity.badRequest().body(Map.of("error",
                        "kind must be 5xx, timeout, 413, token-expired or maintenance, not '" + kind + "'"));
            }
        }
        log.warn("Simulator API: fault {} injected ({})", kind, body);
        return ResponseEntity.ok(faults.view());
    }

    @GetMapping("/faults")
    Map<String, Object> faultsView() {
        return faults.view();
    }

    @DeleteMapping("/faults")
    Map<String, Object> clearFaults() {
        faults.clear();
        return faults.view();
    }

    // --- helpers --------------------------------------------------------------------------------------------------

    private interface Job {
        ResponseEntity<?> run() throws IOException;
    }

    private ResponseEntity<?> guarded(HttpServletRequest request, String operation, Job job) {
        Instant now = clock.instant();
        Optional<Instant> maintenance = faults.maintenance(now);
        if (maintenance.isPresent()) {
            return maintenance(now, maintenance.get());
        }
        String authorization = Optional.ofNullable(request.getHeader("Authorization")).orElse("");
        Issued issued = authorization.startsWith("Bearer ") ? tokens.get(authorization.substring(7).trim()) : null;
        if (issued == null || !now.isBefore(issued.expiresAt()) || faults.revoked(issued.issuedAt())) {
            return ResponseEntity.status(HttpStatus.UNAUTHORIZED).header("WWW-Authenticate",
                    "Bearer error=\"invalid_token\"").body(Map.of("error", "invalid_token"));
        }
        String expected = Base64.getEncoder().encodeToString((settings.login() + ":" + settings.password())
                .getBytes(StandardCharsets.UTF_8));
        if (!expected.equals(request.getHeader("cpro-account"))) {
            return answer(HttpStatus.FORBIDDEN, 20100, "GCU_MSG_01_000", "cpro-account : compte technique inconnu");
        }
        Optional<PisteFaults.Fault> fault = faults.next(operation);
        if (fault.isPresent()) {
            PisteFaults.Fault f = fault.get();
            log.warn("Simulator API: {} answered with injected fault {}", operation, f.kind);
            switch (f.kind) {
                case SERVER_ERROR -> {
                    return ResponseEntity.status(f.status).body(Map.of("error", "injected fault"));
                }
                case TOO_LARGE -> {
                    return answer(HttpStatus.PAYLOAD_TOO_LARGE, 20003, "GCU_MSG_01_000", "flux trop volumineux");
                }
                case TIMEOUT -> {
                    hold(f.hold);
                    return ResponseEntity.status(HttpStatus.GATEWAY_TIMEOUT).body(Map.of("error", "injected time-out"));
                }
            }
        }
        try {
            return job.run();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void hold(Duration duration) {
        try {
            // the simulator plays a server that does not answer: holding the request thread is the point
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static ResponseEntity<Map<String, Object>> maintenance(Instant now, Instant until) {
        long seconds = Math.max(1, Duration.between(now, until).toSeconds() + 1);
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header("Retry-After", String.valueOf(seconds))
                .body(Map.of("error", "maintenance", "until", until.toString()));
    }

    private ResponseEntity<ObjectNode> answer(HttpStatus status, int codeRetour, String libelle, String detail) {
        ObjectNode node = base(codeRetour, libelle);
        node.put("detail", detail);
        return ResponseEntity.status(status).body(node);
    }

    private ObjectNode base(int codeRetour, String libelle) {
        return json.createObjectNode().put("codeRetour", codeRetour).put("libelle", libelle);
    }

    private static String etat(String statusCode) {
        return switch (statusCode) {
            case "90" -> "IN_INTEGRE";
            case "96" -> "IN_INTEGRE_PARTIEL";
            case "93" -> "IN_REJETE";
            default -> "IN_EN_COURS_TRAITEMENT_CPP";
        };
    }
}
