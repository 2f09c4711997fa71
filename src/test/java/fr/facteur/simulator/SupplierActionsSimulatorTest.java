package fr.facteur.simulator;

import static fr.facteur.simulator.DropBoxTest.UNIT;
import static fr.facteur.simulator.SimulatorRig.T0;
import static fr.facteur.simulator.SimulatorRig.xpath;
import static fr.facteur.simulator.SimulatorRig.xpathAll;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import fr.facteur.invoice.Understanding;

/**
 * The simulator's side of supplier actions (action files in the drop box), of a status pushed by hand, and of a
 * batch partly integrated (96).
 */
class SupplierActionsSimulatorTest {

    static final String STATUS = "/CPPStatut/CPPFactureStatuts/CPPFactureStatutUnitaire/DonneesStatut/";

    @TempDir
    Path dataDir;

    @Test
    void aCompletionResumesASuspendedInvoiceWithCompleteeUpToMiseEnPaiement() {
        SimulatorRig rig = SimulatorRig.start(dataDir);
        rig.deposit("FSO1100A_AAA999_000000000001", "ubl-invoice.xml",
                TestFacts.invoice("F-SUSP").buyer("19999993900010").build());
        rig.scan(T0);
        Instant now = tickUntilQuiet(rig, T0, new ArrayList<>());

        rig.put("ACTION_AAA999_000000000001.action.json", """
                {"action": "COMPLETER", "supplierSiret": "73282932000074", "invoiceNumber": "F-SUSP",
                 "comment": "BL signé", "attachments": [{"name": "bl.pdf", "contentBase64": "JVBERg=="}]}
                """.getBytes(StandardCharsets.UTF_8));
        rig.scan(now);
        List<Path> files = new ArrayList<>();
        tickUntilQuiet(rig, now.plusSeconds(10), files);

        assertThat(files.stream().flatMap(f -> xpathAll(f, STATUS + "IdStatut").stream()))
                .containsExactly("12", "07", "08", "09", "10", "11");
        assertThat(xpath(files.get(0), STATUS + "Commentaire")).isEqualTo("Complément du fournisseur : BL signé");
        assertThat(rig.jdbc.queryForObject("select outcome from sim_supplier_action", String.class))
                .isEqualTo("APPLIED");
    }

    @Test
    void aRecyclingReroutesTheInvoiceAndAnActionOnAnInvoiceThatDoesNotWaitIsRefused() {
        SimulatorRig rig = SimulatorRig.start(dataDir);
        rig.deposit("FSO1100A_AAA999_000000000001", "ubl-invoice.xml",
                TestFacts.invoice("F-REC").buyer("19999995900018").build());
        rig.scan(T0);
        List<Path> first = new ArrayList<>();
        Instant now = tickUntilQuiet(rig, T0, first);
        assertThat(first.stream().flatMap(f -> xpathAll(f, STATUS + "IdStatut").stream())).containsExactly("01", "13");

        rig.put("ACTION_AAA999_000000000001.action.json", """
                {"action": "COMPLETER", "supplierSiret": "73282932000074", "invoiceNumber": "F-REC", "comment": "x"}
                """.getBytes(StandardCharsets.UTF_8));
        rig.put("ACTION_AAA999_000000000002.action.json", """
                {"action": "RECYCLER", "supplierSiret": "73282932000074", "invoiceNumber": "F-REC",
                 "recipientSiret": "11000201100044", "serviceCode": "SERVICE-COMPTA", "engagementNumber": "EJ-1"}
                """.getBytes(StandardCharsets.UTF_8));
        rig.scan(now);
        List<Path> files = new ArrayList<>();
        tickUntilQuiet(rig, now.plusSeconds(10), files);

        assertThat(files.stream().flatMap(f -> xpathAll(f, STATUS + "IdStatut").stream()))
                .containsExactly("02", "03", "07", "08", "09", "10", "11");
        assertThat(xpath(files.get(0), "/CPPStatut/CPPFactureStatuts/CPPFactureStatutUnitaire/Debiteur/Identifiant"))
                .isEqualTo("11000201100044");
        assertThat(rig.jdbc.queryForList("select outcome from sim_supplier_action order by file_name", String.class))
                .containsExactly("REFUSED", "APPLIED");
    }

    @Test
    void aPushedStatusIsEmittedAtOnceAndAFinalOneEndsTheScenario() {
        SimulatorRig rig = SimulatorRig.start(dataDir);
        rig.deposit("FSO1100A_AAA999_000000000001", "ubl-invoice.xml",
                TestFacts.invoice("F-PUSH").buyer("19999994900019").build());
        rig.scan(T0);
        rig.simulator().tick(T0.plusSeconds(5));

        Path pushed = rig.simulator().push("F-PUSH", null, InvoiceStatus.MISE_EN_PAIEMENT, "à la main",
                T0.plusSeconds(6));

        assertThat(xpath(pushed, STATUS + "IdStatut")).isEqualTo("11");
        assertThat(xpath(pushed, STATUS + "Commentaire")).isEqualTo("à la main");
        assertThat(rig.simulator().tick(T0.plusSeconds(60))).isEmpty();
        assertThat(rig.jdbc.queryForObject("select state from sim_invoice", String.class)).isEqualTo("FINISHED");
        assertThatThrownBy(() -> rig.simulator().push("NOPE", null, InvoiceStatus.SUSPENDUE, null, T0))
                .isInstanceOf(NoSuchElementException.class);
    }

    @Test
    void aBatchWithSomeBadInvoicesIsPartlyIntegratedEachRejectionWithItsReason() throws IOException {
        SimulatorRig rig = SimulatorRig.start(dataDir);
        rig.understand("good.xml", Understanding.accepted(TestFacts.invoice("F-OK").build()));
        rig.understand("unknown-recipient.xml",
                Understanding.accepted(TestFacts.invoice("F-KO1").buyer("12345678901234").build()));
        rig.understand("bad-type.xml", Understanding.accepted(TestFacts.invoice("F-KO2").type("389").build()));
        byte[] zip = zip("good.xml", "unknown-recipient.xml", "bad-type.xml");
        rig.deposit("FSO1100A_AAA999_000000000001", zip, rig.signer.sign(zip),
                Understanding.accepted(TestFacts.invoice("unused").build()));

        Path report = rig.scan(T0).get(0);

        assertThat(xpath(report, UNIT + "IdStatut")).isEqualTo("96");
        assertThat(xpath(report, UNIT + "Commentaire")).isEqualTo(
                "Intégration partielle : 1 facture intégrée, 2 factures rejetées");
        assertThat(xpathAll(report, UNIT + "Details/LigneErreurDetail/LibelleErreur"))
                .anyMatch(l -> l.startsWith("Facture F-KO1 : le destinataire 12345678901234"))
                .anyMatch(l -> l.startsWith("Facture F-KO2 : le type de facture « 389 »"));
        assertThat(rig.jdbc.queryForList("select number from sim_invoice", String.class)).containsExactly("F-OK");
    }

    private static byte[] zip(String... names) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            for (String name : names) {
                zip.putNextEntry(new ZipEntry(name));
                zip.write(SimulatorRig.resource("ubl-invoice.xml"));
                zip.closeEntry();
            }
        }
        return out.toByteArray();
    }

    /** Ticks one second apart until a tick emits nothing; returns the instant after the last file. */
    private static Instant tickUntilQuiet(SimulatorRig rig, Instant from, List<Path> files) {
        Instant now = from;
        for (Optional<Path> file = rig.simulator().tick(now); file.isPresent(); file = rig.simulator().tick(now)) {
            files.add(file.get());
            now = now.plusSeconds(10);
            assertThat(files).hasSizeLessThan(20);
        }
        return now;
    }
}
