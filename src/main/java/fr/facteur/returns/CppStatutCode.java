package fr.facteur.returns;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The IdStatut values of CPPStatut that Chorus Pro documents (chorus-pro.md §3): 90–96 for a flow (integration
 * report), 01–12 for an invoice's lifecycle. Each has the status name Facteur records and relays (the tenant's
 * {@code returns.events} filter uses these names) and Chorus Pro's French label, shown to suppliers as is.
 *
 * <p>Every flow-level code is recorded under the one status {@code INTEGRATION_REPORT}: suppliers subscribe to the
 * integration report as a whole, and the code says which outcome it was.
 */
public enum CppStatutCode {

    FLOW_RECU("90", Level.FLOW, "Reçu"),
    FLOW_EN_COURS_TRANSMISSION("91", Level.FLOW, "En cours de transmission"),
    FLOW_RECU_DESTINATAIRE("92", Level.FLOW, "Reçu destinataire final"),
    FLOW_ERREUR_RECEPTION("93", Level.FLOW, "Erreur réception"),
    FLOW_ERREUR_RECEPTION_DESTINATAIRE("94", Level.FLOW, "Erreur réception destinataire final"),
    FLOW_ERREUR_TRANSMISSION("95", Level.FLOW, "Erreur de transmission au destinataire final"),
    FLOW_INTEGRATION_PARTIELLE("96", Level.FLOW, "Reçu – intégration partielle"),

    DEPOSEE("01", Level.INVOICE, "Déposée"),
    EN_COURS_ACHEMINEMENT("02", Level.INVOICE, "En cours d'acheminement"),
    MISE_A_DISPOSITION("03", Level.INVOICE, "Mise à disposition du destinataire"),
    // Chorus Pro has two rejection codes; both are REJETEE for the supplier, the code (kept) tells them apart
    REJETEE_ACHEMINEMENT("04", Level.INVOICE, "Rejetée par l'ordonnateur (erreur dans les données d'acheminement)"),
    REJETEE_AUTRE_MOTIF("05", Level.INVOICE, "Rejetée par l'ordonnateur (autre motif)"),
    SUSPENDUE("06", Level.INVOICE, "Suspendue"),
    SERVICE_FAIT("07", Level.INVOICE, "Service fait"),
    MANDATEE("08", Level.INVOICE, "Mandatée"),
    MISE_A_DISPOSITION_COMPTABLE("09", Level.INVOICE, "Mise à disposition du comptable"),
    COMPTABILISEE("10", Level.INVOICE, "Comptabilisée"),
    MISE_EN_PAIEMENT("11", Level.INVOICE, "Mise en paiement"),
    COMPLETEE("12", Level.INVOICE, "Complétée"),
    // not among the documented 01-12: Chorus Pro's API says A_RECYCLER; 13 is the simulator's assumption for its
    // CPPStatut code (simulator.InvoiceStatus.A_RECYCLER), to change together if AIFE documents another
    A_RECYCLER("13", Level.INVOICE, "A recycler");

    /** Statuses after which nothing changes an invoice's current status (chorus-pro.md §3.2: terminal). */
    public static final java.util.Set<String> FINAL_STATUSES = java.util.Set.of("REJETEE", "MISE_EN_PAIEMENT");
    /** Statuses that wait for a supplier action (complete, recycle). */
    public static final java.util.Set<String> AWAITING_SUPPLIER = java.util.Set.of("SUSPENDUE", "A_RECYCLER");

    /** Status name of every flow-level event. */
    public static final String INTEGRATION_REPORT = "INTEGRATION_REPORT";

    /** Where a status applies. */
    public enum Level {
        FLOW, INVOICE
    }

    private static final Map<String, CppStatutCode> BY_CODE = Arrays.stream(values())
            .collect(Collectors.toUnmodifiableMap(CppStatutCode::code, Function.identity()));

    private final String code;
    private final Level level;
    private final String label;

    CppStatutCode(String code, Level level, String label) {
        this.code = code;
        this.level = level;
        this.label = label;
    }

    public static Optional<CppStatutCode> of(String code) {
        return Optional.ofNullable(code == null ? null : BY_CODE.get(code.trim()));
    }

    public String code() {
        return code;
    }

    public Level level() {
        return level;
    }

    public String label() {
        return label;
    }

    /** The status name recorded in status_event.status and in invoice.status. */
    public String status() {
        if (level == Level.FLOW) {
            return INTEGRATION_REPORT;
        }
        return switch (this) {
            case REJETEE_ACHEMINEMENT, REJETEE_AUTRE_MOTIF -> "REJETEE";
            default -> name();
        };
    }

    /** The flow state a flow-level code settles (flow.state), or empty for the intermediate ones (91, 92). */
    public Optional<String> flowState() {
        return switch (this) {
            case FLOW_RECU -> Optional.of("INTEGRATED");
            case FLOW_INTEGRATION_PARTIELLE -> Optional.of("PARTIAL");
            case FLOW_ERREUR_RECEPTION, FLOW_ERREUR_RECEPTION_DESTINATAIRE, FLOW_ERREUR_TRANSMISSION ->
                    Optional.of("REJECTED");
            default -> Optional.empty();
        };
    }

    /**
     * Where the status sits in the invoice lifecycle, to order two statuses that carry the same Horodatage:
     * deposit and routing first, a suspension and its completion before the service is done, payment last, a
     * rejection terminal.
     */
    int lifecycleRank() {
        // A recycler comes right after Déposée, but ranks with Suspendue: both are then left by a supplier action
        return switch (this) {
            case DEPOSEE -> 1;
            case EN_COURS_ACHEMINEMENT -> 2;
            case MISE_A_DISPOSITION -> 3;
            case SUSPENDUE, A_RECYCLER -> 4;
            case COMPLETEE -> 5;
            case SERVICE_FAIT -> 6;
            case MANDATEE -> 7;
            case MISE_A_DISPOSITION_COMPTABLE -> 8;
            case COMPTABILISEE -> 9;
            case MISE_EN_PAIEMENT -> 10;
            case REJETEE_ACHEMINEMENT, REJETEE_AUTRE_MOTIF -> 11;
            default -> 0;
        };
    }

    /** Whether this status ends the lifecycle: a later non-final status is kept in history only. */
    public boolean isFinal() {
        return level == Level.INVOICE && FINAL_STATUSES.contains(status());
    }
}
