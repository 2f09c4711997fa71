package fr.facteur.action;

import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;

import fr.facteur.archive.Archive;
import fr.facteur.archive.Archived;
import fr.facteur.tenant.Siret;
import fr.facteur.tracking.InvoiceQueries;
import fr.facteur.tracking.InvoiceQueries.InvoiceSummary;
import fr.facteur.tracking.InvoiceRepository;

/**
 * Checks a supplier action, records it (refused ones too, with their reason), archives its attachments and deposits
 * it with Chorus Pro. The invoice must be the tenant's and in the status the action applies to (Suspendue for a
 * completion, A recycler for a recycling), with no action of that kind already sent since. A recycling also moves
 * our invoice's routing data, so that Chorus Pro's next statuses (sent with the new recipient as Debiteur) match it.
 */
@Service
public class SupplierActions {

    private static final Logger log = LoggerFactory.getLogger(SupplierActions.class);
    /** Chorus Pro's attachment rules (chorus-pro.md §1, from OCA citing AIFE's attachments page). */
    static final int MAX_ATTACHMENT_NAME = 50;
    static final long MAX_ATTACHMENT_BYTES = 10L * 1024 * 1024;
    static final Set<String> ATTACHMENT_EXTENSIONS = Set.of("PDF", "XML", "ZIP", "P7S", "CSV", "PNG", "JPG", "JPEG",
            "TIF", "TIFF", "TXT", "DOC", "DOCX", "XLS", "XLSX", "ODT", "ODS");
    public static final String API = "API";
    public static final String FILE = "FILE";

    private final InvoiceQueries invoices;
    private final InvoiceRepository invoiceWrites;
    private final SupplierActionRepository actions;
    private final ChorusProActionChannel chorusPro;
    private final Archive archive;
    private final ObjectMapper json;

    SupplierActions(InvoiceQueries invoices, InvoiceRepository invoiceWrites, SupplierActionRepository actions,
            ChorusProActionChannel chorusPro, Archive archive, ObjectMapper json) {
        this.invoices = invoices;
        this.invoiceWrites = invoiceWrites;
        this.actions = actions;
        this.chorusPro = chorusPro;
        this.archive = archive;
        this.json = json;
    }

    /** What an accepted action became. */
    public record Transmitted(long actionId, long invoiceId, String kind, String chorusProFile) {
    }

    /**
     * @param source     API or FILE
     * @param sourceName the action file's name (FILE)
     * @throws ActionRejectedException recorded, with the problem to answer
     */
    public Transmitted act(String tenantId, long invoiceId, SupplierAction.Kind kind, SupplierAction action,
            String source, String sourceName) {
        String request = describe(action);
        Optional<InvoiceSummary> found = invoices.invoice(invoiceId);
        if (found.isEmpty()) {
            throw reject(tenantId, null, action.invoiceNumber(), kind, source, sourceName, request,
                    HttpStatus.NOT_FOUND, "ACT-INVOICE-UNKNOWN", "Unknown invoice", "invoice " + invoiceId + " not found");
        }
        InvoiceSummary invoice = found.get();
        if (!invoice.tenantId().equals(tenantId)) {
            // recorded without the invoice: it is not this tenant's, and its number is not told either
            throw reject(tenantId, null, null, kind, source, sourceName, request, HttpStatus.FORBIDDEN,
                    "ACT-INVOICE-NOT-YOURS", "Not your invoice", "invoice " + invoiceId + " does not belong to tenant " + tenantId);
        }
        if (!kind.requiredStatus().equals(invoice.status())) {
            throw reject(tenantId, invoice.id(), invoice.number(), kind, source, sourceName, request,
                    HttpStatus.CONFLICT, "ACT-STATUS", "Invoice not in the right status", "invoice " + invoice.number() + " is "
                            + invoice.status() + "; " + kind.name().toLowerCase(Locale.ROOT) + " applies only to an "
                            + kind.requiredStatus() + " invoice");
        }
        List<String> problems = kind == SupplierAction.Kind.COMPLETE ? completionProblems(action)
                : recyclingProblems(action, invoice);
        if (!problems.isEmpty()) {
            throw reject(tenantId, invoice.id(), invoice.number(), kind, source, sourceName, request,
                    HttpStatus.BAD_REQUEST, "ACT-INVALID", "Invalid action", String.join("; ", problems));
        }
        if (actions.transmittedSince(invoice.id(), kind, invoice.statusAt())) {
            throw reject(tenantId, invoice.id(), invoice.number(), kind, source, sourceName, request,
                    HttpStatus.CONFLICT, "ACT-ALREADY-SENT", "Action already sent", "a " + kind.name().toLowerCase(Locale.ROOT)
                            + " of invoice " + invoice.number() + " was already sent to Chorus Pro; its answer will "
                            + "come as a status");
        }

        long actionId = actions.insert(tenantId, invoice.id(), invoice.number(), kind, source, sourceName, request,
                "PENDING", null);
        Map<String, Object> file = new LinkedHashMap<>();
        file.put("action", kind.chorusProAction());
        file.put("supplierSiret", invoice.sellerSiret());
        file.put("invoiceNumber", invoice.number());
        if (kind == SupplierAction.Kind.COMPLETE) {
            file.put("comment", action.comment());
            List<Map<String, String>> pieces = new ArrayList<>();
            for (SupplierAction.Attachment attachment : action.attachments()) {
                byte[] content = decode(attachment);
                Archived archived = archive.store(content);
                actions.addAttachment(actionId, attachment.name(), archived.sha256(), archived.size(),
                        archived.relativePath());
                pieces.add(Map.of("name", attachment.name(), "contentBase64", attachment.contentBase64().strip()));
            }
            file.put("attachments", pieces);
        } else {
            file.put("recipientSiret", orElse(action.recipientSiret(), invoice.buyerSiret()));
            file.put("serviceCode", orElse(action.serviceCode(), invoice.serviceCode()));
            file.put("engagementNumber", orElse(action.engagementNumber(), invoice.engagementNumber()));
        }
        String name;
        try {
            name = chorusPro.send(actionId, kind, invoice, file);
        } catch (ChorusProActionChannel.Refused e) {
            log.info("{}: action {} on invoice {} refused by Chorus Pro: {}", tenantId, actionId, invoice.number(),
                    e.getMessage());
            actions.settle(actionId, "REJECTED", e.getMessage(), null);
            throw new ActionRejectedException(HttpStatus.UNPROCESSABLE_ENTITY, "Refused by Chorus Pro",
                    e.getMessage(), "ACT-CHORUS-PRO-REFUSED", actionId);
        } catch (RuntimeException e) {
            log.warn("{}: action {} on invoice {} could not be sent: {}", tenantId, actionId, invoice.number(),
                    e.toString());
            actions.settle(actionId, "FAILED", "Chorus Pro unreachable: " + e.getMessage(), null);
            throw new ActionRejectedException(HttpStatus.SERVICE_UNAVAILABLE, "Chorus Pro unreachable",
                    "the action could not be handed to Chorus Pro; try again later", "ACT-CHORUS-PRO-UNREACHABLE",
                    actionId);
        }
        actions.settle(actionId, "TRANSMITTED", null, name);
        if (kind == SupplierAction.Kind.RECYCLE) {
            invoiceWrites.reroute(invoice.id(), (String) file.get("recipientSiret"), (String) file.get("serviceCode"),
                    (String) file.get("engagementNumber"));
        }
        log.info("{}: {} of invoice {} handed to Chorus Pro as {}", tenantId, kind, invoice.number(), name);
        return new Transmitted(actionId, invoice.id(), kind.name(), name);
    }

    /** Records an action file that could not be read as an action at all (kind UNKNOWN); returns its id. */
    public long refuseFile(String tenantId, String fileName, String reason) {
        return actions.insertUnknown(tenantId, fileName, reason);
    }

    /** The actions asked on an invoice. */
    public List<Map<String, Object>> history(long invoiceId) {
        // a viewer limited to some tenants sees nothing of another tenant's invoice, not even that it exists
        boolean visible = invoices.invoice(invoiceId).map(i -> fr.facteur.security.TenantScope.allows(i.tenantId()))
                .orElse(false);
        return visible ? actions.ofInvoice(invoiceId) : List.of();
    }

    private static List<String> completionProblems(SupplierAction action) {
        List<String> problems = new ArrayList<>();
        if ((action.comment() == null || action.comment().isBlank()) && action.attachments().isEmpty()) {
            problems.add("a completion needs a comment or at least one attachment");
        }
        if (action.comment() != null && action.comment().length() > 2000) {
            problems.add("comment must be at most 2000 characters");
        }
        for (SupplierAction.Attachment attachment : action.attachments()) {
            String name = attachment.name();
            if (name == null || name.isBlank() || name.length() > MAX_ATTACHMENT_NAME || name.contains("/")
                    || name.contains("\\")) {
                problems.add("attachment name '" + name + "' must be a file name of at most " + MAX_ATTACHMENT_NAME
                        + " characters");
                continue;
            }
            String extension = name.contains(".") ? name.substring(name.lastIndexOf('.') + 1).toUpperCase(Locale.ROOT)
                    : "";
            if (!ATTACHMENT_EXTENSIONS.contains(extension)) {
                problems.add("attachment " + name + ": extension not accepted by Chorus Pro (accepted: "
                        + ATTACHMENT_EXTENSIONS.stream().sorted().toList() + ")");
            }
            if (attachment.contentBase64() == null || attachment.contentBase64().isBlank()) {
                problems.add("attachment " + name + " has no content");
            } else {
                try {
                    if (decode(attachment).length > MAX_ATTACHMENT_BYTES) {
                        problems.add("attachment " + name + " is larger than 10 MB");
                    }
                } catch (IllegalArgumentException e) {
                    problems.add("attachment " + name + ": contentBase64 is not base64");
                }
            }
        }
        return problems;
    }

    private static List<String> recyclingProblems(SupplierAction action, InvoiceSummary invoice) {
        List<String> problems = new ArrayList<>();
        if (action.recipientSiret() == null && action.serviceCode() == null && action.engagementNumber() == null) {
            problems.add("a recycling changes recipientSiret, serviceCode or engagementNumber: none given");
        }
        if (action.recipientSiret() != null && !Siret.isValid(action.recipientSiret().strip())) {
            problems.add("recipientSiret '" + action.recipientSiret() + "' is not a valid SIRET (14 digits, Luhn key)");
        }
        if (action.serviceCode() != null && action.serviceCode().length() > 100) {
            problems.add("serviceCode must be at most 100 characters");
        }
        if (action.engagementNumber() != null && action.engagementNumber().length() > 50) {
            problems.add("engagementNumber must be at most 50 characters");
        }
        if (problems.isEmpty() && orElse(action.recipientSiret(), invoice.buyerSiret()).equals(invoice.buyerSiret())
                && java.util.Objects.equals(orElse(action.serviceCode(), invoice.serviceCode()), invoice.serviceCode())
                && java.util.Objects.equals(orElse(action.engagementNumber(), invoice.engagementNumber()),
                        invoice.engagementNumber())) {
            problems.add("the recycling changes nothing: give a different recipient, service code or engagement");
        }
        return problems;
    }

    private static byte[] decode(SupplierAction.Attachment attachment) {
        return Base64.getMimeDecoder().decode(attachment.contentBase64().strip());
    }

    private static String orElse(String value, String fallback) {
        return value == null || value.isBlank() ? fallback : value.strip();
    }

    private ActionRejectedException reject(String tenantId, Long invoiceId, String number, SupplierAction.Kind kind,
            String source, String sourceName, String request, HttpStatus status, String rule, String title,
            String detail) {
        long id = actions.insert(tenantId, invoiceId, number, kind, source, sourceName, request, "REJECTED", detail);
        log.info("{}: {} refused ({}, {}): {}", tenantId, kind, source, rule, detail);
        return new ActionRejectedException(status, title, detail, rule, id);
    }

    /** The request as recorded: attachments by name and size only, their content is archived. */
    private String describe(SupplierAction action) {
        Map<String, Object> copy = new LinkedHashMap<>();
        copy.put("invoiceNumber", action.invoiceNumber());
        copy.put("comment", action.comment());
        copy.put("attachments", action.attachments().stream().map(a -> a.name()).toList());
        copy.put("recipientSiret", action.recipientSiret());
        copy.put("serviceCode", action.serviceCode());
        copy.put("engagementNumber", action.engagementNumber());
        try {
            return json.writeValueAsString(copy);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
