package fr.facteur.directory;

/**
 * One service of a structure.
 *
 * @param siret              Identifiant of the structure it belongs to
 * @param code               Code, what suppliers put in BT-10 (BuyerReference)
 * @param name               Nom
 * @param engagementRequired GestionEGMT: invoices to this service need an engagement number (BT-13)
 * @param active             ServiceActif
 */
public record DirectoryService(String siret, String code, String name, boolean engagementRequired,
        boolean active) {
}
