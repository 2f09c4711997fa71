package fr.facteur.inbound;

import java.util.Optional;
import java.util.regex.Pattern;

import fr.facteur.invoice.RuleViolation;

/**
 * File names sent by suppliers are data, never paths: keep a safe, recognisable base name, and refuse a name that is
 * a path or carries control characters.
 */
public final class FileNames {

    /**
     * The name as sent is a path (a '/' or '\' in it: a directory climb such as {@code ../../etc/x.xml}, an absolute
     * path) or holds control characters (terminal escapes, NUL, line breaks that would forge log lines). The file is
     * kept and answered under its sanitised name.
     */
    public static final String FILE_NAME = "FILE-NAME";

    private static final Pattern CONTROL = Pattern.compile("\\p{Cntrl}");

    private FileNames() {
    }

    /** The last path segment, with anything outside [A-Za-z0-9._-] replaced by '_', at most 200 characters. */
    public static String sanitize(String name) {
        if (name == null || name.isBlank()) {
            return "unnamed";
        }
        String base = name.replace('\\', '/');
        base = base.substring(base.lastIndexOf('/') + 1);
        String safe = base.replaceAll("[^A-Za-z0-9._-]", "_").replaceAll("^\\.+", "_");
        if (safe.isEmpty()) {
            return "unnamed";
        }
        return safe.length() > 200 ? safe.substring(0, 200) : safe;
    }

    /**
     * Why the name as sent is refused, if it is. Accents, spaces and other printable characters are not refused
     * (they are only replaced in the name the gateway keeps).
     */
    public static Optional<RuleViolation> refusal(String name) {
        if (name == null) {
            return Optional.empty();
        }
        String location = sanitize(name);
        if (CONTROL.matcher(name).find()) {
            return Optional.of(new RuleViolation(FILE_NAME, location,
                    "Le nom du fichier contient des caractères de contrôle : le fichier est refusé. Envoyez-le sous un "
                            + "nom fait de lettres, de chiffres, de points, de tirets et de soulignés.",
                    "The file name holds control characters: the file is refused. Send it again under a name made of "
                            + "letters, digits, dots, hyphens and underscores."));
        }
        if (name.indexOf('/') >= 0 || name.indexOf('\\') >= 0) {
            return Optional.of(new RuleViolation(FILE_NAME, location,
                    "Le nom du fichier est un chemin (il contient « / » ou « \\ ») : le fichier est refusé. Envoyez "
                            + "un nom de fichier seul, sans dossier.",
                    "The file name is a path (it holds '/' or '\\'): the file is refused. Send a file name alone, "
                            + "without folders."));
        }
        return Optional.empty();
    }
}
