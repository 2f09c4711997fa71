package fr.facteur.simulator;

import static fr.facteur.simulator.InvoiceStatus.COMPTABILISEE;
import static fr.facteur.simulator.InvoiceStatus.DEPOSEE;
import static fr.facteur.simulator.InvoiceStatus.EN_COURS_ACHEMINEMENT;
import static fr.facteur.simulator.InvoiceStatus.MANDATEE;
import static fr.facteur.simulator.InvoiceStatus.MISE_A_DISPOSITION;
import static fr.facteur.simulator.InvoiceStatus.MISE_A_DISPOSITION_COMPTABLE;
import static fr.facteur.simulator.InvoiceStatus.MISE_EN_PAIEMENT;
import static fr.facteur.simulator.InvoiceStatus.REJETEE;
import static fr.facteur.simulator.InvoiceStatus.REJETEE_ACHEMINEMENT;
import static fr.facteur.simulator.InvoiceStatus.SERVICE_FAIT;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The built-in scenarios (chorus-pro.md §6), and which one an invoice follows: by its recipient's SIRET, else the
 * default one. Unknown scenario names in the configuration fail at start-up rather than at the first invoice.
 */
public final class Scenarios {

    public static final String NOMINAL = "NOMINAL";
    public static final String REJET_ACHEMINEMENT = "REJET_ACHEMINEMENT";
    public static final String REJET_AUTRE = "REJET_AUTRE";
    public static final String SUSPENDUE = "SUSPENDUE";
    public static final String SANS_MISE_EN_PAIEMENT = "SANS_MISE_EN_PAIEMENT";
    public static final String A_RECYCLER = "A_RECYCLER";

    private static final List<Scenario.Step> ROUTED = List.of(Scenario.Step.of(DEPOSEE),
            Scenario.Step.of(EN_COURS_ACHEMINEMENT), Scenario.Step.of(MISE_A_DISPOSITION));

    /** Every built-in scenario, by name. */
    public static final Map<String, Scenario> BUILT_IN = index(List.of(
            new Scenario(NOMINAL, "Déposée, acheminée, mise à disposition, service fait, mandatée, comptabilisée, "
                    + "mise en paiement", then(ROUTED, Scenario.Step.of(SERVICE_FAIT), Scenario.Step.of(MANDATEE),
                            Scenario.Step.of(MISE_A_DISPOSITION_COMPTABLE), Scenario.Step.of(COMPTABILISEE),
                            Scenario.Step.of(MISE_EN_PAIEMENT))),
            new Scenario(REJET_ACHEMINEMENT, "Rejetée par l'ordonnateur : données d'acheminement erronées",
                    then(ROUTED, new Scenario.Step(REJETEE_ACHEMINEMENT, "Rejet simulé : le service exécutant "
                            + "indiqué n'existe pas dans la structure destinataire", false))),
            new Scenario(REJET_AUTRE, "Rejetée par l'ordonnateur pour un autre motif",
                    then(ROUTED, new Scenario.Step(REJETEE, "Rejet simulé : prestation non reconnue par le "
                            + "service destinataire", false))),
            new Scenario(SUSPENDUE, "Suspendue, en attente d'un complément du fournisseur",
                    then(ROUTED, new Scenario.Step(InvoiceStatus.SUSPENDUE, "Suspension simulée : pièce justificative manquante "
                            + "(bon de livraison signé)", true))),
            new Scenario(SANS_MISE_EN_PAIEMENT, "Structure qui ne remonte pas la mise en paiement : s'arrête à "
                    + "Comptabilisée", then(ROUTED, Scenario.Step.of(SERVICE_FAIT), Scenario.Step.of(MANDATEE),
                            Scenario.Step.of(MISE_A_DISPOSITION_COMPTABLE), Scenario.Step.of(COMPTABILISEE))),
            new Scenario(A_RECYCLER, "A recycler : les données d'acheminement sont à corriger par le fournisseur "
                    + "(SIRET destinataire, code service, engagement), sans changer le numéro de facture",
                    List.of(Scenario.Step.of(DEPOSEE), new Scenario.Step(InvoiceStatus.A_RECYCLER, "Recyclage "
                            + "simulé : le service exécutant n'est pas actif dans la structure destinataire", true)))));

    /** What follows a completion (Complétée): the rest of the nominal path, up to Mise en paiement. */
    static final List<Scenario.Step> AFTER_COMPLETION = List.of(Scenario.Step.of(InvoiceStatus.COMPLETEE),
            Scenario.Step.of(SERVICE_FAIT), Scenario.Step.of(MANDATEE), Scenario.Step.of(MISE_A_DISPOSITION_COMPTABLE),
            Scenario.Step.of(COMPTABILISEE), Scenario.Step.of(MISE_EN_PAIEMENT));

    private final Map<String, Scenario> byRecipient;
    private final Scenario fallback;

    /**
     * @param byRecipient     recipient SIRET → scenario name
     * @param defaultScenario name of the scenario of any other recipient
     * @throws IllegalArgumentException naming every unknown scenario
     */
    public Scenarios(Map<String, String> byRecipient, String defaultScenario) {
        List<String> unknown = new ArrayList<>();
        Map<String, Scenario> resolved = new LinkedHashMap<>();
        byRecipient.forEach((siret, name) -> named(name).ifPresentOrElse(s -> resolved.put(siret, s),
                () -> unknown.add("facteur.simulator.scenarios." + siret + "=" + name)));
        this.fallback = named(defaultScenario).orElse(null);
        if (fallback == null) {
            unknown.add("facteur.simulator.default-scenario=" + defaultScenario);
        }
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("unknown simulator scenario(s) " + unknown + "; known: "
                    + BUILT_IN.keySet());
        }
        this.byRecipient = Map.copyOf(resolved);
    }

    /** The scenario an invoice addressed to {@code recipientSiret} follows. */
    public Scenario forRecipient(String recipientSiret) {
        return byRecipient.getOrDefault(recipientSiret, fallback);
    }

    /**
     * What a recycled invoice goes through: its new recipient's scenario from routing on (Déposée is not said
     * twice), so it reaches Mise à disposition and then whatever that recipient does.
     */
    public List<Scenario.Step> afterRecycling(String newRecipientSiret) {
        List<Scenario.Step> steps = forRecipient(newRecipientSiret).steps();
        return steps.stream().dropWhile(s -> s.status() == DEPOSEE).toList();
    }

    public static Optional<Scenario> named(String name) {
        return Optional.ofNullable(name == null ? null : BUILT_IN.get(name.trim().toUpperCase()));
    }

    private static List<Scenario.Step> then(List<Scenario.Step> first, Scenario.Step... more) {
        List<Scenario.Step> steps = new ArrayList<>(first);
        steps.addAll(List.of(more));
        return steps;
    }

    private static Map<String, Scenario> index(List<Scenario> scenarios) {
        Map<String, Scenario> map = new LinkedHashMap<>();
        scenarios.forEach(s -> map.put(s.name(), s));
        return java.util.Collections.unmodifiableMap(map);
    }
}
