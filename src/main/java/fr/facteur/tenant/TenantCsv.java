package fr.facteur.tenant;

import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Reads the supplier CSV of {@code POST /api/tenants/import} into tenant trees, one per row, shaped like a tenant
 * file, so that the rows are checked by the same validator as the files. Comma-separated, RFC 4180 quoting, a header
 * row naming the columns (any order; only {@code id} is required by the reader, the validator asks for the rest).
 * An empty cell leaves the key out, so the file's defaults apply. List cells (formats, events, as2 async hosts) are
 * separated by spaces or '|'.
 */
public final class TenantCsv {

    /** Column → dotted path in the tenant file. The README documents the same list. */
    public static final Map<String, String> COLUMNS;

    static {
        Map<String, String> columns = new LinkedHashMap<>();
        columns.put("id", "id");
        columns.put("name", "name");
        columns.put("siret", "siret");
        columns.put("formats", "formats[]");
        columns.put("sftp_host", "inbound.sftp.host");
        columns.put("sftp_port", "inbound.sftp.port#");
        columns.put("sftp_user", "inbound.sftp.user");
        columns.put("sftp_private_key", "inbound.sftp.private-key");
        columns.put("sftp_password_env", "inbound.sftp.password-env");
        columns.put("sftp_known_hosts", "inbound.sftp.known-hosts");
        columns.put("sftp_dir", "inbound.sftp.dir");
        columns.put("sftp_poll", "inbound.sftp.poll");
        columns.put("as2_id", "inbound.as2.as2-id");
        columns.put("as2_certificate", "inbound.as2.certificate");
        columns.put("as2_url", "inbound.as2.url");
        columns.put("returns_channel", "returns.channel");
        columns.put("returns_format", "returns.format");
        columns.put("returns_dir", "returns.sftp.dir");
        columns.put("returns_events", "returns.events[]");
        COLUMNS = java.util.Collections.unmodifiableMap(columns);
    }

    /** The rows by line number, and the problems that kept a row from being read whole. */
    public record Rows(Map<Integer, com.fasterxml.jackson.databind.JsonNode> trees, Map<Integer, List<String>> errors,
            List<String> fileErrors) {
    }

    private TenantCsv() {
    }

    public static Rows read(Reader source) throws IOException {
        Reader reader = source.markSupported() ? source : new java.io.BufferedReader(source);
        List<List<String>> records = new ArrayList<>();
        List<Integer> lines = new ArrayList<>();
        parse(reader, records, lines);
        Map<Integer, com.fasterxml.jackson.databind.JsonNode> trees = new LinkedHashMap<>();
        Map<Integer, List<String>> errors = new HashMap<>();
        List<String> fileErrors = new ArrayList<>();
        if (records.isEmpty()) {
            return new Rows(trees, errors, List.of("the file is empty: a header row and one row per tenant expected"));
        }
        List<String> header = records.get(0).stream().map(h -> h.trim().toLowerCase(Locale.ROOT)).toList();
        for (String column : header) {
            if (!COLUMNS.containsKey(column)) {
                fileErrors.add("unknown column '" + column + "'; columns are " + String.join(", ", COLUMNS.keySet()));
            }
        }
        if (!header.contains("id")) {
            fileErrors.add("the header has no id column");
        }
        if (!fileErrors.isEmpty()) {
            return new Rows(trees, errors, fileErrors);
        }
        for (int r = 1; r < records.size(); r++) {
            List<String> cells = records.get(r);
            int line = lines.get(r);
            if (cells.size() == 1 && cells.get(0).isBlank()) {
                continue; // blank line
            }
            ObjectNode tree = JsonNodeFactory.instance.objectNode();
            if (cells.size() != header.size()) {
                errors.computeIfAbsent(line, k -> new ArrayList<>()).add("line " + line + " has " + cells.size()
                        + " cells, the header has " + header.size());
            }
            for (int c = 0; c < Math.min(cells.size(), header.size()); c++) {
                String value = cells.get(c).trim();
                if (!value.isEmpty()) {
                    put(tree, COLUMNS.get(header.get(c)), value);
                }
            }
            trees.put(line, tree);
        }
        return new Rows(trees, errors, fileErrors);
    }

    private static void put(ObjectNode tree, String path, String value) {
        boolean list = path.endsWith("[]");
        boolean number = path.endsWith("#");
        String clean = list ? path.substring(0, path.length() - 2) : number ? path.substring(0, path.length() - 1) : path;
        String[] parts = clean.split("\\.");
        ObjectNode node = tree;
        for (int i = 0; i < parts.length - 1; i++) {
            node = node.has(parts[i]) ? (ObjectNode) node.get(parts[i]) : node.putObject(parts[i]);
        }
        String key = parts[parts.length - 1];
        if (list) {
            var array = node.putArray(key);
            Arrays.stream(value.split("[\\s|]+")).filter(v -> !v.isEmpty()).forEach(array::add);
        } else if (number && value.matches("\\d{1,9}")) {
            node.put(key, Integer.parseInt(value));
        } else {
            node.put(key, value); // a non-number port is left for the validator to report
        }
    }

    /** RFC 4180: quoted cells may hold commas, quotes ("") and line breaks. Records with their first line number. */
    private static void parse(Reader reader, List<List<String>> records, List<Integer> lines) throws IOException {
        List<String> record = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        boolean any = false;
        int line = 1;
        int recordLine = 1;
        int ch;
        while ((ch = reader.read()) != -1) {
            any = true;
            char c = (char) ch;
            if (quoted) {
                if (c == '"') {
                    reader.mark(1);
                    int next = reader.read();
                    if (next == '"') {
                        cell.append('"');
                    } else {
                        quoted = false;
                        if (next != -1) {
                            reader.reset();
                        }
                    }
                } else {
                    if (c == '\n') {
                        line++;
                    }
                    cell.append(c);
                }
            } else if (c == '"' && cell.length() == 0) {
                quoted = true;
            } else if (c == ',') {
                record.add(cell.toString());
                cell.setLength(0);
            } else if (c == '\r') {
                // CRLF or lone CR: the \n (if any) ends the record
            } else if (c == '\n') {
                record.add(cell.toString());
                cell.setLength(0);
                records.add(record);
                lines.add(recordLine);
                record = new ArrayList<>();
                line++;
                recordLine = line;
                any = false;
            } else {
                cell.append(c);
            }
        }
        if (any) {
            record.add(cell.toString());
            records.add(record);
            lines.add(recordLine);
        }
    }
}
