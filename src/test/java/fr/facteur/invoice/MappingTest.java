package fr.facteur.invoice;

import static fr.facteur.invoice.InvoiceFixtures.READER;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import fr.facteur.tenant.Tenant;

/**
 * A tenant mapping, with the demo tenant's committed files: config/mappings/lefevre-erp.xsl on
 * samples/legacy-lefevre.xml. The mapped UBL goes through every rule, and a mapping failure is a rejection.
 */
class MappingTest {

    static final Path XSLT = Path.of("config", "mappings", "lefevre-erp.xsl");
    static final Path SAMPLE = Path.of("samples", "legacy-lefevre.xml");
    static final String LEFEVRE_SIRET = "51782496300014";

    @TempDir
    Path dir;

    private Understanding understanding;

    @AfterEach
    void deleteConverted() throws IOException {
        if (understanding != null && understanding.converted() != null) {
            Files.deleteIfExists(understanding.converted());
        }
    }

    private static Tenant lefevre(Path xslt) {
        return new Tenant("lefevre", "Lefèvre Bâtiment SARL", LEFEVRE_SIRET, null, Set.of("UBL"), null,
                new Tenant.Mapping(xslt));
    }

    private Path sample(String from, String to) throws IOException {
        String text = Files.readString(SAMPLE, StandardCharsets.UTF_8);
        assertThat(text).contains(from);
        return Files.writeString(dir.resolve("export.xml"), text.replace(from, to), StandardCharsets.UTF_8);
    }

    @Test
    void theDemoSupplierExportBecomesAValidUblInvoiceThatIsWhatGetsSent() throws IOException {
        understanding = READER.read(SAMPLE, lefevre(XSLT));

        assertThat(understanding.violations()).isEmpty();
        assertThat(understanding.facts().syntax()).isEqualTo(Syntax.UBL_INVOICE);
        assertThat(understanding.facts().number()).isEqualTo("L2026-0101");
        assertThat(understanding.facts().sellerSiret()).isEqualTo(LEFEVRE_SIRET);
        assertThat(understanding.facts().issueDate()).hasToString("2026-01-20");
        assertThat(understanding.converted()).as("the mapped UBL is deposited, not the ERP's file").isNotNull();
        assertThat(Files.readString(understanding.converted())).contains("<cbc:ID>L2026-0101</cbc:ID>");
        // and it reads as plain UBL on its own, as Chorus Pro will read it
        assertThat(READER.read(understanding.converted()).isAccepted()).isTrue();
    }

    @Test
    void aValueTheMappingRefusesIsMappingFailedWithTheStylesheetsMessage() throws IOException {
        understanding = READER.read(sample("<TYPE>FACTURE</TYPE>", "<TYPE>AVOIR</TYPE>"), lefevre(XSLT));

        assertThat(understanding.violations()).singleElement().satisfies(v -> {
            assertThat(v.rule()).isEqualTo(InvoiceRules.MAPPING_FAILED);
            assertThat(v.location()).isEqualTo("export.xml");
            assertThat(v.messageFr()).contains("AVOIR");
        });
        assertThat(understanding.converted()).isNull();
    }

    @Test
    void aBrokenDateIsMappingFailed() throws IOException {
        understanding = READER.read(sample("20/01/2026", "2026-01-20"), lefevre(XSLT));

        assertThat(understanding.violations()).extracting(RuleViolation::rule)
                .containsExactly(InvoiceRules.MAPPING_FAILED);
        assertThat(understanding.violations().get(0).messageEn()).contains("dd/mm/yyyy");
    }

    @Test
    void aMappedInvoiceIsCheckedByEveryRuleLikeAnyOther() throws IOException {
        // totals that do not add up: the mapping copies them, EN 16931 (BR-CO-15) catches them on the UBL
        understanding = READER.read(sample("TTC=\"720.00\"", "TTC=\"721.00\""), lefevre(XSLT));

        assertThat(understanding.violations()).extracting(RuleViolation::rule).contains("BR-CO-15");
        assertThat(understanding.converted()).isNull();
    }

    @Test
    void aStylesheetThatDoesNotCompileIsMappingFailed() throws IOException {
        Path broken = Files.writeString(dir.resolve("broken.xsl"), "<xsl:stylesheet version=\"1.0\" "
                + "xmlns:xsl=\"http://www.w3.org/1999/XSL/Transform\"><xsl:template match=\"/\"><xsl:value-of/>"
                + "</xsl:template></xsl:stylesheet>");

        understanding = READER.read(SAMPLE, lefevre(broken));

        assertThat(understanding.violations()).extracting(RuleViolation::rule)
                .containsExactly(InvoiceRules.MAPPING_FAILED);
    }

    @Test
    void aStylesheetCannotReadFilesNorCallJava() throws IOException {
        Path secret = Files.writeString(dir.resolve("secret.xml"), "<secret>s3cr3t</secret>");
        Path reads = Files.writeString(dir.resolve("reads.xsl"), """
                <xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
                  <xsl:template match="/"><out><xsl:value-of select="document('%s')"/></out></xsl:template>
                </xsl:stylesheet>""".formatted(secret.toUri()));
        Path java = Files.writeString(dir.resolve("java.xsl"), """
                <xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
                    xmlns:rt="http://xml.apache.org/xalan/java/java.lang.Runtime">
                  <xsl:template match="/"><out><xsl:value-of select="rt:availableProcessors(rt:getRuntime())"/></out></xsl:template>
                </xsl:stylesheet>""");

        for (Path xslt : new Path[] { reads, java }) {
            understanding = READER.read(SAMPLE, lefevre(xslt));
            assertThat(understanding.violations()).extracting(RuleViolation::rule).as(xslt.toString())
                    .containsExactly(InvoiceRules.MAPPING_FAILED);
            assertThat(understanding.violations().get(0).messageEn()).doesNotContain("s3cr3t");
        }
    }

    @Test
    void aTenantWithoutMappingGetsSyntaxUnknownForTheSameFile() {
        understanding = READER.read(SAMPLE, InvoiceFixtures.tenant("lefevre", LEFEVRE_SIRET, Set.of("UBL")));

        assertThat(understanding.violations()).extracting(RuleViolation::rule)
                .containsExactly(InvoiceRules.SYNTAX_UNKNOWN);
    }

    @Test
    void aUblFromAMappedTenantIsReadAsUblWithoutTheMapping() throws IOException {
        String ubl = InvoiceFixtures.text("ubl-invoice.xml").replace("73282932000074", LEFEVRE_SIRET)
                .replace("732829320", "517824963").replace("FR44732829320", "FR16517824963");
        understanding = READER.read(Files.writeString(dir.resolve("u.xml"), ubl), lefevre(XSLT));

        assertThat(understanding.violations()).isEmpty();
        assertThat(understanding.converted()).isNull();
    }
}
