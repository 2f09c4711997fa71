package fr.facteur.inbound;

/** File names sent by suppliers are data, never paths: keep a safe, recognisable base name. */
public final class FileNames {

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
}
