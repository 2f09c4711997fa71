package fr.facteur.observability;

import java.time.Duration;
import java.time.Instant;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import fr.facteur.crypto.OperatorIdentity;

/**
 * {@code facteur_certificate_days_to_expiry{tenant="operator",certificate="operator"}}: days left on the operator's
 * own signing certificate (flows to Chorus Pro, AS2 MDNs). The tenants' AS2 certificates are the same metric with
 * their tenant id; this one matters more: when it expires, every tenant stops at once. Read at each scrape.
 */
@Component
class OperatorCertificateGauge {

    static final String OPERATOR = "operator";

    private final ObjectProvider<OperatorIdentity> identity;
    private final MeterRegistry registry;

    OperatorCertificateGauge(ObjectProvider<OperatorIdentity> identity, MeterRegistry registry) {
        this.identity = identity;
        this.registry = registry;
    }

    @EventListener(ApplicationReadyEvent.class)
    void register() {
        if (identity.getIfAvailable() == null) {
            return; // no operator identity in this configuration: nothing to watch
        }
        Gauge.builder("facteur.certificate.days.to.expiry", identity,
                        id -> Duration.between(Instant.now(), id.getObject().certificate().getNotAfter().toInstant())
                                .toDays())
                .description("Days until the certificate expires").tags("tenant", OPERATOR, "certificate", OPERATOR)
                .register(registry);
    }
}
