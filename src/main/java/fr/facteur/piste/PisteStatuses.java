package fr.facteur.piste;

import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Reads the JSON answers of ConsulterCR, RechercherFactureParFournisseur and ConsulterHistoriqueFacture
 * (chorus-pro.md §3.1, §5) and maps them to the CPPStatut codes the rest of the gateway records, so statuses learnt
 * over the API and from return files are one and the same history.
 *
 * <p>Mapping choices (AIFE gives no table): {@code REJETEE} is CPPStatut 05 (rejected, other reason): the API has
 * one rejection status, and nothing in its answer tells a routing-data rejection (04) apart. {@code A_RECYCLER} is
 * not a rejection (chorus-pro.md §3.2: "action needed", re-openable by RecyclerFacture) and has no documented
 * CPPStatut code: it is 13, the same assumption as the simulator's CPPStatut files (returns.CppStatutCode), so an
 * invoice to recycle waits for its supplier over either channel instead of being closed as Rejetée. The other way
 * round (the simulator answering with API names) both 04 and 05 are {@code REJETEE}. The flow states
 * {@code IN_INTEGRE}, {@code IN_INTEGRE_PARTIEL}, {@code IN_REJETE}/{@code IN_INCIDENTE} are 90, 96 and 93; the
 * other states are in progress (no status yet). {@code histoStatutDatePassage} ("yyyy-MM-dd HH:mm", Paris time)
 * is read as such.
 */
public final class PisteStatuses {

    static final ZoneId CHORUS_PRO_ZONE = ZoneId.of("Europe/Paris");
    private static final DateTimeFormatter PASSAGE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm[:ss]");

    private static final Map<String, String> INVOICE_CODES = Map.ofEntries(
            Map.entry("DEPOSEE", "01"), Map.entry("EN_COURS_ACHEMINEMENT", "02"), Map.entry("MISE_A_DISPOSITION", "03"),
            Map.entry("A_RECYCLER", "13"), Map.entry("REJETEE", "05"), Map.entry("SUSPENDUE", "06"),
            Map.entry("SERVICE_FAIT", "07"), Map.entry("MANDATEE", "08"),
            Map.entry("MISE_A_DISPOSITION_COMPTABLE", "09"), Map.entry("COMPTABILISEE", "10"),
            Map.entry("MISE_EN_PAIEMENT", "11"), Map.entry("COMPLETEE", "12"));
    private static final Map<String, String> FLOW_CODES = Map.of("IN_INTEGRE", "90", "IN_INTEGRE_PARTIEL", "96",
            "IN_REJETE", "93", "IN_INCIDENTE", "93");
    /** No further status comes after these: the invoice is no longer polled. */
    private static final Set<String> FINAL_INVOICE_STATUSES = Set.of("REJETEE", "MISE_EN_PAIEMENT");

    private PisteStatuses() {
    }

    /** An error line of the report: listeErreurDP (an invoice) or listeErreurTechnique (the flow). */
    public record ReportError(String invoiceNumber, String supplierId, String code, String label) {
    }

    /**
     * ConsulterCR.
     *
     * @param code 90/93/96 once Chorus Pro has settled the flow, empty while it is in progress
     */
    public record FlowReport(String etat, Optional<String> code, OffsetDateTime at, List<ReportError> errors) {
    }

    /** One invoice of RechercherFactureParFournisseur. */
    public record FoundInvoice(long idFacture, String numeroFacture, String statut) {
    }

    /** One histoStatut, with its CPPStatut code (empty for an API status without one). */
    public record Passage(String apiStatus, Optional<String> code, OffsetDateTime at, String comment) {
    }

    public static FlowReport flowReport(JsonNode answer, OffsetDateTime fallbackTime) {
        String etat = text(answer, "etatCourantFlux", "etatCourantDepotFlux");
        List<ReportError> errors = new ArrayList<>();
        for (JsonNode e : answer.path("listeErreurDP")) {
            errors.add(new ReportError(text(e, "numeroDP"), text(e, "identifiantFournisseur"), text(e, "codeErreurDP"),
                    text(e, "libelleErreurDP")));
        }
        for (JsonNode e : answer.path("listeErreurTechnique")) {
            errors.add(new ReportError(null, null, text(e, "codeErreur"), text(e, "libelleErreur")));
        }
        OffsetDateTime at = time(text(answer, "dateHeureEtatCourantFlux")).orElse(fallbackTime);
        return new FlowReport(etat, Optional.ofNullable(etat == null ? null : FLOW_CODES.get(etat)), at, errors);
    }

    public static List<FoundInvoice> foundInvoices(JsonNode answer) {
        List<FoundInvoice> found = new ArrayList<>();
        for (JsonNode f : answer.path("listeFactures")) {
            found.add(new FoundInvoice(f.path("identifiantFactureCPP").asLong(), text(f, "numeroFacture"),
                    text(f, "statut")));
        }
        return found;
    }

    /** The passages of ConsulterHistoriqueFacture, oldest first as Chorus Pro lists them. */
    public static List<Passage> passages(JsonNode answer) {
        List<Passage> passages = new ArrayList<>();
        JsonNode list = answer.path("historiquesDesStatuts").path("histoStatut");
        for (JsonNode h : list) {
            String status = text(h, "histoStatutCode");
            passages.add(new Passage(status, invoiceCode(status), time(text(h, "histoStatutDatePassage")).orElse(null),
                    text(h, "histoStatutCommentaire")));
        }
        return passages;
    }

    public static String currentStatus(JsonNode historique) {
        return text(historique, "statutCourantCode");
    }

    public static Optional<String> invoiceCode(String apiStatus) {
        return Optional.ofNullable(apiStatus == null ? null : INVOICE_CODES.get(apiStatus));
    }

    /** The API name of a CPPStatut invoice code (the simulator answers with these). */
    public static Optional<String> apiStatus(String code) {
        if ("04".equals(code)) {
            return Optional.of("REJETEE"); // the API has one rejection status for 04 and 05
        }
        return INVOICE_CODES.entrySet().stream().filter(e -> e.getValue().equals(code)).map(Map.Entry::getKey)
                .findFirst();
    }

    public static boolean isFinal(String apiStatus) {
        return apiStatus != null && FINAL_INVOICE_STATUSES.contains(apiStatus);
    }

    /** Chorus Pro's date-times: "yyyy-MM-dd HH:mm[:ss]" in Paris time, or ISO-8601 with an offset. */
    static Optional<OffsetDateTime> time(String value) {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(OffsetDateTime.parse(value));
        } catch (DateTimeParseException notIso) {
            try {
                return Optional.of(LocalDateTime.parse(value.trim(), PASSAGE).atZone(CHORUS_PRO_ZONE)
                        .toOffsetDateTime());
            } catch (DateTimeParseException e) {
                return Optional.empty();
            }
        }
    }

    /** Formats an instant the way histoStatutDatePassage carries it (the simulator writes with this). */
    public static String passageTime(java.time.Instant at) {
        return PASSAGE.format(LocalDateTime.ofInstant(at, CHORUS_PRO_ZONE));
    }

    private static String text(JsonNode node, String... names) {
        for (String name : names) {
            JsonNode value = node.path(name);
            if (!value.isMissingNode() && !value.isNull()) {
                return value.asText();
            }
        }
        return null;
    }
}
