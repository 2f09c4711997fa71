package fr.facteur.relay;

import java.io.ByteArrayInputStream;
import java.time.Duration;

import fr.facteur.platform.StagedSftpWriter;
import fr.facteur.tenant.Tenant;

/**
 * Writes files into a supplier's return folder on its own SFTP server (the connection the gateway polls its
 * invoices on), host key checked, in the two steps of {@link StagedSftpWriter}: {@link #stage} uploads under a
 * temporary name, the relay records the delivery and commits, then {@link #publish} renames, so a crash never shows
 * the supplier a file twice (see {@link RelayService#publishStaged}). Connections are kept per burst of deliveries
 * ({@code facteur.relay.sftp-keep-open}), one per tenant. Failures are outages to wait out (the dispatcher backs
 * off), except a tenant file that names no SFTP account or return folder.
 */
public class SupplierSftp implements AutoCloseable {

    private final StagedSftpWriter writer;

    public SupplierSftp(Duration keepOpen) {
        this.writer = new StagedSftpWriter(keepOpen, "relay-sftp-sweeper");
    }

    /** Uploads the file under its temporary name; the supplier does not see it until {@link #publish}. */
    public String stage(Tenant tenant, String fileName, byte[] content) {
        return writer.stage(target(tenant), folder(tenant), fileName, () -> new ByteArrayInputStream(content));
    }

    /**
     * Renames the staged file to its name; when the staged file is gone, the rename already happened.
     *
     * @return true when this call made the file visible, false when an earlier call had
     */
    public boolean publish(Tenant tenant, String stagedName, String fileName) {
        return writer.publish(target(tenant), folder(tenant), stagedName, fileName);
    }

    /** Stages then publishes at once: for callers with no commit to make in between. */
    public void upload(Tenant tenant, String fileName, byte[] content) {
        publish(tenant, stage(tenant, fileName, content), fileName);
    }

    private static StagedSftpWriter.Target target(Tenant tenant) {
        Tenant.SftpAccount account = tenant.inbound() == null ? null : tenant.inbound().sftp();
        if (account == null) {
            throw new IllegalStateException(tenant.id() + ": returns.channel is sftp but the tenant has no SFTP "
                    + "connection (inbound.sftp)");
        }
        // keyed by tenant: a supplier's connection is never shared with another's, even on the same server
        return new StagedSftpWriter.Target("tenant " + tenant.id(), account.user(), account.host(), account.port(),
                account.knownHosts(), account.privateKey(), account.password());
    }

    private static String folder(Tenant tenant) {
        String folder = tenant.returns() == null ? null : tenant.returns().sftpDir();
        if (folder == null || folder.isBlank()) {
            throw new IllegalStateException(tenant.id() + ": returns.channel is sftp but returns.sftp.dir is not set");
        }
        return folder;
    }

    /** Closes the connections idle for longer than keep-open. */
    void closeIdle() {
        writer.closeIdle();
    }

    /** Connections open now. */
    int openConnections() {
        return writer.openConnections();
    }

    @Override
    public void close() {
        writer.close();
    }
}
