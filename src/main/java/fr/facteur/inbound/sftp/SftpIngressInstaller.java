package fr.facteur.inbound.sftp;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

import javax.sql.DataSource;

import org.apache.camel.CamelContext;
import org.apache.camel.builder.TemplatedRouteBuilder;
import org.apache.camel.processor.idempotent.jdbc.JdbcOrphanLockAwareIdempotentRepository;
import org.apache.camel.spring.boot.CamelContextConfiguration;
import org.apache.camel.support.service.ServiceHelper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import fr.facteur.platform.FacteurProperties;
import fr.facteur.platform.SftpMove;
import fr.facteur.platform.SftpPolling;
import fr.facteur.tenant.Tenant;
import fr.facteur.tenant.TenantDirectory;
import fr.facteur.tenant.TenantEvent;

/**
 * Keeps the SFTP polling routes of each installed tenant, following the tenant files: a new or changed tenant gets
 * its routes (re)created, a removed one has them stopped. A tenant has {@code facteur.intake.workers-per-tenant}
 * pollers, each taking its own share of the folder ({@link FilePartition}); route ids are stable:
 * &lt;tenant&gt;.sftp-in, then &lt;tenant&gt;.sftp-in-2, -3... All pollers of a tenant share one claim repository
 * (the one every instance shares through PostgreSQL) and one local work directory; each has its own stable-file
 * filter (a name always falls in the same share, so no state is split).
 */
@Component
class SftpIngressInstaller implements CamelContextConfiguration {

    private static final Logger log = LoggerFactory.getLogger(SftpIngressInstaller.class);

    private final CamelContext camel;
    private final TenantDirectory tenants;
    private final DataSource dataSource;
    private final FacteurProperties properties;
    private final int pollers;
    /** tenant id → the endpoint URI its first route runs with (the others differ only by their filter) */
    private final Map<String, String> installed = new HashMap<>();
    private final Map<String, JdbcOrphanLockAwareIdempotentRepository> readLocks = new HashMap<>();
    private volatile boolean started;

    SftpIngressInstaller(CamelContext camel, TenantDirectory tenants, DataSource dataSource,
            FacteurProperties properties, @Value("${facteur.intake.workers-per-tenant:1}") int pollers) {
        if (pollers < 1) {
            throw new IllegalStateException("facteur.intake.workers-per-tenant must be at least 1, not " + pollers);
        }
        this.pollers = pollers;
        this.camel = camel;
        this.tenants = tenants;
        this.dataSource = dataSource;
        this.properties = properties;
    }

    @Override
    public void beforeApplicationStart(CamelContext camelContext) {
    }

    @Override
    public void afterApplicationStart(CamelContext camelContext) {
        started = true;
        reconcile();
    }

    @EventListener
    public void on(TenantEvent event) {
        if (started) {
            reconcile();
        }
    }

    /** Brings the running routes in line with the installed tenants. */
    synchronized void reconcile() {
        Map<String, String> wanted = new HashMap<>();
        Map<String, Tenant> byId = new HashMap<>();
        for (Tenant tenant : tenants.installed()) {
            if (tenant.inbound() != null && tenant.inbound().sftp() != null) {
                wanted.put(tenant.id(), endpointUri(tenant, 1));
                byId.put(tenant.id(), tenant);
            }
        }
        for (String id : Map.copyOf(installed).keySet()) {
            if (!Objects.equals(installed.get(id), wanted.get(id))) {
                remove(id);
            }
        }
        wanted.keySet().forEach(id -> {
            if (!installed.containsKey(id)) {
                add(id, byId.get(id));
            }
        });
    }

    /** The route id of a tenant's poller: 1 is the first (and the only one with one worker per tenant). */
    static String routeId(String tenantId, int poller) {
        return poller == 1 ? tenantId + ".sftp-in" : tenantId + ".sftp-in-" + poller;
    }

    private void add(String tenantId, Tenant tenant) {
        try {
            JdbcOrphanLockAwareIdempotentRepository readLock =
                    SftpPolling.claimRepository(dataSource, "sftp-in:" + tenantId, camel);
            ServiceHelper.startService(readLock);
            readLocks.put(tenantId, readLock);
            camel.getRegistry().bind(readLockBean(tenantId), readLock);
            camel.getRegistry().bind(moveBean(tenantId), new SftpMove());
            for (int poller = 1; poller <= pollers; poller++) {
                camel.getRegistry().bind(stableFilterBean(tenantId, poller), pollers == 1
                        ? SftpPolling.stableFilter()
                        : new FilePartition(poller - 1, pollers, SftpPolling.stableFilter()));
                TemplatedRouteBuilder.builder(camel, SftpIngressRoutes.TEMPLATE)
                        .routeId(routeId(tenantId, poller))
                        .parameter("tenant", tenantId)
                        .parameter("uri", endpointUri(tenant, poller))
                        .add();
            }
            installed.put(tenantId, endpointUri(tenant, 1));
            log.info("{}: SFTP ingress installed, {} poller(s) from route {}", tenantId, pollers, routeId(tenantId, 1));
        } catch (Exception e) {
            log.error("{}: cannot install the SFTP ingress routes: {}", tenantId, e.getMessage(), e);
            removeRoutes(tenantId); // none half installed: the next reconcile starts afresh
        }
    }

    private void remove(String tenantId) {
        try {
            removeRoutes(tenantId);
            log.info("{}: SFTP ingress routes removed", tenantId);
        } finally {
            installed.remove(tenantId);
        }
    }

    /** Stops every poller of the tenant first (none keeps taking files), then removes them and their beans. */
    private void removeRoutes(String tenantId) {
        for (int poller = 1; poller <= pollers; poller++) {
            try {
                if (camel.getRoute(routeId(tenantId, poller)) != null) {
                    camel.getRouteController().stopRoute(routeId(tenantId, poller));
                }
            } catch (Exception e) {
                log.error("{}: cannot stop the SFTP ingress route {}: {}", tenantId, routeId(tenantId, poller),
                        e.getMessage(), e);
            }
        }
        for (int poller = 1; poller <= pollers; poller++) {
            try {
                if (camel.getRoute(routeId(tenantId, poller)) != null) {
                    camel.removeRoute(routeId(tenantId, poller));
                }
            } catch (Exception e) {
                log.error("{}: cannot remove the SFTP ingress route {}: {}", tenantId, routeId(tenantId, poller),
                        e.getMessage(), e);
            }
            camel.getRegistry().unbind(stableFilterBean(tenantId, poller));
        }
        JdbcOrphanLockAwareIdempotentRepository readLock = readLocks.remove(tenantId);
        if (readLock != null) {
            ServiceHelper.stopService(readLock);
        }
        camel.getRegistry().unbind(readLockBean(tenantId));
        camel.getRegistry().unbind(moveBean(tenantId));
    }

    private static String moveBean(String tenantId) {
        return "sftpMove-" + tenantId;
    }

    private static String readLockBean(String tenantId) {
        return "sftpReadLock-" + tenantId;
    }

    /** Tenant ids never hold a dot (TenantValidator), so the pollers' names cannot collide with another tenant's. */
    private static String stableFilterBean(String tenantId, int poller) {
        return poller == 1 ? "sftpStableFilter-" + tenantId : "sftpStableFilter-" + tenantId + "." + poller;
    }

    /** Polls the tenant's own connection (host key always checked) under the common policy of {@link SftpPolling}. */
    private String endpointUri(Tenant tenant, int poller) {
        Tenant.SftpAccount sftp = tenant.inbound().sftp();
        return sftp.camelUri(sftp.dir(), SftpPolling.options(sftp.poll(), readLockBean(tenant.id()),
                stableFilterBean(tenant.id(), poller),
                properties.dataDir().resolve("work").resolve("sftp").resolve(tenant.id()), SftpIngress.MOVE_TO_HEADER)
                // the pollers' first moves create done/ and error/ at the same moment: see SftpMove
                + "&processStrategy=#" + moveBean(tenant.id()));
    }
}
