package fr.facteur.tracking;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;

import fr.facteur.security.TenantScope;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Every file a supplier sent, accepted or not — a rejected file never becomes an invoice, so this is where its
 * rejection report is read: {@code GET /api/documents?tenant=acme&state=REJECTED}, then {@code /api/documents/{id}}
 * with each failed rule (id, location, line, French and English message), as the supplier received it.
 */
@RestController
@RequestMapping("/api/documents")
class DocumentsController {

    private final DocumentRepository documents;
    private final ObjectMapper json;

    DocumentsController(DocumentRepository documents, ObjectMapper json) {
        this.documents = documents;
        this.json = json;
    }

    @GetMapping
    List<Map<String, Object>> search(@RequestParam(required = false) String tenant,
            @RequestParam(required = false) String state, @RequestParam(defaultValue = "50") int size) {
        if (size < 1 || size > 500) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "size must be 1-500");
        }
        // a viewer limited to some tenants only ever sees theirs
        return documents.search(tenant, state, size).stream().filter(d -> TenantScope.allows(d.tenantId()))
                .map(this::view).toList();
    }

    @GetMapping("/{id}")
    Map<String, Object> document(@PathVariable long id) {
        return documents.find(id).filter(d -> TenantScope.allows(d.tenantId())).map(this::view)
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "document " + id + " not found"));
    }

    private Map<String, Object> view(DocumentRecord doc) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", doc.id());
        body.put("tenant", doc.tenantId());
        body.put("file", doc.fileName());
        body.put("channel", doc.channel());
        body.put("size", doc.sizeBytes());
        body.put("sha256", doc.sha256());
        body.put("receivedAt", doc.receivedAt());
        body.put("state", doc.state());
        body.put("syntax", doc.syntax());
        body.put("errors", errors(doc.rejection()));
        body.put("content", "/api/documents/" + doc.id() + "/content");
        return body;
    }

    private JsonNode errors(String rejection) {
        if (rejection == null) {
            return json.createArrayNode();
        }
        try {
            return json.readTree(rejection);
        } catch (JsonProcessingException e) {
            return json.createArrayNode(); // stored by the intake from its own JSON: not expected
        }
    }
}
