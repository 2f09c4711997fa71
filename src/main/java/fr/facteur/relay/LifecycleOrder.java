package fr.facteur.relay;

import java.util.Map;
import java.util.Set;

/**
 * The order in which an invoice's Chorus Pro statuses are relayed (CPPStatut IdStatut codes, chorus-pro.md §3.2):
 * 01 Déposée → 02 En cours d'acheminement → 03 Mise à disposition → [06 Suspendue → 12 Complétée] → 07 Service
 * fait → 08 Mandatée → 09 Mise à disposition comptable → 10 Comptabilisée → 11 Mise en paiement; 04/05 Rejetée
 * after routing.
 *
 * <p>The rule, applied by {@link RelayDispatcher} per invoice:
 * <ol>
 * <li>a status whose predecessor (any of {@link #predecessors}) has not yet been relayed (or consciously skipped by
 * the tenant's events filter) is held, because Chorus Pro's files may arrive out of order and the predecessor may
 * still come; it is released as soon as the predecessor is relayed, or when the bounded wait
 * ({@code facteur.relay.order-wait}) has passed, because some structures skip a step and a supplier must not wait
 * for ever;</li>
 * <li>a status never overtakes a pending message of the same invoice with an earlier (or the same) rank.</li>
 * </ol>
 * <li>Déposée (01), the first status of an invoice, waits for its flow's integration report (90 Reçu, 96
 * intégration partielle, 93 …), which Chorus Pro sends first but whose file may come later; bounded by the same
 * wait, because a report may be lost or filtered out.</li>
 * Flow-level reports and undocumented codes are never held.
 */
final class LifecycleOrder {

    private static final Map<String, Integer> RANK = Map.ofEntries(
            Map.entry("01", 1), Map.entry("02", 2), Map.entry("03", 3), Map.entry("06", 4), Map.entry("12", 5),
            Map.entry("07", 6), Map.entry("08", 7), Map.entry("09", 8), Map.entry("10", 9), Map.entry("11", 10),
            Map.entry("04", 11), Map.entry("05", 11));

    private static final Map<String, Set<String>> PREDECESSORS = Map.ofEntries(
            Map.entry("02", Set.of("01")),
            Map.entry("03", Set.of("02")),
            Map.entry("06", Set.of("03", "12")),
            Map.entry("12", Set.of("06")),
            Map.entry("07", Set.of("03", "12")),
            Map.entry("08", Set.of("07")),
            Map.entry("09", Set.of("08")),
            Map.entry("10", Set.of("09")),
            Map.entry("11", Set.of("10")),
            Map.entry("04", Set.of("02", "03")),
            Map.entry("05", Set.of("02", "03")));

    /**
     * Statuses that happen at most once in an invoice's life: the same one received again (in another return
     * file, even with another Horodatage) is relayed once. Suspendue and Complétée may repeat (suspended again).
     */
    private static final Set<String> ONCE = Set.of("01", "02", "03", "04", "05", "07", "08", "09", "10", "11");

    private LifecycleOrder() {
    }

    /** Lifecycle rank of an invoice-level code; 0 for anything else (never ordered). */
    static int rank(String code) {
        return code == null ? 0 : RANK.getOrDefault(code, 0);
    }

    /** The codes any one of which must have been relayed before this one; empty when none. */
    static Set<String> predecessors(String code) {
        return code == null ? Set.of() : PREDECESSORS.getOrDefault(code, Set.of());
    }

    /** The invoice status that comes after its flow's integration report. */
    static boolean followsTheIntegrationReport(String code) {
        return "01".equals(code);
    }

    /** A flow-level CPPStatut code (90–96): an integration report. */
    static boolean isIntegrationReport(String code) {
        return code != null && code.length() == 2 && code.charAt(0) == '9';
    }

    static boolean happensOnce(String code) {
        return ONCE.contains(code);
    }
}
