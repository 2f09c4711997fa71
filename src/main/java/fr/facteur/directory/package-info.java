/**
 * The public-structures directory (FAR0037-like, chorus-pro.md §4): the recipients of B2G invoices and their services
 * with their flags, kept in the database, and the five-step gateway rule {@link fr.facteur.directory.DirectoryRules}
 * the intake applies before an invoice leaves.
 *
 * <p><b>File format.</b> The FAR0037 XML schema is not public, so Facteur reads one UTF-8 CSV file, ';'-separated, with
 * the public export's columns and two record kinds told apart by the first column:
 * <pre>
 * STRUCTURE;Identifiant;RaisonSociale;GestionService;GestionEngagement;GestionServiceEngagement;GestionStatutMiseEnPaiement;StructureActive
 * SERVICE;Identifiant;Code;Nom;GestionEGMT;ServiceActif
 * </pre>
 * Identifiant is the structure's SIRET (for a service, the SIRET it belongs to). Flags are true/false, oui/non or
 * 1/0. Blank lines, lines starting with '#' and a header line starting with "Type" are ignored. Each import replaces
 * the whole directory in one transaction; a file with any problem changes nothing and every problem is reported
 * with its line. Every attempt is kept in directory_import.
 *
 * <p><b>Import paths.</b> A *.csv file dropped in {@code facteur.directory.import-dir} (default
 * {@code <config-dir>/directory}), scanned every {@code facteur.directory.scan-interval} (default 5 s) when
 * {@code facteur.directory.enabled} (default true); or {@code POST /api/directory/import} (body text/csv).
 */
package fr.facteur.directory;
