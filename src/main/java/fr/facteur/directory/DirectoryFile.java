package fr.facteur.directory;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads a directory file (format in the package documentation): every problem is collected with its line number,
 * so that an operator fixes the whole file in one go.
 */
public final class DirectoryFile {

    static final String STRUCTURE = "STRUCTURE";
    static final String SERVICE = "SERVICE";
    private static final int STRUCTURE_COLUMNS = 8;
    private static final int SERVICE_COLUMNS = 6;

    private DirectoryFile() {
    }

    /** One problem of a file; line 0 is the file as a whole. */
    public record Problem(int line, String message) {

        @Override
        public String toString() {
            return line == 0 ? message : "line " + line + ": " + message;
        }
    }

    /** What a file holds: usable only when {@code problems} is empty. */
    public record Parsed(List<DirectoryStructure> structures, List<DirectoryService> services,
            List<Problem> problems) {

        public boolean isValid() {
            return problems.isEmpty();
        }
    }

    public static Parsed parse(String content) {
        Map<String, DirectoryStructure> structures = new LinkedHashMap<>();
        List<DirectoryService> services = new ArrayList<>();
        Map<DirectoryService, Integer> serviceLines = new LinkedHashMap<>();
        Set<String> serviceKeys = new HashSet<>();
        List<Problem> problems = new ArrayList<>();
        String[] lines = content.replace("\uFEFF", "").split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            int lineNo = i + 1;
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] cells = line.split(";", -1);
            for (int c = 0; c < cells.length; c++) {
                cells[c] = cells[c].strip();
            }
            String kind = cells[0].toUpperCase(Locale.ROOT);
            if (kind.equals("TYPE")) {
                continue; // a header line, as spreadsheets like to add
            }
            List<String> lineProblems = new ArrayList<>();
            if (kind.equals(STRUCTURE)) {
                DirectoryStructure structure = structure(cells, lineProblems);
                if (structure != null && structures.putIfAbsent(structure.siret(), structure) != null) {
                    lineProblems.add("structure " + structure.siret() + " is declared twice");
                }
            } else if (kind.equals(SERVICE)) {
                DirectoryService service = service(cells, lineProblems);
                if (service != null) {
                    if (!serviceKeys.add(service.siret() + ";" + service.code())) {
                        lineProblems.add("service " + service.code() + " of " + service.siret() + " is declared twice");
                    } else {
                        services.add(service);
                        serviceLines.put(service, lineNo);
                    }
                }
            } else {
                lineProblems.add("unknown record kind '" + cells[0] + "' (expected STRUCTURE or SERVICE)");
            }
            lineProblems.forEach(message -> problems.add(new Problem(lineNo, message)));
        }
        // services may come before their structure: check the link once every line is read
        serviceLines.forEach((service, lineNo) -> {
            if (!structures.containsKey(service.siret())) {
                problems.add(new Problem(lineNo, "service " + service.code() + " belongs to structure "
                        + service.siret() + ", which the file does not declare"));
            }
        });
        if (problems.isEmpty() && structures.isEmpty()) {
            problems.add(new Problem(0, "the file declares no structure"));
        }
        problems.sort((a, b) -> Integer.compare(a.line(), b.line()));
        return new Parsed(List.copyOf(structures.values()), List.copyOf(services), List.copyOf(problems));
    }

    /** STRUCTURE;Identifiant;RaisonSociale;GestionService;GestionEngagement;GestionServiceEngagement;GestionStatutMiseEnPaiement;StructureActive */
    private static DirectoryStructure structure(String[] cells, List<String> problems) {
        if (cells.length != STRUCTURE_COLUMNS) {
            problems.add("a STRUCTURE line has " + STRUCTURE_COLUMNS + " columns, this one has " + cells.length);
            return null;
        }
        String siret = siret(cells[1], problems);
        String name = required(cells[2], "RaisonSociale", problems);
        boolean service = flag(cells[3], "GestionService", problems);
        boolean engagement = flag(cells[4], "GestionEngagement", problems);
        boolean serviceOrEngagement = flag(cells[5], "GestionServiceEngagement", problems);
        boolean paymentStatus = flag(cells[6], "GestionStatutMiseEnPaiement", problems);
        boolean active = flag(cells[7], "StructureActive", problems);
        return problems.isEmpty()
                ? new DirectoryStructure(siret, name, service, engagement, serviceOrEngagement, paymentStatus, active)
                : null;
    }

    /** SERVICE;Identifiant;Code;Nom;GestionEGMT;ServiceActif */
    private static DirectoryService service(String[] cells, List<String> problems) {
        if (cells.length != SERVICE_COLUMNS) {
            problems.add("a SERVICE line has " + SERVICE_COLUMNS + " columns, this one has " + cells.length);
            return null;
        }
        String siret = siret(cells[1], problems);
        String code = required(cells[2], "Code", problems);
        if (code != null && code.length() > 100) {
            problems.add("Code is longer than 100 characters");
        }
        String name = required(cells[3], "Nom", problems);
        boolean engagement = flag(cells[4], "GestionEGMT", problems);
        boolean active = flag(cells[5], "ServiceActif", problems);
        return problems.isEmpty() ? new DirectoryService(siret, code, name, engagement, active) : null;
    }

    private static String siret(String value, List<String> problems) {
        if (!value.matches("\\d{14}")) {
            problems.add("Identifiant '" + value + "' is not a SIRET (14 digits)");
        }
        return value;
    }

    private static String required(String value, String column, List<String> problems) {
        if (value.isEmpty()) {
            problems.add(column + " is empty");
        }
        return value;
    }

    /** The exports write flags in several ways; anything else is an error, never a silent false. */
    private static boolean flag(String value, String column, List<String> problems) {
        switch (value.toLowerCase(Locale.ROOT)) {
            case "true", "oui", "1", "o", "yes":
                return true;
            case "false", "non", "0", "n", "no":
                return false;
            default:
                problems.add(column + " '" + value + "' is not a flag (true/false, oui/non, 1/0)");
                return false;
        }
    }
}
