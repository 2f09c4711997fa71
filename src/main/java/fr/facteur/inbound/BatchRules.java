package fr.facteur.inbound;

import fr.facteur.invoice.RuleViolation;

/**
 * The rules a batch file must meet before any invoice in it is read; any failure refuses the whole batch (no
 * invoice of it is processed, so a supplier never has to work out which half went through). Location: the batch
 * file name, or {@code <batch>!/<entry>} for an entry.
 */
public final class BatchRules {

    /** Not a readable zip or tar.gz. */
    public static final String BATCH_UNREADABLE = "BATCH-UNREADABLE";
    /** No invoice in the batch. */
    public static final String BATCH_EMPTY = "BATCH-EMPTY";
    /** More files than {@code facteur.batch.max-invoices} (500, Chorus Pro's limit). */
    public static final String BATCH_TOO_MANY = "BATCH-TOO-MANY";
    /** A file, or all of them together, larger than allowed once uncompressed. */
    public static final String BATCH_TOO_LARGE = "BATCH-TOO-LARGE";
    /** Compressed far more than any invoice compresses: an archive bomb. */
    public static final String BATCH_RATIO = "BATCH-RATIO";
    /** An archive inside the archive. */
    public static final String BATCH_NESTED = "BATCH-NESTED";
    /** An entry name that climbs out of its folder, is absolute, or a link. */
    public static final String BATCH_ENTRY_NAME = "BATCH-ENTRY-NAME";

    private BatchRules() {
    }

    static RuleViolation unreadable(String batch, String reason) {
        return new RuleViolation(BATCH_UNREADABLE, batch,
                "Le lot n'est pas une archive zip ou tar.gz lisible (" + reason + ").",
                "The batch is not a readable zip or tar.gz archive (" + reason + ").");
    }

    static RuleViolation empty(String batch) {
        return new RuleViolation(BATCH_EMPTY, batch, "Le lot ne contient aucune facture.",
                "The batch contains no invoice.");
    }

    static RuleViolation tooMany(String batch, int max) {
        return new RuleViolation(BATCH_TOO_MANY, batch,
                "Le lot contient plus de " + max + " fichiers, la limite de Chorus Pro par flux : découpez-le en "
                        + "plusieurs lots.",
                "The batch holds more than " + max + " files, Chorus Pro's limit per flow: split it into several "
                        + "batches.");
    }

    static RuleViolation entryTooLarge(String location, long max) {
        return new RuleViolation(BATCH_TOO_LARGE, location,
                "Ce fichier du lot dépasse " + max + " octets une fois décompressé.",
                "This file of the batch exceeds " + max + " bytes once uncompressed.");
    }

    static RuleViolation totalTooLarge(String batch, long max) {
        return new RuleViolation(BATCH_TOO_LARGE, batch,
                "Le lot dépasse " + max + " octets une fois décompressé (limite d'un flux Chorus Pro) : découpez-le.",
                "The batch exceeds " + max + " bytes once uncompressed (a Chorus Pro flow's limit): split it.");
    }

    static RuleViolation ratio(String location, int max) {
        return new RuleViolation(BATCH_RATIO, location,
                "Taux de compression supérieur à " + max + " pour 1 : le lot est refusé comme bombe de "
                        + "décompression. Aucune facture ne se compresse autant.",
                "Compression ratio above " + max + " to 1: the batch is refused as a decompression bomb. No invoice "
                        + "compresses that much.");
    }

    static RuleViolation nested(String location) {
        return new RuleViolation(BATCH_NESTED, location,
                "Le lot contient une autre archive : les archives imbriquées sont refusées, mettez les factures "
                        + "directement dans le lot.",
                "The batch contains another archive: nested archives are refused, put the invoices directly in the "
                        + "batch.");
    }

    static RuleViolation entryName(String location, String why) {
        return new RuleViolation(BATCH_ENTRY_NAME, location,
                "Nom de fichier refusé dans le lot (" + why + ") : seuls des noms simples, sans « .. », chemin "
                        + "absolu ni lien, sont acceptés.",
                "File name refused in the batch (" + why + "): only plain names, without '..', absolute paths or "
                        + "links, are accepted.");
    }
}
