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
 * <p>Order within a tenant is not kept, and need not be: every answer names the file it answers, each invoice is a
 * flow of its own (Chorus Pro does not relate one flow to another), and what must stay ordered per tenant — the
 * deposits and the relayed statuses of one invoice — is ordered downstream by the message groups of facteur.transmit
 * and facteur.relay, after the intake.
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
                    .setHeader(SftpIngress.TENANT_HEADER, constant("{{tenant}}"));
        if (workers > 1) {
            route.threads(workers, workers).maxQueueSize(workers).callerRunsWhenRejected(true)
                    .threadName("sftp-intake")
                    .bean("sftpIngress", "receive");
        } else {
            route.bean("sftpIngress", "receive");
        }
    }
}
