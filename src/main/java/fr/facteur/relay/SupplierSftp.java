package fr.facteur.relay;

import java.util.Map;

import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;

import fr.facteur.tenant.Tenant;

/**
 * Writes a file into a supplier's return folder on its own SFTP server (the connection the gateway polls its
 * invoices on), host key checked. The file is uploaded under a temporary name ({@code .part-<name>}) and renamed
 * once complete, so a supplier polling its folder never takes half a file; a file of the same name is replaced,
 * which makes a delivery repeated after a crash harmless.
 */
public class SupplierSftp {

    private final ProducerTemplate producer;

    public SupplierSftp(ProducerTemplate producer) {
        this.producer = producer;
    }

    public void upload(Tenant tenant, String fileName, byte[] content) {
        Tenant.SftpAccount account = tenant.inbound() == null ? null : tenant.inbound().sftp();
        if (account == null) {
            throw new IllegalStateException(tenant.id() + ": returns.channel is sftp but the tenant has no SFTP "
                    + "connection (inbound.sftp)");
        }
        String folder = tenant.returns().sftpDir();
        if (folder == null || folder.isBlank()) {
            throw new IllegalStateException(tenant.id() + ": returns.channel is sftp but returns.sftp.dir is not set");
        }
        // one connection per delivery: suppliers' servers should not see idle sessions held by the gateway
        String uri = account.camelUri(folder, String.join("&", "tempPrefix=.part-", "fileExist=Override",
                "disconnect=true", "connectTimeout=10000", "timeout=30000"));
        producer.sendBodyAndHeaders(uri, content, Map.of(Exchange.FILE_NAME, fileName));
    }
}
