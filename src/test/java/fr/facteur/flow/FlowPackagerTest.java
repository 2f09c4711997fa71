package fr.facteur.flow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.LocalDate;
import java.util.HexFormat;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import fr.facteur.archive.Archive;
import fr.facteur.crypto.Certificates;
import fr.facteur.crypto.CmsSigner;
import fr.facteur.crypto.OpenSsl;
import fr.facteur.crypto.TestIdentity;
import fr.facteur.invoice.InvoiceFacts;
import fr.facteur.invoice.Syntax;
import fr.facteur.platform.FacteurProperties;

class FlowPackagerTest {

    static TestIdentity operator;

    @TempDir
    Path dir;

    Archive archive;
    CmsSigner signer;
    FlowPackager packager;
    Path invoice;

    @BeforeAll
    static void operatorKey() {
        operator = TestIdentity.rsa("Facteur operator AAA999");
    }

    @BeforeEach
    void packager() throws IOException {
        FacteurProperties properties = new FacteurProperties(dir.resolve("config"), dir.resolve("data"),
                dir.resolve("certs"), new FacteurProperties.Operator("AAA999", false), null, null);
        archive = new Archive(properties);
        signer = new CmsSigner(operator);
        packager = new FlowPackager(properties, signer, archive);
        invoice = dir.resolve("F2026-0001.xml");
        try (InputStream in = FlowPackagerTest.class.getResourceAsStream("/invoices/ubl-invoice.xml")) {
            Files.copy(in, invoice);
        }
    }

    @Test
    void aUblFlowIsNamedAfterItsInterfaceThePartnerAndTheFlowRef() {
        PackagedFlow flow = packager.pack(facts(Syntax.UBL_INVOICE), invoice, "000000000042");

        assertThat(flow.name()).isEqualTo("FSO1100A_AAA999_000000000042");
        assertThat(flow.interfaceCode()).isEqualTo("FSO1100A");
        assertThat(flow.flowRef()).isEqualTo("000000000042");
    }

    @Test
    void creditNotesAndCiiHaveTheirInterfaceCodes() {
        assertThat(packager.pack(facts(Syntax.UBL_CREDIT_NOTE), invoice, "7").name()).isEqualTo("FSO1100A_AAA999_7");
        assertThat(packager.pack(facts(Syntax.CII), invoice, "Ab9").name()).isEqualTo("FSO1106A_AAA999_Ab9");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "../etc", "a_b", "a-b", "a.xml", "flow 1", "é1",
            "12345678901234567890123456789012345678901"})
    void aFlowRefOtherThanOneToFortyLettersOrDigitsIsRejected(String flowRef) {
        assertThatThrownBy(() -> packager.pack(facts(Syntax.UBL_INVOICE), invoice, flowRef))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("[A-Za-z0-9]{1,40}");
    }

    @Test
    void aFortyCharacterFlowRefIsAccepted() {
        String ref = "A".repeat(40);

        assertThat(packager.pack(facts(Syntax.UBL_INVOICE), invoice, ref).name()).endsWith("_" + ref);
    }

    @Test
    void theFlowIsTheInvoiceByteForByteAndBothFilesAreArchived() throws Exception {
        PackagedFlow flow = packager.pack(facts(Syntax.UBL_INVOICE), invoice, "1");

        Path archiveRoot = dir.resolve("data/archive").toAbsolutePath();
        assertThat(flow.flowFile()).isAbsolute().startsWith(archiveRoot).exists();
        assertThat(flow.signatureFile()).isAbsolute().startsWith(archiveRoot).exists();
        assertThat(sha256(flow.flowFile())).isEqualTo(sha256(invoice));
        assertThat(flow.flowFile().getFileName().toString()).isEqualTo(sha256(invoice));
        assertThat(flow.signatureFile().getFileName().toString()).isEqualTo(sha256(flow.signatureFile()));
        assertThat(archive.resolve(archive.relativize(flow.signatureFile()))).isEqualTo(flow.signatureFile());
        assertThat(signer.verifyDetached(flow.flowFile(), Files.readAllBytes(flow.signatureFile())))
                .isEqualTo(operator.certificate());
    }

    @Test
    void opensslAcceptsThePackagedFlowAndRefusesItOnceTampered() throws Exception {
        PackagedFlow flow = packager.pack(facts(Syntax.UBL_INVOICE), invoice, "000000000001");
        // as the transport lays them out: <name> and <name>.p7s side by side
        Path outbox = Files.createDirectories(dir.resolve("outbox"));
        Path flowFile = Files.copy(flow.flowFile(), outbox.resolve(flow.name()));
        Path p7s = Files.copy(flow.signatureFile(), outbox.resolve(flow.name() + FlowPackager.SIGNATURE_EXTENSION));
        Path ca = dir.resolve("operator-cert.pem");
        Certificates.writeCertificatePem(ca, operator.certificate());

        OpenSsl.Result verified = OpenSsl.cmsVerify(p7s, flowFile, ca, dir);

        assertThat(verified.exitCode()).as(verified.output()).isZero();
        assertThat(verified.output()).contains("Verification successful");

        Files.writeString(flowFile, Files.readString(flowFile).replace("582.00", "982.00"));
        OpenSsl.Result tampered = OpenSsl.cmsVerify(p7s, flowFile, ca, dir);

        assertThat(tampered.exitCode()).as(tampered.output()).isNotZero();
        assertThat(tampered.output()).doesNotContain("Verification successful");
    }

    @Test
    void theArchivedFlowIsNotTheCallersFile() throws Exception {
        PackagedFlow flow = packager.pack(facts(Syntax.UBL_INVOICE), invoice, "1");
        String archivedSha = sha256(flow.flowFile());

        Files.writeString(invoice, "changed after packaging");

        assertThat(sha256(flow.flowFile())).isEqualTo(archivedSha);
    }

    @Test
    void aPartnerCodeThatCannotNameAFileStopsStartUp() {
        assertThatThrownBy(() -> new FlowPackager("../AAA", signer, archive))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("facteur.operator.partner-code");
    }

    private static InvoiceFacts facts(Syntax syntax) {
        return new InvoiceFacts(syntax, "F2026-0001", "380", LocalDate.of(2026, 1, 15), "73282932000074",
                "11000201100044", "SERVICE-COMPTA", "EJ-2026-0042", "EUR", new BigDecimal("485.00"),
                new BigDecimal("97.00"), new BigDecimal("582.00"), new BigDecimal("582.00"));
    }

    private static String sha256(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[8192];
            for (int n; (n = in.read(buffer)) > 0; ) {
                sha.update(buffer, 0, n);
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
