package fr.facteur.simulator;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The public structures the simulator pretends Chorus Pro's directory holds. An invoice whose recipient is not
 * among them is rejected, as Chorus Pro would; an empty directory accepts any 14-digit SIRET (handy for tests
 * with arbitrary data).
 *
 * <p>The demo structures are fictitious (Luhn-valid SIRETs starting with 1999999, except the sample buyer
 * 11000201100044); each one drives a scenario so that a demo user picks a lifecycle by picking the recipient.
 */
final class SimulatedDirectory {

    /** A fictitious public structure of the demo and the lifecycle its invoices follow. */
    record Structure(String siret, String name, String scenario) {
    }

    static final List<Structure> DEMO_STRUCTURES = List.of(
            new Structure("11000201100044", "Ministère de l'Exemple", Scenarios.NOMINAL),
            new Structure("19999991900012", "Commune simulée - rejet pour données d'acheminement",
                    Scenarios.REJET_ACHEMINEMENT),
            new Structure("19999992900011", "Établissement simulé - rejet pour autre motif", Scenarios.REJET_AUTRE),
            new Structure("19999993900010", "Hôpital simulé - suspension", Scenarios.SUSPENDUE),
            new Structure("19999994900019", "Lycée simulé - mise en paiement non remontée",
                    Scenarios.SANS_MISE_EN_PAIEMENT),
            new Structure("19999995900018", "Université simulée - à recycler", Scenarios.A_RECYCLER));

    private static final Pattern SIRET = Pattern.compile("\\d{14}");

    private final Set<String> known;

    SimulatedDirectory(List<String> sirets) {
        this.known = Set.copyOf(sirets);
    }

    static boolean isSiret(String value) {
        return value != null && SIRET.matcher(value).matches();
    }

    /** Whether invoices may be addressed to this recipient. */
    boolean accepts(String siret) {
        return isSiret(siret) && (known.isEmpty() || known.contains(siret));
    }

    static List<String> demoSirets() {
        return DEMO_STRUCTURES.stream().map(Structure::siret).toList();
    }

    static Map<String, String> demoScenarios() {
        Map<String, String> scenarios = new LinkedHashMap<>();
        DEMO_STRUCTURES.forEach(s -> scenarios.put(s.siret(), s.scenario()));
        return Map.copyOf(scenarios);
    }
}
