package fr.facteur.inbound.as2;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import org.springframework.context.event.EventListener;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import fr.facteur.tenant.CertificateExpiry;
import fr.facteur.tenant.TenantDirectory;
import fr.facteur.tenant.TenantEvent;

/**
 * {@code facteur_certificate_days_to_expiry{tenant,certificate}}: days left on each tenant's AS2 certificates
 * (certificate = current | next), so an alert can fire weeks before a partner's messages start failing. Refreshed
 * hourly and whenever a tenant file changes.
 */
@Component
public class CertificateExpiryGauges {

    static final String NAME = "facteur.certificate.days.to.expiry";

    private final TenantDirectory tenants;
    private final MultiGauge gauge;

    public CertificateExpiryGauges(TenantDirectory tenants, MeterRegistry registry) {
        this.tenants = tenants;
        this.gauge = MultiGauge.builder(NAME).description("Days until the tenant's AS2 certificate expires")
                // no base unit: the Prometheus name stays facteur_certificate_days_to_expiry
                .register(registry);
    }

    @EventListener({ApplicationReadyEvent.class, TenantEvent.Installed.class, TenantEvent.Removed.class})
    @Scheduled(fixedDelayString = "PT1H", initialDelayString = "PT1H")
    public void refresh() {
        Instant now = Instant.now();
        List<MultiGauge.Row<?>> rows = new ArrayList<>();
        tenants.installed().forEach(tenant -> CertificateExpiry.of(tenant, now).stream()
                .filter(c -> c.daysToExpiry() != null)
                .forEach(c -> rows.add(MultiGauge.Row.of(Tags.of("tenant", tenant.id(), "certificate", c.certificate()),
                        c.daysToExpiry()))));
        gauge.register(rows, true);
    }
}
