package fr.facteur.action;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

import fr.facteur.tracking.InvoiceQueries;

/**
 * Action files a supplier drops on its channel beside its invoices: {@code *.action.json}, the API's body plus
 * {@code action} (complete | recycle) and {@code invoiceNumber} (the tenant's most recent invoice with that number).
 * A refused file is recorded with its reason (supplier_action) and moved to the error folder by the caller.
 */
@Component
public class ActionFiles {

    private static final Logger log = LoggerFactory.getLogger(ActionFiles.class);
    public static final String SUFFIX = ".action.json";

    private final SupplierActions actions;
    private final InvoiceQueries invoices;
    private final ObjectMapper json;

    ActionFiles(SupplierActions actions, InvoiceQueries invoices, ObjectMapper json) {
        this.actions = actions;
        this.invoices = invoices;
        this.json = json;
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
            recordUnreadable(tenantId, fileName, "not a JSON action: " + e.getMessage());
            return false;
        }
        SupplierAction.Kind kind = kind(action.action());
        if (kind == null) {
            recordUnreadable(tenantId, fileName, "action '" + action.action() + "' is not complete or recycle");
            return false;
        }
        List<InvoiceQueries.InvoiceSummary> found = action.invoiceNumber() == null ? List.of()
                : invoices.search(tenantId, null, action.invoiceNumber(), null, null, 0, 1).items();
        try {
            // an unknown number is refused like an unknown id (404), recorded with the number given
            long invoiceId = found.isEmpty() ? -1 : found.get(0).id();
            actions.act(tenantId, invoiceId, kind, action, SupplierActions.FILE, fileName);
            return true;
        } catch (ActionRejectedException e) {
            log.info("{}: action file {} refused: {}", tenantId, fileName, e.getMessage());
            return false;
        }
    }

    private void recordUnreadable(String tenantId, String fileName, String reason) {
        actions.refuseFile(tenantId, fileName, reason);
        log.warn("{}: action file {} refused: {}", tenantId, fileName, reason);
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
