package fr.facteur.transmit;

import java.nio.file.Path;
import java.util.Map;

import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;

import fr.facteur.archive.Archive;
import fr.facteur.platform.FacteurProperties;
import fr.facteur.tracking.FlowRecord;

/**
 * Deposits flows in Chorus Pro's SFTP drop box (the simulator's in the demo). Each file is uploaded under a
 * temporary name and renamed when complete; the signature goes first so that a complete flow file always has its
 * .p7s beside it.
 */
class SftpChorusProChannel implements ChorusProChannel {

    private final ProducerTemplate producer;
    private final Archive archive;
    private final String endpoint;

    SftpChorusProChannel(ProducerTemplate producer, Archive archive, FacteurProperties.Sftp sftp) {
        this.producer = producer;
        this.archive = archive;
        this.endpoint = sftp.camelUri(sftp.depositDir(), String.join("&",
                // fastExistsCheck: one listing of the drop box per file instead of three (see relay.SupplierSftp)
                "tempPrefix=.part-", "fileExist=Override", "fastExistsCheck=true", "connectTimeout=10000", "timeout=60000",
                "disconnect=false", "serverAliveInterval=15000"));
    }

    @Override
    public void deposit(FlowRecord flow) {
        upload(archive.resolve(flow.signaturePath()), flow.name() + ".p7s");
        upload(archive.resolve(flow.archivePath()), flow.name());
    }

    private void upload(Path file, String name) {
        // a java.io.File body is streamed from disk by the SFTP producer
        producer.sendBodyAndHeaders(endpoint, file.toFile(), Map.of(Exchange.FILE_NAME, name));
    }
}
