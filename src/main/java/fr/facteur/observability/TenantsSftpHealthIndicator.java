package fr.facteur.observability;

import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.stereotype.Component;

import fr.facteur.tenant.Tenant;
import fr.facteur.tenant.TenantDirectory;

/**
 * Health {@code tenantsSftp}: for every installed tenant that sends over SFTP, can the gateway open its server and
 * list its inbound folder? Each tenant is listed UP or DOWN with the reason. Checked at most every 30 s.
 *
 * <p>Overall DOWN only when every such tenant is unreachable: one supplier's server being down is that supplier's
 * problem (its files wait on its side), and must not make an orchestrator restart or unroute a gateway that serves
 * all the others. All of them down at once points at the gateway itself (network, egress firewall, DNS). With no
 * SFTP tenant the indicator is UP.
 */
@Component
public class TenantsSftpHealthIndicator implements HealthIndicator {

    private final TenantDirectory tenants;
    private final SftpProbe probe;
    private final CachedCheck<Map<String, SftpProbe.Result>> check;

    @Autowired
    public TenantsSftpHealthIndicator(TenantDirectory tenants) {
        this(tenants, new SftpProbe(ChorusProHealthIndicator.TIMEOUT), Clock.systemUTC());
    }

    TenantsSftpHealthIndicator(TenantDirectory tenants, SftpProbe probe, Clock clock) {
        this.tenants = tenants;
        this.probe = probe;
        this.check = new CachedCheck<>(this::probeAll, ChorusProHealthIndicator.CACHE, clock);
    }

    @Override
    public Health health() {
        Map<String, SftpProbe.Result> results = check.get();
        Map<String, Object> details = new LinkedHashMap<>();
        results.forEach((tenant, result) -> details.put(tenant, result.up()
                ? Map.of("status", "UP", "sftp", result.target())
                : Map.of("status", "DOWN", "sftp", result.target(), "reason", result.reason())));
        boolean allDown = !results.isEmpty() && results.values().stream().noneMatch(SftpProbe.Result::up);
        return (allDown ? Health.down() : Health.up()).withDetails(details)
                .withDetail("checkedAt", check.checkedAt().toString()).build();
    }

    private Map<String, SftpProbe.Result> probeAll() {
        Map<String, SftpProbe.Result> results = new LinkedHashMap<>();
        tenants.installed().stream()
                .filter(t -> t.inbound() != null && t.inbound().sftp() != null)
                .sorted(Comparator.comparing(Tenant::id))
                .forEach(t -> {
                    Tenant.SftpAccount sftp = t.inbound().sftp();
                    results.put(t.id(), probe.probe(new SftpProbe.Target(sftp.user(), sftp.host(), sftp.port(),
                            sftp.privateKey(), sftp.password(), sftp.knownHosts(), sftp.dir())));
                });
        return results;
    }
}
