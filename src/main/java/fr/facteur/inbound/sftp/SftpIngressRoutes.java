package fr.facteur.inbound.sftp;

import org.apache.camel.builder.RouteBuilder;
import org.springframework.stereotype.Component;

/**
 * The SFTP ingress route template, instantiated {@code facteur.intake.workers-per-tenant} times per tenant by
 * {@link SftpIngressInstaller}, with the stable route ids &lt;tenant&gt;.sftp-in, &lt;tenant&gt;.sftp-in-2...
 * Thin: the endpoint URI carries the polling policy, {@link SftpIngress} does the work.
 *
 * <p><b>How a tenant's files are read at once.</b> Camel's SFTP consumer is synchronous (camel-ftp refuses
 * {@code synchronous=false}: the file is moved on the same connection once its exchange completes), so one poller
 * processes one file at a time, and a pool behind it never overlaps two (measured: the poller parked in
 * {@code GenericFileConsumer.processExchange} for each file's whole processing, docs/performance.md). A tenant
 * therefore has N pollers of its folder, as N gateway instances would, each processing its file in its own thread
 * from take to move. Camel claims a file in the shared PostgreSQL repository while it <em>lists</em> the folder, for
 * the whole batch of the poll (up to 500 files), so N pollers of the same files would race for whole batches and all
 * but one would idle: each poller takes only its share of the names ({@link FilePartition}), sorted oldest first.
 * Exactly once is the single poller's, file by file: claimed before it is read (by one poller, of one instance),
 * moved to done/ or error/ by the outcome of its own exchange (a move whose mkdir of done/ or error/ raced with a
 * sibling's is tried again: {@link fr.facteur.platform.SftpMove}), released for a retry on failure, taken over 60 s
 * after a crash, deduplicated by the intake if it comes again.
 *
 * <p><b>Order.</b> Each file takes its turn ({@link fr.facteur.inbound.QueueOrder}, one per tenant across its
 * pollers) when its poller starts it, and its flow is queued only after those of the files taken before it. With one
 * poller (the default), the files of a batch dropped at once are taken, and queued, oldest first then by name; with N,
 * each poller takes its share in that order and the shares interleave: the flows are queued in the order the files
 * were taken, which may differ from the names' order between files taken at the same moment.
 */
@Component
class SftpIngressRoutes extends RouteBuilder {

    static final String TEMPLATE = "sftp-ingress";

    @Override
    public void configure() {
        routeTemplate(TEMPLATE)
                .templateParameter("tenant")
                .templateParameter("uri")
                .from("{{uri}}")
                    .setHeader(SftpIngress.TENANT_HEADER, constant("{{tenant}}"))
                    // in this poller's thread, as it starts the file: the file's place in its tenant's queue order
                    .bean("sftpIngress", "takeTurn")
                    .bean("sftpIngress", "receive");
    }
}
