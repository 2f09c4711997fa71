package fr.facteur.simulator;

import static fr.facteur.simulator.SimulatorRig.T0;
import static fr.facteur.simulator.SimulatorRig.assertSameXml;
import static fr.facteur.simulator.SimulatorRig.names;
import static fr.facteur.simulator.SimulatorRig.xpath;
import static fr.facteur.simulator.SimulatorRig.xpathAll;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.Base64;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import fr.facteur.invoice.RuleViolation;
import fr.facteur.invoice.Syntax;
import fr.facteur.invoice.Understanding;

/**
 * The drop box end to end: files deposited as the gateway deposits them, integration reports read back from the
 * returns folder, rows read back from the sim_* tables.
 */
class DropBoxTest {

    static final String FLOW = "FSO1100A_AAA999_000000000001";
    static final String UNIT = "/CPPStatut/CPPFluxStatuts/CPPFluxStatutUnitaire/DonneesStatut/";

    @TempDir
    Path dataDir;

    @Test
    void aValidSignedUblFlowIsReceivedWith90AndANumeroFluxDepot() {
        SimulatorRig rig = SimulatorRig.start(dataDir);
        rig.deposit(FLOW, "ubl-invoice.xml", TestFacts.invoice("F2026-0001").build());

        List<Path> reports = rig.scan(T0);

        assertThat(reports).hasSize(1);
        Path report = reports.get(0);
        assertThat(xpath(report, UNIT + "IdStatut")).isEqualTo("90");
        assertThat(xpath(report, UNIT + "IdFlux")).isEqualTo(FLOW);
        String numero = xpath(report, UNIT + "ComplementStatut");
        assertThat(numero).matches("CPP0011100\\d{15}");
        assertThat(report.getFileName()).hasToString("CR_" + numero + ".xml");
        assertSameXml(report, "expected/cr-90.xml");

        assertThat(names(rig.drop())).isEmpty();
        assertThat(names(rig.processed())).containsExactly(FLOW, FLOW + ".p7s");
        assertThat(rig.jdbc.queryForList("select status_code from sim_flow where file_name = ?", String.class, FLOW))
                .containsExactly("90");
        assertThat(rig.jdbc.queryForList("select state from sim_invoice where number = 'F2026-0001'", String.class))
                .containsExactly("RUNNING");
    }

    @Test
    void aCiiFlowUnderFso1106aIsReceivedWithItsInterfaceInTheNumero() {
        SimulatorRig rig = SimulatorRig.start(dataDir);
        String flow = "FSO1106A_AAA999_000000000002";
        rig.deposit(flow, "cii-invoice.xml", TestFacts.invoice("F2026-0002").syntax(Syntax.CII)
                .seller(TestFacts.DURAND).build());

        Path report = rig.scan(T0).get(0);

        assertThat(xpath(report, UNIT + "IdStatut")).isEqualTo("90");
        assertThat(xpath(report, UNIT + "ComplementStatut")).matches("CPP0011106\\d{15}");
    }

    @Test
    void aFlowChangedAfterSigningIsRejectedWith93() {
        SimulatorRig rig = SimulatorRig.start(dataDir);
        byte[] content = SimulatorRig.resource("ubl-invoice.xml");
        byte[] signature = rig.signer.sign(content);
        byte[] tampered = new String(content, StandardCharsets.UTF_8).replace("120.00", "1200.00")
                .getBytes(StandardCharsets.UTF_8);
        rig.deposit(FLOW, tampered, signature, Understanding.accepted(TestFacts.invoice("F2026-0001").build()));

        Path report = rig.scan(T0).get(0);

        assertRejected(report, "SIGNATURE_INVALIDE",
                "Flux " + FLOW + " : la signature ne correspond pas au contenu du flux");
        assertThat(xpath(report, UNIT + "Details/LigneErreurDetail/NatureErreur")).isEqualTo("TECHNIQUE");
        assertThat(rig.jdbc.queryForObject("select count(*) from sim_invoice", Integer.class)).isZero();
    }

    @Test
    void aSignatureFileThatIsNotCmsIsRejected() {
        SimulatorRig rig = SimulatorRig.start(dataDir);
        rig.deposit(FLOW, SimulatorRig.resource("ubl-invoice.xml"), "not a signature".getBytes(StandardCharsets.UTF_8),
                Understanding.accepted(TestFacts.invoice("F2026-0001").build()));

        assertRejected(rig.scan(T0).get(0), "SIGNATURE_ILLISIBLE", "Flux " + FLOW + " : le fichier " + FLOW
                + ".p7s n'est pas une signature CMS (PKCS#7) détachée");
    }

    @Test
    void aSha1SignatureIsRefused() {
        SimulatorRig rig = SimulatorRig.start(dataDir);
        byte[] content = SimulatorRig.resource("ubl-invoice.xml");
        rig.deposit(FLOW, content, rig.signer.sign(content, "SHA1withRSA"),
                Understanding.accepted(TestFacts.invoice("F2026-0001").build()));

        assertRejected(rig.scan(T0).get(0), "SIGNATURE_ALGORITHME",
                "Flux " + FLOW + " : algorithme de condensé refusé : SHA-256 ou plus fort requis");
    }

    @Test
    void aSignatureByAnExpiredCertificateIsRefused() {
        SimulatorRig rig = SimulatorRig.start(dataDir);
        TestSigner expired = TestSigner.create("expired", T0.minus(Duration.ofDays(400)), T0.minus(Duration.ofDays(35)));
        byte[] content = SimulatorRig.resource("ubl-invoice.xml");
        rig.deposit(FLOW, content, expired.sign(content), Understanding.accepted(TestFacts.invoice("F2026-0001").build()));

        assertRejected(rig.scan(T0).get(0), "CERTIFICAT_INVALIDE",
                "Flux " + FLOW + " : le certificat du signataire n'est pas valide à la date de réception");
    }

    @Test
    void whenTrustedSignersAreConfiguredOnlyTheyAreAccepted() {
        Path registered = SimulatorRig.SIGNER.writeCertificate(dataDir.resolve("certs/operator.pem"));
        SimulatorRig rig = SimulatorRig.start(dataDir, SimulatorProperties.defaults().withStepDelay(Duration.ZERO)
                .withTrustedSigners(List.of(registered)));
        TestSigner intruder = TestSigner.create("intruder");
        byte[] content = SimulatorRig.resource("ubl-invoice.xml");
        rig.deposit(FLOW, content, intruder.sign(content), Understanding.accepted(TestFacts.invoice("F2026-0001").build()));
        String second = "FSO1100A_AAA999_000000000002";
        rig.deposit(second, "ubl-invoice.xml", TestFacts.invoice("F2026-0002").build());

        List<Path> reports = rig.scan(T0);

        assertRejected(reports.get(0), "SIGNATAIRE_NON_RECONNU",
                "Flux " + FLOW + " : le signataire n'est pas le certificat enregistré pour ce raccordement");
        assertThat(xpath(reports.get(1), UNIT + "IdFlux")).isEqualTo(second);
        assertThat(xpath(reports.get(1), UNIT + "IdStatut")).isEqualTo("90");
    }

    @Test
    void aPemEncodedSignatureIsAcceptedToo() {
        SimulatorRig rig = SimulatorRig.start(dataDir);
        byte[] content = SimulatorRig.resource("ubl-invoice.xml");
        String pem = "-----BEGIN CMS-----\n" + Base64.getMimeEncoder().encodeToString(rig.signer.sign(content))
                + "\n-----END CMS-----\n";
        rig.deposit(FLOW, content, pem.getBytes(StandardCharsets.US_ASCII),
                Understanding.accepted(TestFacts.invoice("F2026-0001").build()));

        assertThat(xpath(rig.scan(T0).get(0), UNIT + "IdStatut")).isEqualTo("90");
    }

    @Test
    void aFlowWithoutSignatureWaitsForItThenIsRejected() throws IOException {
        SimulatorRig rig = SimulatorRig.start(dataDir);
        Path flow = rig.deposit(FLOW, SimulatorRig.resource("ubl-invoice.xml"), null,
                Understanding.accepted(TestFacts.invoice("F2026-0001").build()));
        Files.setLastModifiedTime(flow, FileTime.from(T0));

        assertThat(rig.scan(T0.plusSeconds(59))).isEmpty();
        assertThat(names(rig.drop())).containsExactly(FLOW);

        Path report = rig.scan(T0.plusSeconds(61)).get(0);
        assertRejected(report, "SIGNATURE_ABSENTE",
                "Flux " + FLOW + " : signature détachée absente (fichier " + FLOW + ".p7s attendu)");
        assertThat(names(rig.processed())).containsExactly(FLOW);
    }

    @Test
    void anUnknownInterfaceCodeIsRejected() {
        SimulatorRig rig = SimulatorRig.start(dataDir);
        String flow = "FSO9999A_AAA999_000000000003";
        rig.deposit(flow, "ubl-invoice.xml", TestFacts.invoice("F2026-0001").build());

        Path report = rig.scan(T0).get(0);

        assertRejected(report, "INTERFACE_INCONNUE", "Flux " + flow + " : code interface FSO9999A inconnu");
        assertThat(xpath(report, UNIT + "ComplementStatut")).matches("CPP0019999\\d{15}");
    }

    @Test
    void aKnownInterfaceNotSimulatedIsRefusedAsSuch() {
        SimulatorRig rig = SimulatorRig.start(dataDir);
        String flow = "FSO1110A_AAA999_000000000004";
        rig.deposit(flow, "ubl-invoice.xml", TestFacts.invoice("F2026-0001").build());

        assertRejected(rig.scan(T0).get(0), "INTERFACE_NON_PRISE_EN_CHARGE", "Flux " + flow
                + " : interface non prise en charge par le simulateur (FSO1110A, UBL minimal E2)");
    }

    @Test
    void facturXInterfaceTakesOnlyAFacturXPdf() {
        SimulatorRig rig = SimulatorRig.start(dataDir);
        String flow = "FSO1117A_AAA999_000000000014";
        rig.deposit(flow, "ubl-invoice.xml", TestFacts.invoice("F2026-0001").build());

        assertRejected(rig.scan(T0).get(0), "INTERFACE_CONTENU_INCOHERENT", "Flux " + flow
                + " : le contenu (UBL) ne correspond pas à l'interface FSO1117A (Factur-X E2)");
    }

    @Test
    void aNameOutsideTheConventionIsRejected() {
        SimulatorRig rig = SimulatorRig.start(dataDir);
        rig.deposit("facture.xml", "ubl-invoice.xml", TestFacts.invoice("F2026-0001").build());

        Path report = rig.scan(T0).get(0);

        assertThat(xpath(report, UNIT + "IdFlux")).isEqualTo("facture.xml");
        assertThat(xpath(report, UNIT + "Details/LigneErreurDetail/CodeErreur")).isEqualTo("NOM_FLUX_INVALIDE");
        assertThat(xpath(report, UNIT + "ComplementStatut")).matches("CPP0010000\\d{15}");
    }

    @Test
    void ublContentUnderTheCiiInterfaceIsRejected() {
        SimulatorRig rig = SimulatorRig.start(dataDir);
        String flow = "FSO1106A_AAA999_000000000005";
        rig.deposit(flow, "ubl-invoice.xml", TestFacts.invoice("F2026-0001").build());

        assertRejected(rig.scan(T0).get(0), "INTERFACE_CONTENU_INCOHERENT", "Flux " + flow
                + " : le contenu (UBL) ne correspond pas à l'interface FSO1106A (CII 16B E1)");
    }

    @Test
    void aFlowFailingItsSchemaIsRejectedWithOneLinePerViolation() {
        SimulatorRig rig = SimulatorRig.start(dataDir);
        byte[] content = SimulatorRig.resource("ubl-invoice.xml");
        rig.deposit(FLOW, content, rig.signer.sign(content), Understanding.rejected(null, List.of(
                new RuleViolation("XSD", "line 9, column 30", "cbc:IssueDate : « 27/02/2026 » n'est pas une date",
                        "cbc:IssueDate: not a date"),
                new RuleViolation("XSD", "line 12, column 5", "élément cbc:Foo inattendu", "unexpected cbc:Foo"))));

        Path report = rig.scan(T0).get(0);

        assertThat(xpath(report, UNIT + "IdStatut")).isEqualTo("93");
        assertThat(xpath(report, UNIT + "Details/@NbLignesErreur")).isEqualTo("2");
        assertThat(xpathAll(report, UNIT + "Details/LigneErreurDetail/@IdLigne")).containsExactly("1", "2");
        assertThat(xpathAll(report, UNIT + "Details/LigneErreurDetail/LibelleErreur")).containsExactly(
                "Flux " + FLOW + " : cbc:IssueDate : « 27/02/2026 » n'est pas une date",
                "Flux " + FLOW + " : élément cbc:Foo inattendu");
        assertThat(xpathAll(report, UNIT + "Details/LigneErreurDetail/DescriptionErreur"))
                .containsExactly("XSD — line 9, column 30", "XSD — line 12, column 5");
        assertThat(xpathAll(report, UNIT + "Details/LigneErreurDetail/NatureErreur")).containsOnly("FORMAT");
    }

    @Test
    void aFlowTheReaderCannotReadIsRejected() {
        SimulatorRig rig = SimulatorRig.start(dataDir);
        byte[] content = SimulatorRig.resource("ubl-invoice.xml");
        // no facts registered for this name: the reader double throws, as the real one does on an I/O failure
        rig.put(FLOW + ".p7s", rig.signer.sign(content));
        rig.put(FLOW, content);

        assertRejected(rig.scan(T0).get(0), "FLUX_ILLISIBLE",
                "Flux " + FLOW + " : le contenu du flux ne peut pas être lu");
    }

    @Test
    void anotherContentUnderAnAlreadyUsedNameIsNotCalledAlreadyReceived() {
        SimulatorRig rig = SimulatorRig.start(dataDir);
        rig.deposit(FLOW, "ubl-invoice.xml", TestFacts.invoice("F2026-0001").build());
        rig.scan(T0);
        byte[] other = "<Invoice>another one</Invoice>".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        rig.deposit(FLOW, other, rig.signer.sign(other),
                fr.facteur.invoice.Understanding.accepted(TestFacts.invoice("F2026-0002").build()));

        Path second = rig.scan(T0.plusSeconds(60)).get(0);

        assertThat(xpath(second, UNIT + "IdStatut")).isEqualTo("93");
        assertThat(xpath(second, UNIT + "Details/LigneErreurDetail/CodeErreur")).isEqualTo("NOM_FLUX_DEJA_UTILISE");
        assertThat(xpath(second, UNIT + "Commentaire")).isEqualTo("Flux rejeté : nom de flux déjà utilisé");
        assertThat(rig.jdbc.queryForObject("select count(*) from sim_flow", Integer.class)).isEqualTo(1);
    }

    @Test
    void aFlowReportedButLeftInTheDropBoxByAStopIsNotReportedAgain() throws IOException {
        SimulatorRig rig = SimulatorRig.start(dataDir);
        Path deposited = rig.deposit(FLOW, "ubl-invoice.xml", TestFacts.invoice("F2026-0001").build());
        rig.scan(T0);
        // the simulator stopped after its report, before moving the flow out: it is still in the drop box
        Files.move(rig.processed().resolve(FLOW), deposited);
        Files.move(rig.processed().resolve(FLOW + ".p7s"), deposited.resolveSibling(FLOW + ".p7s"));

        assertThat(rig.scan(T0.plusSeconds(60))).isEmpty();
        assertThat(names(rig.processed())).containsExactlyInAnyOrder(FLOW, FLOW + ".p7s");
        assertThat(Files.exists(deposited)).isFalse();
        assertThat(rig.jdbc.queryForObject("select count(*) from sim_flow", Integer.class)).isEqualTo(1);
    }

    @Test
    void theSameFlowNameDepositedTwiceIsRecordedOnceAndTheSecondRefused() {
        SimulatorRig rig = SimulatorRig.start(dataDir);
        rig.deposit(FLOW, "ubl-invoice.xml", TestFacts.invoice("F2026-0001").build());
        Path first = rig.scan(T0).get(0);
        rig.deposit(FLOW, "ubl-invoice.xml", TestFacts.invoice("F2026-0001").build());

        Path second = rig.scan(T0.plusSeconds(60)).get(0);

        assertThat(second).isNotEqualTo(first);
        assertThat(second.getFileName().toString()).matches("CR_REFUS_20260302100100000_\\d{6}\\.xml");
        assertRejected(second, "FLUX_DEJA_RECU", "Flux " + FLOW + " : flux déjà reçu");
        assertThat(xpath(second, UNIT + "Details/LigneErreurDetail/DescriptionErreur"))
                .isEqualTo("reçu le 2026-03-02T10:00:00+01:00 sous le numéro " + xpath(first, UNIT + "ComplementStatut"));
        assertThat(xpath(second, "count(" + UNIT + "ComplementStatut)")).isEqualTo("0");
        assertThat(rig.jdbc.queryForObject("select count(*) from sim_flow", Integer.class)).isEqualTo(1);
        assertThat(rig.jdbc.queryForObject("select count(*) from sim_invoice", Integer.class)).isEqualTo(1);
        String suffixed = FLOW + "." + T0.plusSeconds(60).toEpochMilli();
        assertThat(names(rig.processed())).containsExactlyInAnyOrder(FLOW, FLOW + ".p7s", suffixed, suffixed + ".p7s");
    }

    @Test
    void uploadsInProgressAreLeftAlone() {
        SimulatorRig rig = SimulatorRig.start(dataDir);
        byte[] content = SimulatorRig.resource("ubl-invoice.xml");
        rig.put(".FSO1100A_AAA999_000000000001.part", content);
        rig.put("FSO1100A_AAA999_000000000002.part", content);
        rig.put("FSO1100A_AAA999_000000000003.tmp", content);
        rig.put(".FSO1100A_AAA999_000000000004", content);
        rig.put("FSO1100A_AAA999_000000000005.p7s", rig.signer.sign(content));

        assertThat(rig.scan(T0)).isEmpty();
        assertThat(names(rig.drop())).hasSize(5);
        assertThat(names(rig.returns())).isEmpty();
        assertThat(rig.jdbc.queryForObject("select count(*) from sim_flow", Integer.class)).isZero();
    }

    @Test
    void aReportACrashPreventedIsWrittenAtTheNextScanNotRefusedAsADuplicate() throws IOException {
        SimulatorRig rig = SimulatorRig.start(dataDir);
        rig.deposit(FLOW, "ubl-invoice.xml", TestFacts.invoice("F2026-0001").build());
        // the returns folder cannot be created: the flow is recorded, its report cannot be written
        Files.createDirectories(rig.returns().getParent());
        Files.writeString(rig.returns(), "in the way");

        assertThat(rig.scan(T0)).isEmpty();
        assertThat(names(rig.drop())).containsExactly(FLOW, FLOW + ".p7s");

        Files.delete(rig.returns());
        List<Path> reports = rig.restart().scan(T0.plusSeconds(10));

        assertThat(reports).hasSize(1);
        assertThat(xpath(reports.get(0), UNIT + "IdStatut")).isEqualTo("90");
        assertThat(xpath(reports.get(0), UNIT + "Horodatage")).isEqualTo("2026-03-02T10:00:00+01:00");
        assertThat(rig.jdbc.queryForObject("select count(*) from sim_flow", Integer.class)).isEqualTo(1);
        assertThat(rig.jdbc.queryForObject("select report_file from sim_flow", String.class))
                .isEqualTo(reports.get(0).getFileName().toString());
        assertThat(names(rig.drop())).isEmpty();
    }

    @Test
    void reportsAreNeverLeftHalfWritten() {
        SimulatorRig rig = SimulatorRig.start(dataDir);
        rig.deposit(FLOW, "ubl-invoice.xml", TestFacts.invoice("F2026-0001").build());

        rig.scan(T0);

        assertThat(names(rig.returns())).singleElement().asString().startsWith("CR_").endsWith(".xml");
    }

    static void assertRejected(Path report, String code, String label) {
        assertThat(xpath(report, UNIT + "IdStatut")).isEqualTo("93");
        assertThat(xpath(report, UNIT + "Details/@NbLignesErreur")).isEqualTo("1");
        assertThat(xpath(report, UNIT + "Details/LigneErreurDetail/CodeErreur")).isEqualTo(code);
        assertThat(xpath(report, UNIT + "Details/LigneErreurDetail/LibelleErreur")).isEqualTo(label);
    }
}
