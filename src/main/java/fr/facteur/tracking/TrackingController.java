package fr.facteur.tracking;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.core.io.FileSystemResource;
import org.springframework.core.io.Resource;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

import fr.facteur.archive.Archive;
import fr.facteur.security.TenantScope;

/**
 * "Where is my invoice?": search, the invoice with its full status history and links to every document (the
 * original, the flow and its signature, the return files), and the flows.
 */
@RestController
@RequestMapping("/api")
class TrackingController {

    private final InvoiceQueries queries;
    private final DocumentRepository documents;
    private final FlowRepository flows;
    private final Archive archive;
    private final WorklistQueries worklist;

    TrackingController(InvoiceQueries queries, DocumentRepository documents, FlowRepository flows, Archive archive,
            WorklistQueries worklist) {
        this.worklist = worklist;
        this.queries = queries;
        this.documents = documents;
        this.flows = flows;
        this.archive = archive;
    }

    @GetMapping("/invoices")
    InvoiceQueries.Page<InvoiceQueries.InvoiceSummary> search(@RequestParam(required = false) String tenant,
            @RequestParam(required = false) String status, @RequestParam(required = false) String number,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to,
            @RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = "50") int size) {
        if (page < 0 || size < 1 || size > 500) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "page must be >= 0 and size 1-500");
        }
        return queries.search(TenantScope.current().orElse(null), tenant, status, number, from, to, page, size);
    }

    @GetMapping("/invoices/{id}")
    Map<String, Object> invoice(@PathVariable long id) {
        // another tenant's invoice is "not found" for a viewer limited to some tenants: its existence is not told
        InvoiceQueries.InvoiceSummary invoice = queries.invoice(id).filter(i -> TenantScope.allows(i.tenantId()))
                .orElseThrow(() -> notFound("invoice " + id));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("invoice", invoice);
        body.put("stale", worklist.isStale(invoice.status(), invoice.statusAt()));
        body.put("history", queries.history(id));
        Map<String, Object> docs = new LinkedHashMap<>();
        docs.put("original", "/api/documents/" + invoice.documentId() + "/content");
        if (invoice.flowId() != null) {
            docs.put("flowId", invoice.flowId());
            docs.put("flow", "/api/flows/" + invoice.flowId() + "/content");
            docs.put("signature", "/api/flows/" + invoice.flowId() + "/signature");
        }
        // a Chorus Pro return file may carry other suppliers' statuses: only for users who see every tenant
        docs.put("returnFiles", !TenantScope.unlimited() ? List.of() : queries.returnFiles(id).stream()
                .map(r -> Map.of("name", r.get("name"), "href", "/api/return-files/" + r.get("id") + "/content"))
                .toList());
        body.put("documents", docs);
        body.put("deliveries", queries.deliveries(invoice.documentId(), invoice.flowId()));
        return body;
    }

    /** Invoices awaiting someone: A recycler, Suspendue, Rejetée, and stale ones (see {@link WorklistQueries}). */
    @GetMapping("/worklist")
    List<WorklistQueries.WorkItem> worklist(@RequestParam(required = false) String tenant) {
        return worklist.worklist(tenant).stream().filter(item -> TenantScope.allows(item.tenantId())).toList();
    }

    @GetMapping("/flows/{id}")
    FlowRecord flow(@PathVariable long id) {
        return flows.find(id).filter(f -> TenantScope.allows(f.tenantId())).orElseThrow(() -> notFound("flow " + id));
    }

    @GetMapping("/documents/{id}/content")
    ResponseEntity<Resource> original(@PathVariable long id) {
        DocumentRecord doc = documents.find(id).filter(d -> TenantScope.allows(d.tenantId())).orElseThrow(() -> notFound("document " + id));
        return download(archive.resolve(doc.archivePath()), doc.fileName());
    }

    @GetMapping("/flows/{id}/content")
    ResponseEntity<Resource> flowContent(@PathVariable long id) {
        FlowRecord flow = flows.find(id).filter(f -> TenantScope.allows(f.tenantId()))
                .orElseThrow(() -> notFound("flow " + id));
        return download(archive.resolve(flow.archivePath()), flow.name());
    }

    @GetMapping("/flows/{id}/signature")
    ResponseEntity<Resource> flowSignature(@PathVariable long id) {
        FlowRecord flow = flows.find(id).filter(f -> TenantScope.allows(f.tenantId()))
                .orElseThrow(() -> notFound("flow " + id));
        return download(archive.resolve(flow.signaturePath()), flow.name() + ".p7s");
    }

    @GetMapping("/return-files/{id}/content")
    ResponseEntity<Resource> returnFile(@PathVariable long id) {
        String path = queries.returnFileArchivePath(id).filter(p -> TenantScope.unlimited()).orElseThrow(() -> notFound("return file " + id));
        return download(archive.resolve(path), "return-" + id + ".xml");
    }

    private static ResponseEntity<Resource> download(Path file, String name) {
        if (!Files.exists(file)) {
            throw notFound("archived file " + name);
        }
        return ResponseEntity.ok()
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"" + name.replaceAll("[\"\\\\\\r\\n]", "_") + "\"")
                .contentType(MediaType.APPLICATION_OCTET_STREAM)
                .body(new FileSystemResource(file));
    }

    private static ResponseStatusException notFound(String what) {
        return new ResponseStatusException(HttpStatus.NOT_FOUND, what + " not found");
    }

}
