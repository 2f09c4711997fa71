package fr.facteur.inbound;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import fr.facteur.invoice.RuleViolation;

class FileNamesTest {

    @Test
    void aPathOrControlCharactersAreRefusedWithTheFileNameRule() {
        for (String hostile : new String[] { "../../etc/passwd.xml", "/tmp/x.xml", "C:\\export\\f.xml", "a/b.xml",
                "f\u0000.xml", "f\u001b[2J.xml", "f\r\nINFO forged log line.xml" }) {
            assertThat(FileNames.refusal(hostile)).as(hostile).get().extracting(RuleViolation::rule)
                    .isEqualTo(FileNames.FILE_NAME);
        }
    }

    @Test
    void theRefusalIsLocatedAtTheSanitisedNameAndExplainedInBothLanguages() {
        RuleViolation refused = FileNames.refusal("../../tmp/F-1.xml").orElseThrow();

        assertThat(refused.location()).isEqualTo("F-1.xml");
        assertThat(refused.messageFr()).contains("chemin");
        assertThat(refused.messageEn()).contains("path");
    }

    @Test
    void ordinaryNamesWithAccentsOrSpacesAreTakenUnderASafeName() {
        assertThat(FileNames.refusal("Facture n°12 é.xml")).isEmpty();
        assertThat(FileNames.refusal("F-2026-001.xml")).isEmpty();
        assertThat(FileNames.sanitize("Facture n°12 é.xml")).isEqualTo("Facture_n_12__.xml");
    }
}
