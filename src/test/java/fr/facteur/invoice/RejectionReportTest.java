package fr.facteur.invoice;

import static fr.facteur.invoice.InvoiceFixtures.READER;
import static fr.facteur.invoice.InvoiceFixtures.acme;
import static fr.facteur.invoice.InvoiceFixtures.edited;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * The rejection report: every failed rule of every family (not only the first), each with its id, its location
 * (XPath) and the line of that element in the file, and a message in French and in English.
 */
class RejectionReportTest {

    @TempDir
    Path dir;

    /** 1-based line of the first line containing {@code text}. */
    private static int lineOf(Path file, String text) throws IOException {
        List<String> lines = Files.readAllLines(file);
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(text)) {
                return i + 1;
            }
        }
        throw new AssertionError(text + " not in " + file);
    }

    @Test
    void everyFailedRuleIsReportedWithIdXPathLineAndBothLanguages() throws IOException {
        // two faults: a total that does not add up (EN 16931) and a transfer without IBAN (Chorus Pro B2G)
        Path file = edited(dir, "ubl-invoice.xml", "<cbc:ID>F2026-0001</cbc:ID>", "<cbc:ID>F2026-0901</cbc:ID>");
        String text = Files.readString(file).replace("<cbc:TaxInclusiveAmount currencyID=\"EUR\">582.00",
                "<cbc:TaxInclusiveAmount currencyID=\"EUR\">583.00")
                .replace("<cbc:ID>FR7630006000011234567890189</cbc:ID>", "");
        Files.writeString(file, text);

        Understanding u = READER.read(file, acme());

        assertThat(u.violations()).extracting(RuleViolation::rule).contains("BR-CO-15", "B2G-IBAN");
        assertThat(u.violations()).allSatisfy(v -> {
            assertThat(v.messageFr()).isNotBlank();
            assertThat(v.messageEn()).isNotBlank().isNotEqualTo(v.messageFr());
            assertThat(v.location()).startsWith("/Invoice");
        });
        RuleViolation total = u.violations().stream().filter(v -> v.rule().equals("BR-CO-15")).findFirst().orElseThrow();
        assertThat(total.location()).isEqualTo("/Invoice[1]"); // the CEN rule's context is the whole invoice
        // the root's start tag spans lines 3-5 (namespaces): its line is one of them
        assertThat(total.line()).isBetween(lineOf(file, "<Invoice "), lineOf(file, "CommonBasicComponents-2\">"));
        RuleViolation iban = u.violations().stream().filter(v -> v.rule().equals("B2G-IBAN")).findFirst().orElseThrow();
        // the IBAN is missing: its line is that of its nearest existing ancestor
        assertThat(iban.line()).isEqualTo(lineOf(file, "<cac:PayeeFinancialAccount>"));
    }

    @Test
    void xsdErrorsCarryTheirLineToo() {
        Understanding u = READER.read(InvoiceFixtures.file(dir, "ubl-invoice-xsd-invalid.xml"), acme());

        assertThat(u.violations()).isNotEmpty().allSatisfy(v -> {
            assertThat(v.rule()).isEqualTo(InvoiceRules.XSD);
            assertThat(v.line()).isPositive();
            assertThat(v.location()).startsWith(v.line() + ":");
        });
    }

    @Test
    void theJsonFormHasIdLocationLineAndBothMessages() throws IOException {
        Understanding u = READER.read(edited(dir, "ubl-invoice.xml", "<cbc:ID>F2026-0001</cbc:ID>",
                "<cbc:ID>F2026-0001-ABCDEFGHIJKLM</cbc:ID>"), acme());
        JsonNode json = JsonMapper.builder().build().valueToTree(u.violations());

        JsonNode first = json.get(0);
        assertThat(first.get("rule").asText()).isEqualTo("B2G-NUMBER-LENGTH");
        assertThat(first.get("location").asText()).isEqualTo("/Invoice/cbc:ID");
        assertThat(first.get("line").asInt()).isEqualTo(9);
        assertThat(first.get("messageFr").asText()).contains("au plus 20");
        assertThat(first.get("messageEn").asText()).contains("at most 20");
    }

    @Test
    void aFileLevelRuleHasNoLine() throws IOException {
        Path file = Files.writeString(dir.resolve("f.pdf"), "no pdf");
        RuleViolation v = READER.read(file, acme()).violations().get(0);

        assertThat(v.line()).isNull();
        assertThat(JsonMapper.builder().build().valueToTree(v).has("line")).isFalse();
    }

    @Test
    void locationsAreNormalisedForLookupOnlyWhenTheyArePlainChildPaths() {
        assertThat(LineLocator.normalised("/Invoice/cbc:ID")).isEqualTo("/Invoice[1]/cbc:ID[1]");
        assertThat(LineLocator.normalised("/Invoice[1]/cac:InvoiceLine[2]/@x")).isEqualTo("/Invoice[1]/cac:InvoiceLine[2]");
        assertThat(LineLocator.normalised("/Invoice/a / /Invoice/b")).isNull();
        assertThat(LineLocator.normalised("12:4")).isNull();
    }
}
