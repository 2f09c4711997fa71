package fr.facteur.simulator;

/** Flow-level statuses of an integration report (CPPFluxStatuts IdStatut, chorus-pro.md §3.1). */
enum IntegrationStatus {
    /** Reçu */
    RECU("90"),
    /** Erreur réception */
    ERREUR_RECEPTION("93"),
    /** Reçu – intégration partielle */
    RECU_INTEGRATION_PARTIELLE("96");

    private final String code;

    IntegrationStatus(String code) {
        this.code = code;
    }

    String code() {
        return code;
    }

    /**
     * The status of a flow: any flow-level error, or no invoice integrated, rejects it (93); some invoices
     * integrated and others rejected is a partial integration (96).
     */
    static IntegrationStatus of(boolean flowLevelError, int integrated, int rejected) {
        if (flowLevelError || integrated == 0) {
            return ERREUR_RECEPTION;
        }
        return rejected == 0 ? RECU : RECU_INTEGRATION_PARTIELLE;
    }

    static IntegrationStatus ofCode(String code) {
        for (IntegrationStatus s : values()) {
            if (s.code.equals(code)) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown flow status " + code);
    }
}
