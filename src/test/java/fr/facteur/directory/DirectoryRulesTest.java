package fr.facteur.directory;

import static fr.facteur.directory.DirectoryFixtures.invoiceTo;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import fr.facteur.invoice.RuleViolation;

/** The five steps of chorus-pro.md §4 against the demo directory: each rule id fails once and passes once. */
class DirectoryRulesTest {

    static final String SAMPLE_BUYER = "11000201100044";
    static final String SERVICE_REQUIRED = "19999995900018";
    static final String ENGAGEMENT_REQUIRED = "19999996900017";
    static final String SERVICE_OR_ENGAGEMENT = "19999997900016";
    static final String SERVICE_WITH_EGMT = "19999998900015";
    static final String INACTIVE = "19999999900014";

    static final DirectoryFixtures db = DirectoryFixtures.newDatabase("dir_rules");
    static final DirectoryRules rules = new DirectoryRules(db.repository);

    @BeforeAll
    static void demoDirectory() {
        db.importer.importFile("far0037-demo.csv", DirectoryFixtures.demoFile(), "api");
    }

    private static List<String> ids(List<RuleViolation> violations) {
        return violations.stream().map(RuleViolation::rule).toList();
    }

    @Test
    void theSamplesAndTheSimulatorStructuresPass() {
        assertThat(rules.check(invoiceTo(SAMPLE_BUYER, "SERVICE-COMPTA", "EJ-2026-0042"))).isEmpty();
        assertThat(rules.check(invoiceTo(SAMPLE_BUYER, null, null))).isEmpty();
        assertThat(rules.check(invoiceTo("19999993900010", null, null))).isEmpty();
    }

    @Test
    void recipientUnknown() {
        List<RuleViolation> violations = rules.check(invoiceTo("12345678900000", "SERVICE-COMPTA", null));
        assertThat(ids(violations)).containsExactly(DirectoryRules.RECIPIENT_UNKNOWN);
        assertThat(violations.get(0).messageFr()).contains("12345678900000");
        assertThat(violations.get(0).messageEn()).contains("12345678900000");
    }

    @Test
    void recipientInactive() {
        assertThat(ids(rules.check(invoiceTo(INACTIVE, null, null))))
                .containsExactly(DirectoryRules.RECIPIENT_INACTIVE);
    }

    @Test
    void serviceRequired() {
        List<RuleViolation> violations = rules.check(invoiceTo(SERVICE_REQUIRED, null, null));
        assertThat(ids(violations)).containsExactly(DirectoryRules.SERVICE_REQUIRED);
        assertThat(violations.get(0).location()).contains("BT-10");
        assertThat(rules.check(invoiceTo(SERVICE_REQUIRED, "SERVICES-TECHNIQUES", null))).isEmpty();
    }

    @Test
    void theFacturesPubliquesPseudoServiceCountsAsNoService() {
        assertThat(ids(rules.check(invoiceTo(SERVICE_REQUIRED, "FACTURES_PUBLIQUES", null))))
                .containsExactly(DirectoryRules.SERVICE_REQUIRED);
        assertThat(rules.check(invoiceTo(SAMPLE_BUYER, "FACTURES_PUBLIQUES", null))).isEmpty();
    }

    @Test
    void serviceUnknownOrInactive() {
        List<RuleViolation> unknown = rules.check(invoiceTo(SERVICE_REQUIRED, "NO-SUCH-SERVICE", null));
        assertThat(ids(unknown)).containsExactly(DirectoryRules.SERVICE_UNKNOWN);
        assertThat(unknown.get(0).messageFr()).contains("NO-SUCH-SERVICE").contains(SERVICE_REQUIRED);
        assertThat(ids(rules.check(invoiceTo(SERVICE_REQUIRED, "ANCIEN-SERVICE", null))))
                .containsExactly(DirectoryRules.SERVICE_UNKNOWN);
        // a service of another structure is not one of this structure's
        assertThat(ids(rules.check(invoiceTo(SAMPLE_BUYER, "SERVICES-TECHNIQUES", null))))
                .containsExactly(DirectoryRules.SERVICE_UNKNOWN);
    }

    @Test
    void engagementRequired() {
        List<RuleViolation> violations = rules.check(invoiceTo(ENGAGEMENT_REQUIRED, null, " "));
        assertThat(ids(violations)).containsExactly(DirectoryRules.ENGAGEMENT_REQUIRED);
        assertThat(violations.get(0).location()).contains("BT-13");
        assertThat(rules.check(invoiceTo(ENGAGEMENT_REQUIRED, null, "EJ-1"))).isEmpty();
    }

    @Test
    void serviceOrEngagement() {
        assertThat(ids(rules.check(invoiceTo(SERVICE_OR_ENGAGEMENT, null, null))))
                .containsExactly(DirectoryRules.SERVICE_OR_ENGAGEMENT);
        assertThat(rules.check(invoiceTo(SERVICE_OR_ENGAGEMENT, "SCOLARITE", null))).isEmpty();
        assertThat(rules.check(invoiceTo(SERVICE_OR_ENGAGEMENT, null, "EJ-1"))).isEmpty();
    }

    @Test
    void serviceEngagementRequired() {
        List<RuleViolation> violations = rules.check(invoiceTo(SERVICE_WITH_EGMT, "MARCHES", null));
        assertThat(ids(violations)).containsExactly(DirectoryRules.SERVICE_ENGAGEMENT_REQUIRED);
        assertThat(violations.get(0).messageEn()).contains("MARCHES").contains(SERVICE_WITH_EGMT).contains("BT-13");
        assertThat(rules.check(invoiceTo(SERVICE_WITH_EGMT, "MARCHES", "EJ-1"))).isEmpty();
        assertThat(rules.check(invoiceTo(SERVICE_WITH_EGMT, "ACCUEIL", null))).isEmpty();
    }

    @Test
    void everyViolationIsReportedNotOnlyTheFirst() {
        db.importer.importFile("strict.csv", DirectoryFixtures.bytes("""
                STRUCTURE;19999995900018;Mairie stricte;true;true;true;true;true
                """), "api");
        try {
            assertThat(ids(rules.check(invoiceTo(SERVICE_REQUIRED, null, null)))).containsExactly(
                    DirectoryRules.SERVICE_REQUIRED, DirectoryRules.ENGAGEMENT_REQUIRED,
                    DirectoryRules.SERVICE_OR_ENGAGEMENT);
        } finally {
            demoDirectory();
        }
    }

    @Test
    void anEmptyDirectoryChecksNothing() {
        DirectoryFixtures empty = DirectoryFixtures.newDatabase("dir_rules_empty");
        DirectoryRules onEmpty = new DirectoryRules(empty.repository);

        assertThat(onEmpty.check(invoiceTo("12345678900000", "ANY", null))).isEmpty();

        // a refused file does not make a directory either
        empty.importer.importFile("bad.csv", DirectoryFixtures.bytes("nonsense\n"), "api");
        assertThat(onEmpty.check(invoiceTo("12345678900000", "ANY", null))).isEmpty();

        empty.importer.importFile("far0037-demo.csv", DirectoryFixtures.demoFile(), "api");
        assertThat(ids(onEmpty.check(invoiceTo("12345678900000", "ANY", null))))
                .containsExactly(DirectoryRules.RECIPIENT_UNKNOWN);
    }
}
