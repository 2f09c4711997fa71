package fr.facteur.inbound.sftp;

import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.model.RouteDefinition;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The SFTP ingress route template, instantiated once per tenant by {@link SftpIngressInstaller} with the stable route
 * id &lt;tenant&gt;.sftp-in. Thin: the endpoint URI carries the polling policy, {@link SftpIngress} does the work.
 *
 * <p>The files of one poll are processed by a small pool per tenant ({@code facteur.intake.workers-per-tenant},
 * default 4; 1 restores one file after the other). Most of an invoice's time is spent waiting for disk syncs
 * (PostgreSQL, the broker's journal, the archive's chain), so a tenant with one worker leaves the CPU idle. The
 * poller itself stays single-threaded (it downloads each file to its local work file, then hands it over); a full
 * pool makes the poller process the file itself, which slows the polling down instead of queueing without bound.
 *
 * <p>The files are read in parallel but their flows are queued in the order they were taken
 * ({@link fr.facteur.inbound.QueueOrder}): each waits, just before queueing, for the files before it. The message
 * group of facteur.transmit then keeps that order up to Chorus Pro. Answers may go in any order: each names its
 * file.
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
