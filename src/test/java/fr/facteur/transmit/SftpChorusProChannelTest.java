package fr.facteur.transmit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.util.FileSystemUtils;

import fr.facteur.archive.Archive;
import fr.facteur.demo.SftpServerHost;
import fr.facteur.platform.FacteurProperties;
import fr.facteur.platform.StagedSftpWriter;
import fr.facteur.returns.TrackingFixtures;
import fr.facteur.tracking.FlowRecord;
import fr.facteur.tracking.FlowRepository;

/**
 * Deposits in Chorus Pro's SFTP drop box (a real SFTP server, real PostgreSQL), and what a gateway killed at each
 * point of a deposit leaves behind: never a flow deposited twice, never one lost.
 */
class SftpChorusProChannelTest {

    private static final String FLOW = "<Invoice>F-1</Invoice>";
    private static final String SIGNATURE = "signature of F-1";

    @TempDir
    static Path base;
    static TrackingFixtures db;
    static SftpServerHost server;
    static Archive archive;
    static FacteurProperties.Sftp account;

    FlowRepository flows;
    final List<StagedSftpWriter> writers = new java.util.ArrayList<>();

    @BeforeAll
    static void start() {
        db = TrackingFixtures.newDatabase("sftpdeposit");
        archive = TrackingFixtures.archive(base.resolve("data"));
        Path key = base.resolve("certs/id_ecdsa");
        server = SftpServerHost.start("127.0.0.1", 0, base.resolve("host_key"));
        server.addUser("chorus-pro", base.resolve("cpp"), null, SftpServerHost.writeClientKey(key, "cpp").getPublic());
        server.writeKnownHosts(base.resolve("certs/known_hosts"));
        account = new FacteurProperties.Sftp("localhost", server.port(), "chorus-pro", key, null,
                base.resolve("certs/known_hosts"), "/depot", "/retours", Duration.ofSeconds(5));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @BeforeEach
    void empty() throws IOException {
        db.clear();
        FileSystemUtils.deleteRecursively(depot());
        flows = new FlowRepository(db.jdbc);
    }

    @AfterEach
    void closeWriters() {
        writers.forEach(StagedSftpWriter::close);
    }

    @Test
    void aFlowAndItsSignatureAreDepositedUnderTheirNamesWithNothingTemporaryLeft() throws IOException {
        FlowRecord flow = queuedFlow();

        channel(writer()).deposit(flow);

        assertThat(depotNames()).containsExactly(flow.name(), flow.name() + ".p7s");
        assertThat(Files.readString(depot().resolve(flow.name()))).isEqualTo(FLOW);
        assertThat(Files.readString(depot().resolve(flow.name() + ".p7s"))).isEqualTo(SIGNATURE);
        assertThat(flows.isStaged(flow.id())).isTrue();
    }

    @Test
    void killedAfterTheRenamesTheRedeliveredFlowIsNotDepositedAgain() throws IOException {
        FlowRecord flow = queuedFlow();
        channel(writer()).deposit(flow); // ... and killed before the flow was marked transmitted
        for (String name : depotNames()) {
            Files.delete(depot().resolve(name)); // Chorus Pro took the flow meanwhile
        }

        channel(writer()).deposit(flows.find(flow.id()).orElseThrow()); // the broker's redelivery

        assertThat(depotNames()).isEmpty();
    }

    @Test
    void killedBetweenTheCommitAndTheRenamesTheRedeliveryRenamesWhatWaits() throws IOException {
        FlowRecord flow = queuedFlow();
        StagedSftpWriter dying = new StagedSftpWriter(Duration.ZERO, "test") {
            @Override
            public boolean publish(Target target, String folder, String stagedName, String fileName) {
                throw new UncheckedIOException(new IOException("killed"));
            }
        };
        writers.add(dying);
        assertThatThrownBy(() -> channel(dying).deposit(flow)).isInstanceOf(UncheckedIOException.class);
        assertThat(depotNames()).containsExactly(".part-" + flow.name(), ".part-" + flow.name() + ".p7s");

        channel(writer()).deposit(flows.find(flow.id()).orElseThrow());

        assertThat(depotNames()).containsExactly(flow.name(), flow.name() + ".p7s");
        assertThat(Files.readString(depot().resolve(flow.name()))).isEqualTo(FLOW);
    }

    @Test
    void killedBeforeTheCommitTheFlowIsStagedAgainUnseenThenDeposited() throws IOException {
        FlowRecord flow = queuedFlow();
        StagedSftpWriter writer = writer();
        // the first attempt uploaded one temporary file and died before recording the flow as staged
        writer.stage(target(), "/depot", flow.name() + ".p7s", () -> Files.newInputStream(archive.resolve(
                flow.signaturePath())));
        assertThat(flows.isStaged(flow.id())).isFalse();

        channel(writer).deposit(flow);

        assertThat(depotNames()).containsExactly(flow.name(), flow.name() + ".p7s");
    }

    private SftpChorusProChannel channel(StagedSftpWriter writer) {
        return new SftpChorusProChannel(writer, archive, flows, account);
    }

    private StagedSftpWriter writer() {
        StagedSftpWriter writer = new StagedSftpWriter(Duration.ofSeconds(5), "test-sweeper");
        writers.add(writer);
        return writer;
    }

    private static StagedSftpWriter.Target target() {
        return new StagedSftpWriter.Target("chorus-pro", account.user(), account.host(), account.port(),
                account.knownHosts(), account.privateKey(), null);
    }

    /** A flow as the intake leaves it: archived with its signature, queued, not yet transmitted. */
    private FlowRecord queuedFlow() {
        String flowPath = archive.store(FLOW.getBytes(StandardCharsets.UTF_8)).relativePath();
        String signaturePath = archive.store(SIGNATURE.getBytes(StandardCharsets.UTF_8)).relativePath();
        long documentId = db.jdbc.queryForObject("""
                insert into document (tenant_id, sha256, file_name, channel, size_bytes, archive_path, state, syntax)
                values ('acme', encode(sha256(random()::text::bytea), 'hex'), 'F-1.xml', 'SFTP', 100, 'archive/x', 'ACCEPTED', 'UBL_INVOICE')
                returning id""", Long.class);
        long flowId = db.jdbc.queryForObject("""
                insert into flow (document_id, tenant_id, flow_ref, name, interface_code, archive_path, signature_path,
                    state)
                values (?, 'acme', ?, ?, 'FSO1100A', ?, ?, 'QUEUED') returning id""", Long.class, documentId,
                "ref" + documentId, "FSO1100A_AAA999_" + documentId, flowPath, signaturePath);
        return flows.find(flowId).orElseThrow();
    }

    private static Path depot() {
        return base.resolve("cpp/depot");
    }

    private static List<String> depotNames() throws IOException {
        if (!Files.isDirectory(depot())) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(depot())) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
