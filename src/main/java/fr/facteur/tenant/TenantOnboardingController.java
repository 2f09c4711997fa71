package fr.facteur.tenant;

import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Onboarding through the API (ADMIN only, see the security configuration): the body of POST and PUT is a tenant
 * file as JSON (the same keys as config/tenants/&lt;id&gt;.yaml); refusals are problem details listing every error.
 */
@RestController
@RequestMapping("/api/tenants")
public class TenantOnboardingController {

    static final URI INVALID_TENANT = URI.create("urn:facteur:problem:invalid-tenant");
    static final URI INVALID_IMPORT = URI.create("urn:facteur:problem:invalid-tenant-import");

    private final TenantOnboarding onboarding;

    public TenantOnboardingController(TenantOnboarding onboarding) {
        this.onboarding = onboarding;
    }

    @PostMapping(consumes = "application/json")
    public ResponseEntity<TenantView> create(@RequestBody JsonNode tenant) {
        TenantView view = TenantView.of(onboarding.create(tenant));
        return ResponseEntity.created(URI.create("/api/tenants/" + view.id())).body(view);
    }

    @PutMapping(path = "/{id}", consumes = "application/json")
    public TenantView replace(@PathVariable String id, @RequestBody JsonNode tenant) {
        return TenantView.of(onboarding.replace(id, tenant));
    }

    @DeleteMapping("/{id}")
    public ResponseEntity<Void> delete(@PathVariable String id) {
        onboarding.delete(id);
        return ResponseEntity.noContent().build();
    }

    /**
     * Bulk import of a supplier CSV (columns: {@link TenantCsv#COLUMNS}). 200 with the per-row report when every
     * row was applied; 422 with the same report, and nothing written, when any row is invalid.
     */
    @PostMapping(path = "/import", consumes = { "text/csv", "text/plain", "application/octet-stream" })
    public ResponseEntity<?> importCsv(HttpServletRequest request) throws IOException {
        TenantCsv.Rows rows = TenantCsv.read(new InputStreamReader(request.getInputStream(), StandardCharsets.UTF_8));
        if (!rows.fileErrors().isEmpty()) {
            return ResponseEntity.of(problem(HttpStatus.BAD_REQUEST, INVALID_IMPORT, "The CSV cannot be read",
                    rows.fileErrors())).build();
        }
        TenantOnboarding.ImportReport report = onboarding.importAll(rows.trees(), rows.errors());
        return ResponseEntity.status(report.applied() ? HttpStatus.OK : HttpStatus.UNPROCESSABLE_ENTITY).body(report);
    }

    @ExceptionHandler(TenantOnboarding.Refused.class)
    ResponseEntity<ProblemDetail> refused(TenantOnboarding.Refused refused) {
        HttpStatus status = switch (refused.kind()) {
            case INVALID -> HttpStatus.BAD_REQUEST;
            case NOT_FOUND -> HttpStatus.NOT_FOUND;
            case CONFLICT -> HttpStatus.CONFLICT;
        };
        URI type = refused.kind() == TenantOnboarding.Refused.Kind.NOT_FOUND ? TenantController.TENANT_NOT_FOUND
                : INVALID_TENANT;
        return ResponseEntity.of(problem(status, type, "The tenant was not written", refused.errors())).build();
    }

    private static ProblemDetail problem(HttpStatus status, URI type, String title, List<String> errors) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, String.join("; ", errors));
        problem.setType(type);
        problem.setTitle(title);
        problem.setProperty("errors", errors);
        return problem;
    }
}
