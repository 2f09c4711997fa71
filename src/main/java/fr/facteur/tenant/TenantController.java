package fr.facteur.tenant;

import java.net.URI;
import java.util.List;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import fr.facteur.security.TenantScope;

/** GET /api/tenants: every tenant file with its state and validation errors, so an operator sees why one does not run. */
@RestController
@RequestMapping("/api/tenants")
public class TenantController {

    static final URI TENANT_NOT_FOUND = URI.create("urn:facteur:problem:tenant-not-found");

    private final TenantRegistry registry;

    public TenantController(TenantRegistry registry) {
        this.registry = registry;
    }

    /** Every tenant file, installed and invalid, by file name. */
    @GetMapping
    public List<TenantView> list() {
        return registry.statuses().stream().filter(status -> TenantScope.allows(status.id())).map(TenantView::of)
                .toList();
    }

    /** One tenant, or 404 as an RFC 9457 problem detail. */
    @GetMapping("/{id}")
    public ResponseEntity<?> one(@PathVariable String id) {
        return registry.status(id).filter(status -> TenantScope.allows(status.id())).<ResponseEntity<?>>map(status -> ResponseEntity.ok(TenantView.of(status)))
                .orElseGet(() -> ResponseEntity.of(notFound(id)).build());
    }

    private static ProblemDetail notFound(String id) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND,
                "No tenant '" + id + "': there is no file " + id + ".yaml in the tenant folder");
        problem.setType(TENANT_NOT_FOUND);
        problem.setTitle("Tenant not found");
        return problem;
    }
}
