package fr.facteur.deadletter;

import java.net.URI;
import java.util.List;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import fr.facteur.security.TenantScope;

/** GET /api/dead-letters (readers, limited to their tenants) and POST /api/dead-letters/{id}/replay (ADMIN). */
@RestController
@RequestMapping("/api/dead-letters")
class DeadLetterController {

    private final DeadLetters deadLetters;

    DeadLetterController(DeadLetters deadLetters) {
        this.deadLetters = deadLetters;
    }

    @GetMapping
    List<DeadLetters.DeadLetter> list() {
        return deadLetters.list().stream()
                .filter(letter -> TenantScope.unlimited() || (letter.tenant() != null && TenantScope.allows(letter.tenant())))
                .toList();
    }

    /** {@code id} is the JMS message id as listed ({@code ID:...}). */
    @PostMapping("/{id}/replay")
    ResponseEntity<?> replay(@PathVariable String id) {
        try {
            return deadLetters.replay(id).<ResponseEntity<?>>map(ResponseEntity::ok).orElseGet(() -> {
                ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND,
                        "No dead letter " + id + " (replayed already, or never there)");
                problem.setType(URI.create("urn:facteur:problem:dead-letter-not-found"));
                problem.setTitle("Dead letter not found");
                return ResponseEntity.of(problem).build();
            });
        } catch (IllegalStateException e) {
            ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, e.getMessage());
            problem.setTitle("Dead letter not replayed");
            return ResponseEntity.of(problem).build();
        }
    }
}
