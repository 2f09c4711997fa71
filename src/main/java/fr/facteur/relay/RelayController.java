package fr.facteur.relay;

import java.time.OffsetDateTime;
import java.util.List;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/** The relay state of a tenant: what waits, why (backoff after an endpoint failure), and what failed for good. */
@RestController
class RelayController {

    /**
     * @param pending        deliveries waiting (in order)
     * @param attempts       consecutive failed attempts of the tenant's endpoint, 0 when it is fine
     * @param nextAttemptAt  when the next attempt is due, null when none is delayed
     * @param lastError      the last endpoint failure (never contains a secret)
     * @param failed         deliveries that failed for good, most recent first
     */
    record RelayState(String tenant, int pending, int attempts, OffsetDateTime nextAttemptAt, String lastError,
            List<RelayOutbox.Failed> failed) {
    }

    private final RelayOutbox outbox;

    RelayController(RelayOutbox outbox) {
        this.outbox = outbox;
    }

    @GetMapping("/api/relay/{tenant}")
    RelayState state(@PathVariable String tenant) {
        if (!fr.facteur.security.TenantScope.allows(tenant)) {
            throw new org.springframework.web.server.ResponseStatusException(org.springframework.http.HttpStatus.NOT_FOUND,
                    "no tenant " + tenant);
        }
        RelayOutbox.TenantState state = outbox.state(tenant);
        return new RelayState(tenant, outbox.pendingCount(tenant), state.attempts(), state.nextAttemptAt(),
                state.lastError(), outbox.failed(tenant, 50));
    }
}
