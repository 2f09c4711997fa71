package fr.facteur.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

import org.junit.jupiter.api.Test;

import fr.facteur.directory.DirectoryCoverage.UnknownEntry;

/** The configuration check's findings for unknown directory entries (the entries come from DirectoryCoverageTest). */
class ConfigCheckDirectoryTest {

    @Test
    void eachUnknownEntryIsAWarningOnItsTenantNamingTheEntry() {
        OffsetDateTime when = OffsetDateTime.of(2026, 11, 2, 10, 0, 0, 0, ZoneOffset.UTC);
        List<ConfigCheck.Finding> findings = ConfigCheck.directoryFindings(List.of(
                new UnknownEntry("acme", "12345678900000", null, "recipient-unknown", 2, when),
                new UnknownEntry("globex", "11000201100044", "SERVICE-DISPARU", "service-unknown", 1, when)));
        assertThat(findings).extracting(f -> f.severity() + " " + f.subject() + " " + f.check()).containsExactly(
                "WARNING acme unknown-directory-entry", "WARNING globex unknown-directory-entry");
        assertThat(findings.get(0).message()).contains("2 invoice(s)", "12345678900000", "not in the directory",
                "2026-11-02T10:00:00Z");
        assertThat(findings.get(1).message()).contains("SERVICE-DISPARU", "11000201100044");
    }
}
