package fr.facteur.invoice;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * Finds the line of each XPath-located violation, so that the report says "line 42" beside
 * {@code /Invoice[1]/cac:InvoiceLine[2]/cbc:LineExtensionAmount[1]}.
 *
 * <p>The DOM the rules run on has no line numbers (it is built from SAX events by the JDK's identity transformer),
 * so one more streaming pass is made over the file — only when a report has such violations, i.e. for rejected
 * invoices — computing each element's indexed path and stopping as soon as every wanted path is found. Paths are
 * compared with indexes made explicit ({@code /Invoice/cbc:ID} is {@code /Invoice[1]/cbc:ID[1]}); an attribute step
 * is located at its element. Locations that are not simple child paths (two alternatives, predicates) keep no line.
 */
final class LineLocator {

    private LineLocator() {
    }

    static List<RuleViolation> withLines(Path file, List<RuleViolation> violations) {
        Map<RuleViolation, String> wanted = new HashMap<>();
        for (RuleViolation v : violations) {
            if (v.line() == null) {
                String path = normalised(v.location());
                if (path != null) {
                    wanted.put(v, path);
                }
            }
        }
        if (wanted.isEmpty()) {
            return violations;
        }
        // a rule about a missing element (no IBAN) points at a path that is not in the file: its nearest existing
        // ancestor (the payment means) is where to look, so every ancestor is looked for too
        Set<String> paths = new HashSet<>();
        for (String path : wanted.values()) {
            for (String p = path; !p.isEmpty(); p = p.substring(0, p.lastIndexOf('/'))) {
                paths.add(p);
            }
        }
        Map<String, Integer> lines;
        try {
            lines = scan(file, paths);
        } catch (IOException | XMLStreamException e) {
            return violations; // best effort: the XPath alone still says where
        }
        List<RuleViolation> placed = new ArrayList<>(violations.size());
        for (RuleViolation v : violations) {
            Integer line = null;
            String p = wanted.get(v);
            while (line == null && p != null && !p.isEmpty()) {
                line = lines.get(p);
                p = p.substring(0, p.lastIndexOf('/'));
            }
            placed.add(line == null ? v : v.atLine(line));
        }
        return placed;
    }

    /** {@code /Invoice/cac:X/@attr} → {@code /Invoice[1]/cac:X[1]}; null when not a plain child path. */
    static String normalised(String location) {
        if (location == null || !location.startsWith("/") || location.contains(" ") || location.contains("//")) {
            return null;
        }
        StringBuilder out = new StringBuilder();
        for (String step : location.substring(1).split("/")) {
            if (step.startsWith("@")) {
                break;
            }
            if (!step.matches("[A-Za-z_][\\w.-]*(:[A-Za-z_][\\w.-]*)?(\\[\\d+])?")) {
                return null;
            }
            out.append('/').append(step.endsWith("]") ? step : step + "[1]");
        }
        return out.length() == 0 ? null : out.toString();
    }

    private static Map<String, Integer> scan(Path file, Set<String> wanted) throws IOException, XMLStreamException {
        Map<String, Integer> found = new HashMap<>();
        Map<String, String> prefixes = new HashMap<>();
        DomPath.NAMESPACES.forEach((prefix, uri) -> prefixes.put(uri, prefix));
        XMLInputFactory factory = XMLInputFactory.newDefaultFactory();
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        try (InputStream in = Files.newInputStream(file)) {
            XMLStreamReader reader = factory.createXMLStreamReader(in);
            try {
                Deque<String> paths = new ArrayDeque<>();
                Deque<Map<String, Integer>> counters = new ArrayDeque<>();
                counters.push(new HashMap<>());
                paths.push("");
                // a start tag may span lines (namespace declarations): the reader's location after it is where
                // it ends; after text (the indentation before it) the location is where it begins, the line an
                // editor shows. In the prolog whitespace is not reported, so there the end line is kept.
                int afterText = -1;
                while (reader.hasNext() && found.size() < wanted.size()) {
                    int event = reader.next();
                    int startLine = afterText > 0 ? afterText : reader.getLocation().getLineNumber();
                    afterText = event == XMLStreamConstants.CHARACTERS || event == XMLStreamConstants.SPACE
                            ? reader.getLocation().getLineNumber() : -1;
                    if (event == XMLStreamConstants.START_ELEMENT) {
                        String ns = reader.getNamespaceURI();
                        String prefix = ns == null ? null : prefixes.get(ns);
                        // the root's own namespace (UBL Invoice-2, CreditNote-2) has no prefix in our paths
                        String name = prefix == null ? reader.getLocalName() : prefix + ":" + reader.getLocalName();
                        int index = counters.peek().merge(name, 1, Integer::sum);
                        String path = paths.peek() + "/" + name + "[" + index + "]";
                        if (wanted.contains(path)) {
                            found.putIfAbsent(path, startLine);
                        }
                        paths.push(path);
                        counters.push(new HashMap<>());
                    } else if (event == XMLStreamConstants.END_ELEMENT) {
                        paths.pop();
                        counters.pop();
                    }
                }
            } finally {
                reader.close();
            }
        }
        return found;
    }
}
