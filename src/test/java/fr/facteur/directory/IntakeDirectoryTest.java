package fr.facteur.directory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

import com.fasterxml.jackson.databind.json.JsonMapper;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mockito.ArgumentCaptor;

import fr.facteur.archive.Archive;
import fr.facteur.inbound.Intake;
import fr.facteur.inbound.IntakeReport;
import fr.facteur.invoice.InvoiceReader;
import fr.facteur.invoice.Understanding;
import fr.facteur.observability.GatewayMetrics;
import fr.facteur.platform.FacteurProperties;
import fr.facteur.relay.RelayMessage;
import fr.facteur.relay.RelayPublisher;
import fr.facteur.tenant.Tenant;
import fr.facteur.tracking.DocumentRepository;
import fr.facteur.tracking.InvoiceRepository;

/**
 * The intake hook: a readable invoice the directory refuses takes the rejection path (document REJECTED, rejection
 * answer with every violation) and never reaches packaging, which this test leaves unwired on purpose.
 */
class IntakeDirectoryTest {

    @Test
    void anInvoiceTheDirectoryRefusesIsRejectedWithEveryViolation(@TempDir Path dataDir) throws Exception {
        DirectoryFixtures db = DirectoryFixtures.newDatabase("dir_intake");
        db.importer.importFile("far0037-demo.csv", DirectoryFixtures.demoFile(), "api");
        InvoiceReader reader = mock(InvoiceReader.class);
        when(reader.read(any(Path.class), any(Tenant.class))).thenReturn(
                Understanding.accepted(DirectoryFixtures.invoiceTo("19999995900018", "NO-SUCH-SERVICE", null)));
        RelayPublisher relay = mock(RelayPublisher.class);
        // packager, flows and transmit queue are null: reaching them would fail the test
        Intake intake = new Intake(new Archive(new FacteurProperties(null, dataDir, null, null, null, null)),
                new DocumentRepository(db.jdbc), reader, new InvoiceRepository(db.jdbc), null, null, null, relay,
                JsonMapper.builder().findAndAddModules().build(), new GatewayMetrics(new SimpleMeterRegistry()),
                new DirectoryRules(db.repository));
        Path file = Files.writeString(dataDir.resolve("in.xml"), "<Invoice/>");

        IntakeReport report = intake.receive(new Tenant("acme", "Acme", "73282932000074", null, Set.of(), null),
                "SFTP", "F-1.xml", file);

        assertThat(report.outcome()).isEqualTo(IntakeReport.REJECTED);
        assertThat(db.jdbc.queryForObject("select state from document", String.class)).isEqualTo("REJECTED");
        ArgumentCaptor<RelayMessage> answer = ArgumentCaptor.forClass(RelayMessage.class);
        verify(relay).publish(answer.capture());
        assertThat(answer.getValue().kind()).isEqualTo(RelayMessage.Kind.REJECTION);
        assertThat(answer.getValue().content()).contains(DirectoryRules.SERVICE_UNKNOWN).contains("NO-SUCH-SERVICE");
    }
}
