package fr.facteur.inbound.sftp;

import java.io.File;

import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;

import fr.facteur.action.ActionFiles;
import fr.facteur.inbound.Intake;
import fr.facteur.inbound.IntakeReport;
import fr.facteur.inbound.QueueOrder;
import fr.facteur.tenant.Tenant;
import fr.facteur.tenant.TenantDirectory;

/** Hands a polled file to the intake, and tells the poller where to move it (done/ or error/). */
@Component
class SftpIngress {

    static final String TENANT_HEADER = "FacteurTenant";
    /** Read by the endpoint's move expression once the exchange completes. */
    static final String MOVE_TO_HEADER = "FacteurMoveTo";
    private static final String TURN_PROPERTY = "FacteurQueueTurn";

    private final Intake intake;
    private final TenantDirectory tenants;
    private final ActionFiles actionFiles;
    private final QueueOrder queueOrder = new QueueOrder();

    SftpIngress(Intake intake, TenantDirectory tenants, ActionFiles actionFiles) {
        this.actionFiles = actionFiles;
        this.intake = intake;
        this.tenants = tenants;
    }

    /** Called by each of the tenant's pollers as it starts a file: the file's turn to be queued, in take order. */
    public void takeTurn(Exchange exchange) {
        exchange.setProperty(TURN_PROPERTY,
                queueOrder.next(exchange.getMessage().getHeader(TENANT_HEADER, String.class)));
    }

    public void receive(Exchange exchange) {
        QueueOrder.Turn turn = exchange.getProperty(TURN_PROPERTY, QueueOrder.none(), QueueOrder.Turn.class);
        try {
            receive(exchange, turn);
        } finally {
            turn.close(); // queued, refused or failed: the tenant's next file may be queued
        }
    }

    private void receive(Exchange exchange, QueueOrder.Turn turn) {
        String tenantId = exchange.getMessage().getHeader(TENANT_HEADER, String.class);
        // the tenant may have been removed between poll and processing: leave the file for later, never drop it
        Tenant tenant = tenants.find(tenantId)
                .orElseThrow(() -> new IllegalStateException("tenant " + tenantId + " is not installed"));
        String name = exchange.getMessage().getHeader(Exchange.FILE_NAME_ONLY, String.class);
        File local = exchange.getMessage().getBody(File.class);
        if (ActionFiles.isActionFile(name)) {
            // a supplier action (complete, recycle) beside the invoices, not an invoice
            boolean done = actionFiles.receive(tenant.id(), name, local.toPath());
            exchange.getMessage().setHeader(MOVE_TO_HEADER, done ? "done" : "error");
            return;
        }
        // the poller's claim key (name + size + date): the same file read again after a stop is a retry
        String transmission = "sftp:" + name + "-" + exchange.getMessage().getHeader(Exchange.FILE_LENGTH)
                + "-" + exchange.getMessage().getHeader(Exchange.FILE_LAST_MODIFIED, Long.class);
        IntakeReport report = intake.receive(tenant, "SFTP", name, local.toPath(), transmission, turn);
        exchange.getMessage().setHeader(MOVE_TO_HEADER, IntakeReport.REJECTED.equals(report.outcome()) ? "error" : "done");
    }
}
