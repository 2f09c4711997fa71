package fr.facteur.simulator;

import java.util.Arrays;

/**
 * Invoice lifecycle statuses of CPPStatut (IdStatut 01–12, chorus-pro.md §3.2). 13–41 exist in the XSD but are not
 * documented; the simulator emits only 13, for A recycler (an assumption, see {@link #A_RECYCLER}).
 */
public enum InvoiceStatus {
    DEPOSEE("01", "Déposée"),
    EN_COURS_ACHEMINEMENT("02", "En cours d'acheminement vers le destinataire"),
    MISE_A_DISPOSITION("03", "Mise à disposition du destinataire"),
    REJETEE_ACHEMINEMENT("04", "Rejetée par l'ordonnateur pour erreur dans les données d'acheminement"),
    REJETEE("05", "Rejetée par l'ordonnateur pour autre motif"),
    SUSPENDUE("06", "Suspendue"),
    SERVICE_FAIT("07", "Service fait"),
    MANDATEE("08", "Mandatée / DP validée"),
    MISE_A_DISPOSITION_COMPTABLE("09", "Mise à disposition du comptable"),
    COMPTABILISEE("10", "Comptabilisée"),
    MISE_EN_PAIEMENT("11", "Mise en paiement"),
    COMPLETEE("12", "Complétée"),
    /**
     * Not among the documented 01–12: Chorus Pro's API has A_RECYCLER, its CPPStatut code is not public. The
     * simulator uses 13 (the first undocumented value of the XSD's 01–41) and says so in the README; change it here
     * and in returns.CppStatutCode together if AIFE's annex says otherwise.
     */
    A_RECYCLER("13", "A recycler");

    private final String code;
    private final String label;

    InvoiceStatus(String code, String label) {
        this.code = code;
        this.label = label;
    }

    /** The IdStatut value, two digits. */
    public String code() {
        return code;
    }

    public String label() {
        return label;
    }

    public static InvoiceStatus ofCode(String code) {
        return Arrays.stream(values()).filter(s -> s.code.equals(code)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown CPPStatut invoice status " + code));
    }
}
