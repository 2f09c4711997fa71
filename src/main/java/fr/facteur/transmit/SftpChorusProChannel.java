package fr.facteur.transmit;

import java.nio.file.Files;
import java.nio.file.Path;

import fr.facteur.archive.Archive;
import fr.facteur.platform.FacteurProperties;
import fr.facteur.platform.StagedSftpWriter;
import fr.facteur.tracking.FlowRecord;
import fr.facteur.tracking.FlowRepository;

/**
 * Deposits flows in Chorus Pro's SFTP drop box (the simulator's in the demo), host key checked, in two steps with a
 * commit between them ({@link StagedSftpWriter}): the flow and its signature are uploaded (streamed from the
 * archive) under temporary names, the flow is recorded as staged, then both are renamed, the signature first so
 * that a complete flow file always has its .p7s beside it. A redelivery after a crash finds the flow staged and only
 * renames what is still under a temporary name: a kill after the renames but before the flow is marked transmitted
 * never deposits it twice (Chorus Pro would answer 93, "flux déjà reçu").
 */
class SftpChorusProChannel implements ChorusProChannel {

    private final StagedSftpWriter writer;
    private final Archive archive;
    private final FlowRepository flows;
    private final StagedSftpWriter.Target target;
    private final String folder;

    SftpChorusProChannel(StagedSftpWriter writer, Archive archive, FlowRepository flows, FacteurProperties.Sftp sftp) {
        this.writer = writer;
        this.archive = archive;
        this.flows = flows;
        this.target = new StagedSftpWriter.Target("chorus-pro", sftp.user(), sftp.host(), sftp.port(),
                sftp.knownHosts(), sftp.privateKey(), sftp.password());
        this.folder = sftp.depositDir();
    }

    @Override
    public void deposit(FlowRecord flow) {
        String signature = flow.name() + ".p7s";
        if (!flows.isStaged(flow.id())) {
            stage(archive.resolve(flow.signaturePath()), signature);
            stage(archive.resolve(flow.archivePath()), flow.name());
            flows.markStaged(flow.id()); // committed at once: nothing is visible to Chorus Pro before this
        }
        writer.publish(target, folder, StagedSftpWriter.stagingName(signature), signature);
        writer.publish(target, folder, StagedSftpWriter.stagingName(flow.name()), flow.name());
    }

    private void stage(Path file, String name) {
        writer.stage(target, folder, name, () -> Files.newInputStream(file));
    }
}
