package fr.facteur.relay;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import fr.facteur.tracking.StatusEventRepository.RelayableEvent;

/**
 * Puts a tenant's events of one return file in the form it asked for ({@code returns.format}):
 * <ul>
 * <li>{@code cppstatut}: Chorus Pro's own file, cut down to this supplier's units, under Chorus Pro's file name;</li>
 * <li>{@code json}: {@code <return file>.json}, an array of events;</li>
 * <li>{@code csv}: {@code <return file>.csv}, UTF-8 without BOM, a header row then one line per event, fields
 * separated by ';' (what French spreadsheets open directly), every field quoted and a quote inside a field doubled
 * (RFC 4180 quoting), lines ended by CRLF; columns invoiceNumber, flow, level, code, status, label, occurredAt,
 * comment.</li>
 * </ul>
 */
public class ReturnRenderer {

    /** A file ready to hand to a supplier. */
    public record Rendered(String fileName, byte[] content) {
    }

    private static final List<String> CSV_COLUMNS = List.of("invoiceNumber", "flow", "level", "code", "status",
            "label", "occurredAt", "comment");

    private static final ZoneId FRENCH_TIME = ZoneId.of("Europe/Paris");

    private final CppStatutFilter filter;
    private final ObjectMapper json;
    private final CppStatutComposer composer;

    public ReturnRenderer(CppStatutFilter filter, ObjectMapper json) {
        this(filter, json, new CppStatutComposer(json, null));
    }

    public ReturnRenderer(CppStatutFilter filter, ObjectMapper json, CppStatutComposer composer) {
        this.filter = filter;
        this.json = json;
        this.composer = composer;
    }

    /**
     * Statuses learnt over the Chorus Pro API (the return file is a JSON answer, not a CPPStatut file): in
     * {@code cppstatut} form the document is written from the events ({@link CppStatutComposer}), named after the
     * answer with {@code .xml}; the other forms are the same as for a file.
     */
    public Optional<Rendered> renderFromApi(String format, String siret, String supplierName, String returnFileName,
            List<RelayableEvent> events) {
        if (events.isEmpty()) {
            return Optional.empty();
        }
        if (format == null || "cppstatut".equalsIgnoreCase(format)) {
            String base = returnFileName.endsWith(".json")
                    ? returnFileName.substring(0, returnFileName.length() - 5) : returnFileName;
            return Optional.of(new Rendered(base + ".xml", composer.compose(base, siret, supplierName, events,
                    java.time.OffsetDateTime.now())));
        }
        return render(format, siret, returnFileName, null, events);
    }

    /**
     * @param returnFileName the name Chorus Pro gave the return file (already safe as a file name)
     * @param original       the archived return file
     * @param events         the events to relay, none filtered out any more
     * @return empty when nothing is left to deliver
     */
    public Optional<Rendered> render(String format, String siret, String returnFileName, Path original,
            List<RelayableEvent> events) {
        if (events.isEmpty()) {
            return Optional.empty();
        }
        return switch (format == null ? "cppstatut" : format.toLowerCase()) {
            case "cppstatut" -> filter.filter(original, siret, events).map(xml -> new Rendered(returnFileName, xml));
            case "json" -> Optional.of(new Rendered(returnFileName + ".json", json(events)));
            case "csv" -> Optional.of(new Rendered(returnFileName + ".csv", csv(events)));
            default -> throw new IllegalStateException("returns.format " + format + " is not supported (cppstatut, json, csv)");
        };
    }

    /**
     * One return file's events going into a digest.
     *
     * @param fromApi the return file is a Chorus Pro API answer (JSON): in cppstatut form its units are written
     */
    public record DigestPart(Path original, List<RelayableEvent> events, boolean fromApi, String supplierName) {

        public DigestPart(Path original, List<RelayableEvent> events) {
            this(original, events, false, null);
        }
    }

    /**
     * A digest: the events of several return files as one document named {@code <baseName>.xml|.json|.csv}; in
     * cppstatut form each file is filtered to the supplier and the results merged under one envelope.
     *
     * @return empty when no event is left
     */
    public Optional<Rendered> renderDigest(String format, String siret, String baseName, List<DigestPart> parts) {
        List<DigestPart> nonEmpty = parts.stream().filter(p -> !p.events().isEmpty()).toList();
        if (nonEmpty.isEmpty()) {
            return Optional.empty();
        }
        List<RelayableEvent> all = nonEmpty.stream().flatMap(p -> p.events().stream()).toList();
        return switch (format == null ? "cppstatut" : format.toLowerCase()) {
            case "cppstatut" -> {
                List<byte[]> filtered = new ArrayList<>();
                for (DigestPart part : nonEmpty) {
                    if (part.fromApi()) {
                        filtered.add(composer.compose(baseName, siret, part.supplierName(), part.events(),
                                java.time.OffsetDateTime.now()));
                    } else {
                        filter.filter(part.original(), siret, part.events()).ifPresent(filtered::add);
                    }
                }
                yield filtered.isEmpty() ? Optional.empty()
                        : Optional.of(new Rendered(baseName + ".xml", filter.merge(filtered)));
            }
            case "json" -> Optional.of(new Rendered(baseName + ".json", json(all)));
            case "csv" -> Optional.of(new Rendered(baseName + ".csv", csv(all)));
            default -> throw new IllegalStateException("returns.format " + format + " is not supported (cppstatut, json, csv)");
        };
    }

    /**
     * One object per event: invoiceNumber (for a flow report: the flow's invoice when it has one, and always
     * invoiceNumbers), flow, numeroFluxDepot, level, code, status, label (Chorus Pro's French wording), occurredAt,
     * comment, and errors for an integration report.
     */
    byte[] json(List<RelayableEvent> events) {
        List<Map<String, Object>> array = new ArrayList<>();
        for (RelayableEvent e : events) {
            Map<String, Object> item = new LinkedHashMap<>();
            boolean flowLevel = "FLOW".equals(e.level());
            FlowDetail detail = flowLevel ? flowDetail(e.detail()) : null;
            item.put("invoiceNumber", invoiceNumber(e));
            if (flowLevel) {
                item.put("invoiceNumbers", e.flowInvoiceNumbers());
            }
            item.put("flow", e.flowName());
            item.put("numeroFluxDepot", e.numeroFluxDepot());
            item.put("level", e.level());
            item.put("code", e.code());
            item.put("status", e.status());
            item.put("label", e.label());
            item.put("occurredAt", frenchTime(e.occurredAt()));
            item.put("comment", flowLevel ? detail.comment() : e.detail());
            if (flowLevel) {
                item.put("errors", detail.errors());
            }
            item.values().removeIf(v -> v == null);
            array.add(item);
        }
        try {
            return json.writerWithDefaultPrettyPrinter().writeValueAsBytes(array);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the JSON return file", e);
        }
    }

    byte[] csv(List<RelayableEvent> events) {
        StringBuilder csv = new StringBuilder(String.join(";", CSV_COLUMNS)).append("\r\n");
        for (RelayableEvent e : events) {
            String comment = "FLOW".equals(e.level()) ? flowDetail(e.detail()).comment() : e.detail();
            List<String> fields = List.of(nullToEmpty(invoiceNumber(e)), nullToEmpty(e.flowName()), e.level(),
                    e.code(), e.status(), nullToEmpty(e.label()), frenchTime(e.occurredAt()), nullToEmpty(comment));
            csv.append(String.join(";", fields.stream().map(ReturnRenderer::quoted).toList())).append("\r\n");
        }
        return csv.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static String invoiceNumber(RelayableEvent e) {
        if ("FLOW".equals(e.level())) {
            return e.flowInvoiceNumbers().size() == 1 ? e.flowInvoiceNumbers().get(0) : null;
        }
        return e.invoiceNumber();
    }

    /** The detail of an integration report, as the returns package writes it (JSON: comment, errors, ...). */
    private record FlowDetail(String comment, JsonNode errors) {
    }

    private FlowDetail flowDetail(String detail) {
        if (detail == null) {
            return new FlowDetail(null, null);
        }
        try {
            JsonNode node = json.readTree(detail);
            JsonNode errors = node.path("errors");
            return new FlowDetail(node.path("comment").isTextual() ? node.path("comment").asText() : null,
                    errors.isArray() && !errors.isEmpty() ? errors : null);
        } catch (JsonProcessingException notJson) {
            return new FlowDetail(detail, null);
        }
    }

    /** Times as suppliers read them: French local time with its offset, to the second (2026-11-29T10:15:00+01:00). */
    private static String frenchTime(OffsetDateTime time) {
        return time.atZoneSameInstant(FRENCH_TIME).toOffsetDateTime().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
    }

    private static String quoted(String field) {
        return '"' + field.replace("\"", "\"\"") + '"';
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}
