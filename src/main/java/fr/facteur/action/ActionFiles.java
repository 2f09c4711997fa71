package fr.facteur.action;

import java.io.IOException;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import fr.facteur.relay.RelayMessage;
import fr.facteur.relay.RelayPublisher;
import fr.facteur.tracking.InvoiceQueries;

/**
 * Action files a supplier drops on its channel beside its invoices: {@code *.action.json}, the API's body plus
 * {@code action} (complete | recycle) and {@code invoiceNumber} (the tenant's most recent invoice with that number).
 * A refused file is recorded with its reason (supplier_action) and moved to the error folder by the caller.
 *
 * <p>Like an invoice, every action file gets an answer through the relay, on the supplier's returns channel:
 * {@code <file>.ack.json} when the action went to Chorus Pro, {@code <file>.rejected.json} with the rule that failed
 * otherwise (README "Supplier actions"). Its key is the recorded action, so a file taken twice is answered once.
 */
@Component
public class ActionFiles {

    private static final Logger log = LoggerFactory.getLogger(ActionFiles.class);
    public static final String SUFFIX = ".action.json";

    private final SupplierActions actions;
    private final InvoiceQueries invoices;
    private final ObjectMapper json;
    private final RelayPublisher relay;

    ActionFiles(SupplierActions actions, InvoiceQueries invoices, ObjectMapper json, RelayPublisher relay) {
        this.actions = actions;
        this.invoices = invoices;
        this.json = json;
        this.relay = relay;
    }

    public static boolean isActionFile(String name) {
        return name != null && name.toLowerCase(Locale.ROOT).endsWith(SUFFIX);
    }

    /** @return whether the action went to Chorus Pro */
    public boolean receive(String tenantId, String fileName, Path file) {
        SupplierAction action;
        try {
            action = json.readValue(file.toFile(), SupplierAction.class);
        } catch (IOException e) {
            log.warn("{}: action file {} is not readable: {}", tenantId, fileName, e.getMessage());
            refuseUnreadable(tenantId, fileName, "ACT-UNREADABLE", "not a JSON action: " + e.getMessage());
            return false;
        }
        SupplierAction.Kind kind = kind(action.action());
        if (kind == null) {
            refuseUnreadable(tenantId, fileName, "ACT-KIND", "action '" + action.action()
                    + "' is not complete or recycle");
            return false;
        }
        List<InvoiceQueries.InvoiceSummary> found = action.invoiceNumber() == null ? List.of()
                : invoices.search(tenantId, null, action.invoiceNumber(), null, null, 0, 1).items();
        try {
            // an unknown number is refused like an unknown id (404), recorded with the number given
            long invoiceId = found.isEmpty() ? -1 : found.get(0).id();
            SupplierActions.Transmitted sent = actions.act(tenantId, invoiceId, kind, action, SupplierActions.FILE,
                    fileName);
            Map<String, Object> answer = answer(fileName, "ACCEPTED", kind, action.invoiceNumber());
            answer.put("chorusPro", sent.chorusProFile());
            answer.put("message", "the " + kind.name().toLowerCase(Locale.ROOT) + " went to Chorus Pro; its result "
                    + "comes back as the invoice's next statuses");
            publish(tenantId, RelayMessage.Kind.ACK, sent.actionId(), fileName, answer);
            return true;
        } catch (ActionRejectedException e) {
            log.info("{}: action file {} refused: {}", tenantId, fileName, e.getMessage());
            Map<String, Object> answer = answer(fileName, "REFUSED", kind, action.invoiceNumber());
            answer.put("problems", List.of(problem(e.rule(), e.getMessage())));
            publish(tenantId, RelayMessage.Kind.REJECTION, e.actionId(), fileName, answer);
            return false;
        }
    }

    private void refuseUnreadable(String tenantId, String fileName, String rule, String reason) {
        long id = actions.refuseFile(tenantId, fileName, reason);
        log.warn("{}: action file {} refused: {}", tenantId, fileName, reason);
        Map<String, Object> answer = answer(fileName, "REFUSED", null, null);
        answer.put("problems", List.of(problem(rule, reason)));
        publish(tenantId, RelayMessage.Kind.REJECTION, id, fileName, answer);
    }

    private static Map<String, Object> answer(String fileName, String outcome, SupplierAction.Kind kind,
            String invoiceNumber) {
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("file", fileName);
        answer.put("type", "SUPPLIER_ACTION");
        answer.put("outcome", outcome);
        answer.put("action", kind == null ? null : kind.name().toLowerCase(Locale.ROOT));
        answer.put("invoiceNumber", invoiceNumber);
        answer.put("answeredAt", OffsetDateTime.now(ZoneOffset.UTC).toString());
        return answer;
    }

    private static Map<String, Object> problem(String rule, String message) {
        Map<String, Object> problem = new LinkedHashMap<>();
        problem.put("rule", rule);
        problem.put("message", message);
        return problem;
    }

    private void publish(String tenantId, RelayMessage.Kind kind, Long actionId, String fileName,
            Map<String, Object> answer) {
        answer.values().removeIf(v -> v == null);
        try {
            relay.publish(new RelayMessage(kind, tenantId, "action:" + actionId, null, fileName,
                    json.writerWithDefaultPrettyPrinter().writeValueAsString(answer), null, List.of()));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the answer to " + fileName, e);
        }
    }

    private static SupplierAction.Kind kind(String action) {
        if (action == null) {
            return null;
        }
        return switch (action.trim().toLowerCase(Locale.ROOT)) {
            case "complete", "completer" -> SupplierAction.Kind.COMPLETE;
            case "recycle", "recycler" -> SupplierAction.Kind.RECYCLE;
            default -> null;
        };
    }
}
