package fr.facteur.returns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import fr.facteur.demo.SftpServerHost;
import fr.facteur.observability.GatewayMetrics;
import fr.facteur.platform.FacteurProperties;
import fr.facteur.relay.RelayMessage;
import fr.facteur.tracking.ReturnFileRepository;
import fr.facteur.tracking.StatusEventRepository;

/**
 * The chorus-pro.returns-in route polling Chorus Pro's return folder on a real SFTP server (host key checked):
 * files in progress are left alone, a processed file goes to .done, a file that is not CPPStatut to .error, and a
 * file whose processing failed for a passing reason stays where it is and is taken again.
 */
class ReturnsRouteTest {

    static final String ACME = "73282932000074";

    @TempDir
    static Path base;
    static TrackingFixtures db;
    static SftpServerHost sftp;
    static DefaultCamelContext camel;
    /** The broker is "down" while this is above zero: publishing fails. */
    static final AtomicInteger brokerDownFor = new AtomicInteger();
    static final AtomicInteger publishAttempts = new AtomicInteger();
    static final CapturingRelayPublisher relay = new CapturingRelayPublisher() {
        @Override
        public void publish(RelayMessage message) {
            publishAttempts.incrementAndGet();
            if (brokerDownFor.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                throw new IllegalStateException("broker unavailable");
            }
            super.publish(message);
        }
    };

    @BeforeAll
    static void chorusProReturnFolderPolled() throws Exception {
        db = TrackingFixtures.newDatabase("returns_route");
        sftp = SftpServerHost.start("127.0.0.1", 0, base.resolve("host_key"));
        Path key = base.resolve("certs/operator/id_ecdsa");
        sftp.addUser("chorus-pro", base.resolve("chorus-pro"), null, SftpServerHost.writeClientKey(key, "op").getPublic());
        sftp.writeKnownHosts(base.resolve("certs/operator/known_hosts"));
        Files.createDirectories(returnsFolder());
        FacteurProperties properties = new FacteurProperties(base.resolve("config"), base.resolve("data"),
                base.resolve("certs"), null, new FacteurProperties.ChorusPro("sftp", new FacteurProperties.Sftp(
                        "localhost", sftp.port(), "chorus-pro", key, null, base.resolve("certs/operator/known_hosts"),
                        "/depot", "/retours", Duration.ofMillis(200))), null);
        ReturnFileProcessor processor = new ReturnFileProcessor(TrackingFixtures.archive(base.resolve("data")),
                new CppStatutParser(), new ReturnFileRepository(db.jdbc), new StatusEventRepository(db.jdbc), relay,
                db.transactions(), new ObjectMapper(), new GatewayMetrics(new SimpleMeterRegistry()));
        camel = new DefaultCamelContext();
        camel.addRoutes(new ReturnsRoute(properties, processor, db.dataSource));
        camel.start();
    }

    @AfterAll
    static void stop() {
        camel.stop();
        sftp.close();
    }

    @Test
    void aReturnFileIsProcessedAndMovedToDoneWhileAnUploadInProgressIsLeftAlone() throws IOException {
        db.transmittedInvoice("acme", ACME, CppStatutSamples.DEBTOR, "R-1");
        Path inProgress = Files.writeString(returnsFolder().resolve("FEN1201A_CPP001_000000000002.xml.part"), "<CPPSt");
        drop("FEN1201A_CPP001_000000000001.xml", CppStatutSamples.invoiceStatuses(
                CppStatutSamples.InvoiceUnit.of(ACME, "R-1", "01", "2026-11-20T09:00:00")));

        await().atMost(Duration.ofSeconds(20)).until(() -> moved(".done", "FEN1201A_CPP001_000000000001.xml"));

        assertThat(db.jdbc.queryForObject("select count(*) from status_event where code = '01'", Integer.class)).isOne();
        assertThat(relay.published).extracting(RelayMessage::tenantId).contains("acme");
        assertThat(inProgress).exists().hasContent("<CPPSt");
        assertThat(db.jdbc.queryForList("select name from return_file", String.class))
                .doesNotContain("FEN1201A_CPP001_000000000002.xml.part");
        assertThat(returnsFolder().resolve("FEN1201A_CPP001_000000000001.xml")).doesNotExist();
    }

    @Test
    void aFileThatIsNotCppStatutGoesToErrorAndIsKept() throws IOException {
        drop("README.txt", "not a return file");

        await().atMost(Duration.ofSeconds(20)).until(() -> moved(".error", "README.txt"));

        assertThat(db.jdbc.queryForObject("select kind from return_file where name = 'README.txt'", String.class))
                .isEqualTo("UNKNOWN");
    }

    @Test
    void aFileWhoseEventsCannotBePublishedYetStaysAndIsTakenAgain() throws IOException {
        db.transmittedInvoice("acme", ACME, CppStatutSamples.DEBTOR, "R-2");
        brokerDownFor.set(2);
        int attemptsBefore = publishAttempts.get();
        drop("FEN1201A_CPP001_000000000003.xml", CppStatutSamples.invoiceStatuses(
                CppStatutSamples.InvoiceUnit.of(ACME, "R-2", "02", "2026-11-21T09:00:00")));

        await().atMost(Duration.ofSeconds(30)).until(() -> moved(".done", "FEN1201A_CPP001_000000000003.xml"));

        assertThat(publishAttempts.get() - attemptsBefore).isEqualTo(3);
        assertThat(moved(".error", "FEN1201A_CPP001_000000000003.xml")).isFalse();
        assertThat(db.jdbc.queryForObject("select count(*) from status_event where code = '02'", Integer.class)).isOne();
    }

    private static Path returnsFolder() {
        return base.resolve("chorus-pro/retours");
    }

    /** As Chorus Pro (and any careful client) writes: under a temporary name, then renamed. */
    private static void drop(String name, String content) throws IOException {
        Path tmp = returnsFolder().resolve("." + name + ".part");
        Files.write(tmp, content.getBytes(StandardCharsets.UTF_8));
        Files.move(tmp, returnsFolder().resolve(name));
    }

    private static boolean moved(String folder, String name) {
        Path dir = returnsFolder().resolve(folder);
        if (!Files.isDirectory(dir)) {
            return false;
        }
        try (Stream<Path> files = Files.list(dir)) {
            List<String> names = files.map(p -> p.getFileName().toString()).toList();
            return names.stream().anyMatch(n -> n.endsWith("-" + name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
