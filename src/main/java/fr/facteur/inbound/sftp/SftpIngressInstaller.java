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
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import fr.facteur.platform.FacteurProperties;
import fr.facteur.platform.SftpPolling;
import fr.facteur.tenant.Tenant;
import fr.facteur.tenant.TenantDirectory;
import fr.facteur.tenant.TenantEvent;

/**
 * Keeps one SFTP polling route per installed tenant, following the tenant files: a new or changed tenant gets its
 * route (re)created, a removed one has it stopped. Route ids are stable: &lt;tenant&gt;.sftp-in.
 */
@Component
class SftpIngressInstaller implements CamelContextConfiguration {

    private static final Logger log = LoggerFactory.getLogger(SftpIngressInstaller.class);

    private final CamelContext camel;
    private final TenantDirectory tenants;
    private final DataSource dataSource;
    private final FacteurProperties properties;
    /** tenant id → the endpoint URI its route runs with */
    private final Map<String, String> installed = new HashMap<>();
    private final Map<String, JdbcOrphanLockAwareIdempotentRepository> readLocks = new HashMap<>();
    private volatile boolean started;

    SftpIngressInstaller(CamelContext camel, TenantDirectory tenants, DataSource dataSource,
            FacteurProperties properties) {
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
        for (Tenant tenant : tenants.installed()) {
            if (tenant.inbound() != null && tenant.inbound().sftp() != null) {
                wanted.put(tenant.id(), endpointUri(tenant));
            }
        }
        for (String id : Map.copyOf(installed).keySet()) {
            if (!Objects.equals(installed.get(id), wanted.get(id))) {
                remove(id);
            }
        }
        wanted.forEach((id, uri) -> {
            if (!installed.containsKey(id)) {
                add(id, uri);
            }
        });
    }

    static String routeId(String tenantId) {
        return tenantId + ".sftp-in";
    }

    private void add(String tenantId, String uri) {
        try {
            JdbcOrphanLockAwareIdempotentRepository readLock =
                    SftpPolling.claimRepository(dataSource, "sftp-in:" + tenantId, camel);
            ServiceHelper.startService(readLock);
            readLocks.put(tenantId, readLock);
            camel.getRegistry().bind(readLockBean(tenantId), readLock);
            camel.getRegistry().bind(stableFilterBean(tenantId), SftpPolling.stableFilter());
            TemplatedRouteBuilder.builder(camel, SftpIngressRoutes.TEMPLATE)
                    .routeId(routeId(tenantId))
                    .parameter("tenant", tenantId)
                    .parameter("uri", uri)
                    .add();
            installed.put(tenantId, uri);
            log.info("{}: SFTP ingress route {} installed", tenantId, routeId(tenantId));
        } catch (Exception e) {
            log.error("{}: cannot install the SFTP ingress route: {}", tenantId, e.getMessage(), e);
        }
    }

    private void remove(String tenantId) {
        try {
            camel.getRouteController().stopRoute(routeId(tenantId));
            camel.removeRoute(routeId(tenantId));
            ServiceHelper.stopService(readLocks.remove(tenantId));
            camel.getRegistry().unbind(readLockBean(tenantId));
            camel.getRegistry().unbind(stableFilterBean(tenantId));
            log.info("{}: SFTP ingress route {} removed", tenantId, routeId(tenantId));
        } catch (Exception e) {
            log.error("{}: cannot remove the SFTP ingress route: {}", tenantId, e.getMessage(), e);
        } finally {
            installed.remove(tenantId);
        }
    }

    private static String readLockBean(String tenantId) {
        return "sftpReadLock-" + tenantId;
    }

    private static String stableFilterBean(String tenantId) {
        return "sftpStableFilter-" + tenantId;
    }

    /** Polls the tenant's own connection (host key always checked) under the common policy of {@link SftpPolling}. */
    private String endpointUri(Tenant tenant) {
        Tenant.SftpAccount sftp = tenant.inbound().sftp();
        return sftp.camelUri(sftp.dir(), SftpPolling.options(sftp.poll(), readLockBean(tenant.id()), stableFilterBean(tenant.id()),
                properties.dataDir().resolve("work").resolve("sftp").resolve(tenant.id()), SftpIngress.MOVE_TO_HEADER));
    }
}
