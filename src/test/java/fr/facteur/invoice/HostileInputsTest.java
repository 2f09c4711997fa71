package fr.facteur.invoice;

import static fr.facteur.invoice.InvoiceFixtures.EN16931;
import static fr.facteur.invoice.InvoiceFixtures.READER;
import static fr.facteur.invoice.InvoiceFixtures.SCHEMAS;
import static fr.facteur.invoice.InvoiceFixtures.acme;
import static fr.facteur.invoice.InvoiceFixtures.file;
import static fr.facteur.invoice.InvoiceFixtures.text;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.util.unit.DataSize;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import fr.facteur.tenant.Tenant;
import fr.facteur.testsupport.FacturXPdfs;

/**
 * Hostile files, each refused with its own rule id, quickly and without harm; after each, the same reader still
 * accepts a valid invoice (the service stays up). Archive bombs and traversal: BatchArchiveTest.
 */
class HostileInputsTest {

    @TempDir
    Path dir;

    private static List<String> rules(Understanding u) {
        return u.violations().stream().map(RuleViolation::rule).toList();
    }

    @AfterEach
    void theReaderStillWorks() {
        assertThat(READER.read(file(dir, "ubl-invoice.xml"), acme()).isAccepted()).isTrue();
    }

    private Understanding readQuickly(Path file, Tenant tenant) {
        return assertTimeoutPreemptively(Duration.ofSeconds(20), () -> READER.read(file, tenant));
    }

    @Test
    void externalEntitiesAreRefusedAsDoctype() {
        assertThat(rules(readQuickly(file(dir, "xxe.xml"), acme()))).containsExactly(InvoiceRules.XML_DOCTYPE);
    }

    @Test
    void billionLaughsIsRefusedAsDoctypeWithoutExpansion() {
        assertThat(rules(readQuickly(file(dir, "billion-laughs.xml"), acme())))
                .containsExactly(InvoiceRules.XML_DOCTYPE);
    }

    @Test
    void deepNestingIsRefusedAtTheLimit() throws IOException {
        Path deep = dir.resolve("deep.xml");
        try (OutputStream out = Files.newOutputStream(deep)) {
            out.write("<Invoice xmlns=\"urn:oasis:names:specification:ubl:schema:xsd:Invoice-2\">"
                    .getBytes(StandardCharsets.UTF_8));
            byte[] open = "<x>".getBytes(StandardCharsets.UTF_8);
            for (int i = 0; i < 200_000; i++) {
                out.write(open);
            }
        }
        Understanding u = readQuickly(deep, acme());

        assertThat(rules(u)).containsExactly(InvoiceRules.XML_DEPTH);
        assertThat(u.violations().get(0).messageEn()).contains("more than " + ValidatingParser.MAX_DEPTH);
    }

    @Test
    void aRealInvoiceIsFarFromTheDepthLimit() {
        assertThat(READER.read(file(dir, "cii-invoice.xml"), acme()).violations()).isEmpty();
    }

    @Test
    void anOversizedFileIsRefusedBeforeParsing() throws IOException {
        InvoiceReader small = new InvoiceReader(new InvoiceProperties(DataSize.ofKilobytes(4)), SCHEMAS, EN16931);
        Path big = Files.writeString(dir.resolve("big.xml"), text("ubl-invoice.xml"));

        assertThat(rules(small.read(big, acme()))).containsExactly(InvoiceRules.FILE_TOO_LARGE);
    }

    @Test
    void aPdfThatIsNotPdfAIsRefused() {
        Path pdf = FacturXPdfs.embedding(text("cii-invoice.xml")).pdfaPart(null).writeTo(dir.resolve("f.pdf"));

        assertThat(rules(readQuickly(pdf, acme()))).containsExactly(InvoiceRules.FACTURX_PDFA);
    }

    @Test
    void aPdfThatIsNotAPdfIsRefused() throws IOException {
        Path fake = Files.write(dir.resolve("f.pdf"), new byte[] { 'M', 'Z', 0, 1, 2, 3 });

        assertThat(rules(readQuickly(fake, acme()))).containsExactly(InvoiceRules.PDF_UNREADABLE);
    }

    @Test
    void anExternalEntityHiddenInAFacturXIsRefusedToo() {
        Path pdf = FacturXPdfs.embedding(text("xxe.xml")).writeTo(dir.resolve("xxe.pdf"));

        assertThat(rules(readQuickly(pdf, acme()))).containsExactly(InvoiceRules.XML_DOCTYPE);
    }

    @Test
    void anExternalEntityInAMappedTenantsFileNeverReachesTheMapping() {
        Tenant mapped = new Tenant("lefevre", "Lefèvre", MappingTest.LEFEVRE_SIRET, null, Set.of("UBL"), null,
                new Tenant.Mapping(MappingTest.XSLT));

        assertThat(rules(readQuickly(file(dir, "xxe.xml"), mapped))).containsExactly(InvoiceRules.XML_DOCTYPE);
    }
}
