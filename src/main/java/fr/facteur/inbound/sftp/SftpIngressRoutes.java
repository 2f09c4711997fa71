package fr.facteur.inbound.sftp;

import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.model.RouteDefinition;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The SFTP ingress route template, instantiated once per tenant by {@link SftpIngressInstaller} with the stable route
 * id &lt;tenant&gt;.sftp-in. Thin: the endpoint URI carries the polling policy, {@link SftpIngress} does the work.
 *
 * <p><b>One file at a time per tenant, measured.</b> The route hands each file to a pool
 * ({@code facteur.intake.workers-per-tenant}), meant to read several files of a tenant at once while their flows are
 * queued in the order they were taken ({@link fr.facteur.inbound.QueueOrder}). But Camel's SFTP consumer is
 * synchronous (camel-ftp refuses {@code synchronous=false}: the file is moved on the same connection once its
 * exchange completes), so the poller waits for each file's whole processing before it takes the next: a JFR profile
 * of the one-tenant benchmark shows the poller parked in {@code GenericFileConsumer.processExchange} for the whole
 * of every file. The pool therefore does not overlap a tenant's files today; tenants do run in parallel (one poller
 * each). Reading a tenant's files at once needs the intake split in two — the file recorded durably in the
 * poller (archived, document RECEIVED), the rest in the pool, with a sweep that resumes RECEIVED documents after a
 * crash — because the file leaves the supplier's folder when the exchange completes (docs/performance.md).
 */
@Component
class SftpIngressRoutes extends RouteBuilder {

    static final String TEMPLATE = "sftp-ingress";

    private final int workers;

    SftpIngressRoutes(@Value("${facteur.intake.workers-per-tenant:4}") int workers) {
        if (workers < 1) {
            throw new IllegalStateException("facteur.intake.workers-per-tenant must be at least 1, not " + workers);
        }
        this.workers = workers;
    }

    @Override
    public void configure() {
        RouteDefinition route = routeTemplate(TEMPLATE)
                .templateParameter("tenant")
                .templateParameter("uri")
                .from("{{uri}}")
                    .setHeader(SftpIngress.TENANT_HEADER, constant("{{tenant}}"))
                    // in the poller's thread, before the pool: the file's place in its tenant's queue order
                    .bean("sftpIngress", "takeTurn");
        if (workers > 1) {
            route.threads(workers, workers).maxQueueSize(workers).callerRunsWhenRejected(true)
                    .threadName("sftp-intake")
                    .bean("sftpIngress", "receive");
        } else {
            route.bean("sftpIngress", "receive");
        }
    }
}
