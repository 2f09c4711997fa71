package fr.facteur.observability;

import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import jakarta.annotation.PreDestroy;

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
    /** A few daemon threads: probes only wait on the network, and must never keep the JVM from stopping. */
    private final ExecutorService probes = Executors.newFixedThreadPool(4, runnable -> {
        Thread thread = new Thread(runnable, "tenants-sftp-health");
        thread.setDaemon(true);
        return thread;
    });

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

    /** Probes the tenants side by side, so that a few unreachable servers cost one timeout, not one each. */
    private Map<String, SftpProbe.Result> probeAll() {
        Map<String, CompletableFuture<SftpProbe.Result>> pending = new LinkedHashMap<>();
        tenants.installed().stream()
                .filter(t -> t.inbound() != null && t.inbound().sftp() != null)
                .sorted(Comparator.comparing(Tenant::id))
                .forEach(t -> {
                    Tenant.SftpAccount sftp = t.inbound().sftp();
                    SftpProbe.Target target = new SftpProbe.Target(sftp.user(), sftp.host(), sftp.port(),
                            sftp.privateKey(), sftp.password(), sftp.knownHosts(), sftp.dir());
                    pending.put(t.id(), CompletableFuture.supplyAsync(() -> probe.probe(target), probes));
                });
        Map<String, SftpProbe.Result> results = new LinkedHashMap<>();
        pending.forEach((tenant, result) -> results.put(tenant, result.join()));
        return results;
    }

    @PreDestroy
    void stopProbes() {
        probes.shutdownNow();
    }
}
