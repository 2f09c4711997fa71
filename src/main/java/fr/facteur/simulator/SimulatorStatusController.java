package fr.facteur.simulator;

import java.time.Clock;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.NoSuchElementException;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * Demo: an operator pushes an invoice status by hand, {@code POST /api/simulator/invoices/{number}/statuses} with
 * {@code {"status": "MISE_EN_PAIEMENT" | "11", "comment": "...", "supplierSiret": "..."}}. The simulator emits it in
 * a CPPStatut return file, which the gateway takes like any other. Exists only when the simulator is on.
 */
@RestController
@ConditionalOnProperty(name = "facteur.simulator.enabled", havingValue = "true")
class SimulatorStatusController {

    /** The request body. */
    record PushRequest(String status, String comment, String supplierSiret) {
    }

    private final Simulator simulator;
    private final Clock clock = Clock.systemUTC();

    SimulatorStatusController(Simulator simulator) {
        this.simulator = simulator;
    }

    @PostMapping("/api/simulator/invoices/{number}/statuses")
    ResponseEntity<?> push(@PathVariable String number, @RequestBody PushRequest request) {
        InvoiceStatus status = parse(request.status());
        if (status == null) {
            return problem(HttpStatus.BAD_REQUEST, "Unknown status", "status " + request.status()
                    + " is not a CPPStatut invoice status; one of " + Arrays.toString(InvoiceStatus.values())
                    + " or its code 01-13");
        }
        if (request.comment() != null && request.comment().length() > 500) {
            return problem(HttpStatus.BAD_REQUEST, "Comment too long", "comment must be at most 500 characters");
        }
        try {
            var file = simulator.push(number, blankToNull(request.supplierSiret()), status,
                    blankToNull(request.comment()), clock.instant());
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("invoiceNumber", number);
            body.put("status", status.name());
            body.put("code", status.code());
            body.put("returnFile", file.getFileName().toString());
            return ResponseEntity.status(HttpStatus.ACCEPTED).body(body);
        } catch (NoSuchElementException e) {
            return problem(HttpStatus.NOT_FOUND, "Unknown invoice", e.getMessage());
        } catch (IllegalArgumentException e) {
            return problem(HttpStatus.CONFLICT, "Ambiguous invoice number", e.getMessage());
        }
    }

    private static InvoiceStatus parse(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String v = value.trim().toUpperCase();
        return Arrays.stream(InvoiceStatus.values()).filter(s -> s.name().equals(v) || s.code().equals(v))
                .findFirst().orElse(null);
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }

    private static ResponseEntity<ProblemDetail> problem(HttpStatus status, String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setTitle(title);
        return ResponseEntity.status(status).body(problem);
    }
}
