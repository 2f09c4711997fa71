package fr.facteur.simulator;

/**
 * The simulator's error codes (CodeErreur). AIFE's own error annex is not public here (chorus-pro.md §9), so these
 * are the simulator's, named for what they mean; the report file says it is simulated.
 */
enum FlowErrorCode {
    SIGNATURE_ABSENTE(Nature.TECHNIQUE),
    SIGNATURE_ILLISIBLE(Nature.TECHNIQUE),
    SIGNATURE_INVALIDE(Nature.TECHNIQUE),
    SIGNATURE_ALGORITHME(Nature.TECHNIQUE),
    CERTIFICAT_INVALIDE(Nature.TECHNIQUE),
    SIGNATAIRE_NON_RECONNU(Nature.TECHNIQUE),
    NOM_FLUX_INVALIDE(Nature.TECHNIQUE),
    FLUX_DEJA_RECU(Nature.TECHNIQUE),
    NOM_FLUX_DEJA_UTILISE(Nature.TECHNIQUE),
    INTERFACE_INCONNUE(Nature.TECHNIQUE),
    INTERFACE_NON_PRISE_EN_CHARGE(Nature.TECHNIQUE),
    FLUX_ILLISIBLE(Nature.TECHNIQUE),
    FORMAT_INVALIDE(Nature.FORMAT),
    INTERFACE_CONTENU_INCOHERENT(Nature.FORMAT),
    SIRET_FOURNISSEUR(Nature.METIER),
    SIRET_DESTINATAIRE(Nature.METIER),
    DESTINATAIRE_INCONNU(Nature.METIER),
    NUMERO_FACTURE(Nature.METIER),
    TYPE_FACTURE(Nature.METIER),
    CODE_SERVICE(Nature.METIER),
    ENGAGEMENT(Nature.METIER),
    AVOIR_MONTANT(Nature.METIER),
    FACTURE_EN_DOUBLON(Nature.METIER);

    /** NatureErreur: what kind of fix it needs. */
    enum Nature {
        /** the transport, name or signature of the flow */
        TECHNIQUE,
        /** the flow's content does not match its format */
        FORMAT,
        /** an invoice breaks a Chorus Pro business rule */
        METIER
    }

    private final Nature nature;

    FlowErrorCode(Nature nature) {
        this.nature = nature;
    }

    Nature nature() {
        return nature;
    }
}
