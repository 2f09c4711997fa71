package fr.facteur.directory;

/**
 * One public structure of the directory (a recipient of B2G invoices) with its Chorus Pro flags.
 *
 * @param siret                Identifiant (14 digits)
 * @param name                 RaisonSociale
 * @param serviceRequired      GestionService: a service code (BT-10) is required
 * @param engagementRequired   GestionEngagement: an engagement number (BT-13) is required
 * @param serviceOrEngagement  GestionServiceEngagement: at least one of service code and engagement number
 * @param paymentStatusManaged GestionStatutMiseEnPaiement (kept, not checked at intake)
 * @param active               StructureActive
 */
public record DirectoryStructure(String siret, String name, boolean serviceRequired, boolean engagementRequired,
        boolean serviceOrEngagement, boolean paymentStatusManaged, boolean active) {
}
