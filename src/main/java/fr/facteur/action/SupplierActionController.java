package fr.facteur.action;

import java.util.List;
import java.util.Map;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Supplier actions through the API. The acting tenant is the {@code tenant} parameter until the API has
 * authentication (then it is the caller's tenant); an invoice of another tenant is refused (403).
 *
 * <pre>
 * POST /api/invoices/{id}/complete?tenant=acme  {"comment": "...", "attachments": [{"name": "bl.pdf", "contentBase64": "..."}]}
 * POST /api/invoices/{id}/recycle?tenant=acme   {"recipientSiret": "...", "serviceCode": "...", "engagementNumber": "..."}
 * </pre>
 * 202 with the action when it went to Chorus Pro; a problem detail otherwise (400 invalid, 403 not the tenant's, 404
 * unknown invoice, 409 wrong status or already sent, 503 Chorus Pro unreachable).
 */
@RestController
@RequestMapping("/api/invoices/{id}")
class SupplierActionController {

    private final SupplierActions actions;

    SupplierActionController(SupplierActions actions) {
        this.actions = actions;
    }

    @PostMapping("/complete")
    ResponseEntity<SupplierActions.Transmitted> complete(@PathVariable long id, @RequestParam String tenant,
            @RequestBody SupplierAction body) {
        return ResponseEntity.status(HttpStatus.ACCEPTED)
                .body(actions.act(tenant, id, SupplierAction.Kind.COMPLETE, body, SupplierActions.API, null));
    }

    @PostMapping("/recycle")
    ResponseEntity<SupplierActions.Transmitted> recycle(@PathVariable long id, @RequestParam String tenant,
            @RequestBody SupplierAction body) {
        return ResponseEntity.status(HttpStatus.ACCEPTED)
                .body(actions.act(tenant, id, SupplierAction.Kind.RECYCLE, body, SupplierActions.API, null));
    }

    @GetMapping("/actions")
    List<Map<String, Object>> history(@PathVariable long id) {
        return actions.history(id);
    }

    @ExceptionHandler(ActionRejectedException.class)
    ResponseEntity<ProblemDetail> rejected(ActionRejectedException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(e.status(), e.getMessage());
        problem.setTitle(e.title());
        return ResponseEntity.status(e.status()).body(problem);
    }
}
