package fr.facteur.simulator;

import java.util.Arrays;

/**
 * Invoice lifecycle statuses of CPPStatut (IdStatut 01–12, chorus-pro.md §3.2). 13–41 exist in the XSD but are not
 * documented, so the simulator never emits them.
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
    COMPLETEE("12", "Complétée");

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
