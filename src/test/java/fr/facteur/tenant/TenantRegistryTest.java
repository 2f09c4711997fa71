package fr.facteur.tenant;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/** The registry follows the files: scans are triggered by calling rescan(), so no test waits on time. */
@ExtendWith(OutputCaptureExtension.class)
class TenantRegistryTest {

    @TempDir
    Path base;

    private Path tenants;
    private final List<Object> events = new ArrayList<>();
    private final Map<String, String> environment = new HashMap<>();
    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-05T08:00:00Z"));

    @BeforeEach
    void setUp() throws IOException {
        tenants = Files.createDirectories(base.resolve("config/tenants"));
        for (String id : List.of("acme", "durand", "zeta")) {
            touch("certs/" + id + "/id_ecdsa");
            touch("certs/" + id + "/known_hosts");
        }
    }

    @Test
    void tenantsFoundAtStartUpAreKnownAtOnceAndAnnouncedOnceTheContextIsRefreshed() throws IOException {
        write("acme", tenantFile("acme", "ACME", "73282932000074"));

        TenantRegistry registry = newRegistry();

        assertThat(registry.find("acme")).isPresent();
        assertThat(events).as("no listener exists during construction").isEmpty();

        registry.announceInstalledTenants();
        registry.announceInstalledTenants(); // a second context refresh (child context) announces nothing more

        assertThat(events).singleElement().isInstanceOfSatisfying(TenantEvent.Installed.class,
                installed -> assertThat(installed.tenant().id()).isEqualTo("acme"));
    }

    @Test
    void scansBeforeTheAnnouncementPublishNothingButAreIncludedInIt() throws IOException {
        TenantRegistry registry = newRegistry();
        write("acme", tenantFile("acme", "ACME", "73282932000074"));
        registry.rescan();
        assertThat(events).isEmpty();

        registry.announceInstalledTenants();

        assertThat(events).containsExactly(new TenantEvent.Installed(registry.find("acme").orElseThrow()));
    }

    @Test
    void anAddedFileInstallsItsTenant() throws IOException {
        TenantRegistry registry = announcedRegistry();

        write("acme", tenantFile("acme", "ACME", "73282932000074"));
        registry.rescan();

        Tenant acme = registry.find("acme").orElseThrow();
        assertThat(events).containsExactly(new TenantEvent.Installed(acme));
        assertThat(registry.findBySiret("73282932000074")).contains(acme);
        assertThat(registry.installed()).containsExactly(acme);
    }

    @Test
    void aChangedFileInstallsTheTenantAgainWithTheNewData() throws IOException {
        write("acme", tenantFile("acme", "ACME", "73282932000074"));
        TenantRegistry registry = announcedRegistry();
        events.clear();

        write("acme", tenantFile("acme", "ACME Fournitures SAS", "73282932000074"));
        registry.rescan();

        assertThat(events).singleElement().isInstanceOfSatisfying(TenantEvent.Installed.class,
                installed -> assertThat(installed.tenant().name()).isEqualTo("ACME Fournitures SAS"));
        assertThat(registry.find("acme").orElseThrow().name()).isEqualTo("ACME Fournitures SAS");
    }

    @Test
    void anUnchangedFileOrAChangeThatLeavesTheTenantAsItWasPublishesNothing() throws IOException {
        write("acme", tenantFile("acme", "ACME", "73282932000074"));
        TenantRegistry registry = announcedRegistry();
        events.clear();

        registry.rescan();
        write("acme", "# a comment changes the bytes, not the tenant\n" + tenantFile("acme", "ACME", "73282932000074"));
        registry.rescan();

        assertThat(events).isEmpty();
    }

    @Test
    void aDeletedFileRemovesItsTenant() throws IOException {
        write("acme", tenantFile("acme", "ACME", "73282932000074"));
        TenantRegistry registry = announcedRegistry();
        events.clear();

        Files.delete(tenants.resolve("acme.yaml"));
        registry.rescan();

        assertThat(events).containsExactly(new TenantEvent.Removed("acme"));
        assertThat(registry.find("acme")).isEmpty();
        assertThat(registry.findBySiret("73282932000074")).isEmpty();
        assertThat(registry.statuses()).isEmpty();
    }

    @Test
    void aFileThatBecomesInvalidRemovesItsTenantAndReportsWhy() throws IOException {
        write("acme", tenantFile("acme", "ACME", "73282932000074"));
        TenantRegistry registry = announcedRegistry();
        events.clear();

        write("acme", tenantFile("acme", "ACME", "73282932000074").replace("port: 2222", "port: 0"));
        registry.rescan();

        assertThat(events).containsExactly(new TenantEvent.Removed("acme"));
        TenantStatus status = registry.status("acme").orElseThrow();
        assertThat(status.state()).isEqualTo(TenantStatus.State.INVALID);
        assertThat(status.errors()).containsExactly("acme: inbound.sftp.port must be 1-65535");
        assertThat(status.tenant()).isNull();
    }

    @Test
    void anInvalidFileDoesNotStopTheValidOneNextToIt() throws IOException {
        write("acme", tenantFile("acme", "ACME", "73282932000075"));
        write("durand", tenantFile("durand", "Bureau Durand SARL", "44306184100047"));

        TenantRegistry registry = announcedRegistry();

        assertThat(registry.installed()).extracting(Tenant::id).containsExactly("durand");
        assertThat(events).extracting(Object::getClass).containsExactly(TenantEvent.Installed.class);
        assertThat(registry.statuses()).extracting(TenantStatus::file, TenantStatus::state).containsExactly(
                org.assertj.core.groups.Tuple.tuple("acme.yaml", TenantStatus.State.INVALID),
                org.assertj.core.groups.Tuple.tuple("durand.yaml", TenantStatus.State.INSTALLED));
        TenantStatus acme = registry.status("acme").orElseThrow();
        assertThat(acme.errors()).containsExactly("acme: siret 73282932000075 has an invalid check digit (Luhn key)");
        assertThat(acme.name()).as("reported from the file as written").isEqualTo("ACME");
        assertThat(registry.find("acme")).isEmpty();
    }

    @Test
    void anInvalidFileIsInstalledOnceTheKeyFileItNamesAppears() throws IOException {
        Files.delete(base.resolve("certs/acme/known_hosts"));
        write("acme", tenantFile("acme", "ACME", "73282932000074"));
        TenantRegistry registry = announcedRegistry();
        assertThat(registry.status("acme").orElseThrow().errors())
                .containsExactly("acme: inbound.sftp.known-hosts file not found: " + base.resolve("certs/acme/known_hosts"));

        touch("certs/acme/known_hosts"); // the tenant file itself is unchanged
        registry.rescan();

        assertThat(registry.find("acme")).isPresent();
        assertThat(events).containsExactly(new TenantEvent.Installed(registry.find("acme").orElseThrow()));
    }

    @Test
    void aSiretUsedTwiceInvalidatesTheFileThatSortsLater() throws IOException {
        write("zeta", tenantFile("zeta", "Zeta", "73282932000074"));
        write("acme", tenantFile("acme", "ACME", "73282932000074"));
        TenantRegistry registry = announcedRegistry();

        assertThat(registry.installed()).extracting(Tenant::id).containsExactly("acme");
        assertThat(registry.status("zeta").orElseThrow().errors())
                .containsExactly("zeta: siret 73282932000074 is already used by tenant acme");

        events.clear();
        Files.delete(tenants.resolve("acme.yaml"));
        registry.rescan();

        assertThat(events).containsExactly(new TenantEvent.Removed("acme"),
                new TenantEvent.Installed(registry.find("zeta").orElseThrow()));
    }

    @Test
    void anIdUsedByTwoFilesInvalidatesTheFileThatSortsLater() throws IOException {
        write("acme", tenantFile("acme", "ACME", "73282932000074"));
        Files.writeString(tenants.resolve("acme.yml"), tenantFile("acme", "ACME bis", "44306184100047"));

        TenantRegistry registry = announcedRegistry();

        assertThat(registry.find("acme").orElseThrow().name()).isEqualTo("ACME");
        assertThat(registry.statuses()).filteredOn(status -> status.file().equals("acme.yml")).singleElement()
                .satisfies(status -> assertThat(status.errors())
                        .containsExactly("acme: id acme is already used by the file acme.yaml"));
    }

    @Test
    void aFailingListenerDoesNotKeepTheOtherEventsFromBeingPublished() throws IOException {
        TenantRegistry registry = new TenantRegistry(base.resolve("config"), environment::get, event -> {
            events.add(event);
            throw new IllegalStateException("listener bug");
        }, clock);
        registry.announceInstalledTenants();
        write("acme", tenantFile("acme", "ACME", "73282932000074"));
        write("durand", tenantFile("durand", "Bureau Durand SARL", "44306184100047"));

        registry.rescan();

        assertThat(events).hasSize(2);
        assertThat(registry.installed()).hasSize(2);
    }

    @Test
    void onlyVisibleYamlFilesAreTenants() throws IOException {
        Files.writeString(tenants.resolve("README.txt"), "not a tenant");
        Files.writeString(tenants.resolve(".acme.yaml"), "editor backup");

        assertThat(announcedRegistry().statuses()).isEmpty();
    }

    @Test
    void withoutATenantFolderThereAreNoTenants() throws IOException {
        Files.delete(tenants);

        TenantRegistry registry = announcedRegistry();

        assertThat(registry.installed()).isEmpty();
        assertThat(registry.statuses()).isEmpty();
    }

    @Test
    void invalidFilesAreCheckedOnEveryScanValidOnesOnlyWhenTheyChange() throws IOException {
        write("acme", tenantFile("acme", "ACME", "73282932000075"));
        write("durand", tenantFile("durand", "Bureau Durand SARL", "44306184100047"));
        TenantRegistry registry = announcedRegistry();
        Instant firstScan = clock.instant();

        clock.now = firstScan.plusSeconds(2);
        registry.rescan();

        assertThat(registry.status("acme").orElseThrow().checkedAt()).isEqualTo(firstScan.plusSeconds(2));
        TenantStatus durand = registry.status("durand").orElseThrow();
        assertThat(durand.checkedAt()).isEqualTo(firstScan);
        assertThat(durand.installedAt()).isEqualTo(firstScan);
    }

    @Test
    void anInvalidFileIsLoggedOncePerChangeNotOnEveryScan(CapturedOutput output) throws IOException {
        write("acme", tenantFile("acme", "ACME", "73282932000075"));
        TenantRegistry registry = announcedRegistry();
        registry.rescan();
        registry.rescan();

        assertThat(countOf(output.getOut(), "Tenant file acme.yaml is invalid")).isEqualTo(1);
        assertThat(output.getOut()).contains("acme: siret 73282932000075 has an invalid check digit (Luhn key)");

        write("acme", tenantFile("acme", "ACME", "73282932000075").replace("port: 2222", "port: 0"));
        registry.rescan();
        registry.rescan();

        assertThat(countOf(output.getOut(), "Tenant file acme.yaml is invalid")).isEqualTo(2);
    }

    @Test
    void passwordsNeverReachTheLog(CapturedOutput output) throws IOException {
        write("acme", tenantFile("acme", "ACME", "73282932000074").replace("private-key: certs/acme/id_ecdsa",
                "password: s3cret-pw"));
        write("durand", tenantFile("durand", "Durand", "44306184100047").replace("dir: /out/invoices",
                "dir: /out/invoices\n    password: s3cret-pw"));

        TenantRegistry registry = announcedRegistry();

        assertThat(registry.find("acme").orElseThrow().inbound().sftp().password()).isEqualTo("s3cret-pw");
        assertThat(registry.status("durand").orElseThrow().state()).isEqualTo(TenantStatus.State.INVALID);
        assertThat(output.getAll()).contains("durand.yaml is invalid").doesNotContain("s3cret-pw");
    }

    private TenantRegistry newRegistry() {
        return new TenantRegistry(base.resolve("config"), environment::get, events::add, clock);
    }

    private TenantRegistry announcedRegistry() {
        TenantRegistry registry = newRegistry();
        registry.announceInstalledTenants();
        return registry;
    }

    private static String tenantFile(String id, String name, String siret) {
        return """
                id: %1$s
                name: %2$s
                siret: "%3$s"
                inbound:
                  sftp:
                    host: localhost
                    port: 2222
                    user: %1$s
                    private-key: certs/%1$s/id_ecdsa
                    known-hosts: certs/%1$s/known_hosts
                    dir: /out/invoices
                returns:
                  sftp: { dir: /in/returns }
                """.formatted(id, name, siret);
    }

    private void write(String id, String content) throws IOException {
        Files.writeString(tenants.resolve(id + ".yaml"), content);
    }

    private void touch(String relative) throws IOException {
        Path file = base.resolve(relative);
        Files.createDirectories(file.getParent());
        Files.writeString(file, "");
    }

    private static int countOf(String text, String part) {
        int count = 0;
        for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + 1)) {
            count++;
        }
        return count;
    }

    /** A clock the test moves by hand. */
    private static final class MutableClock extends Clock {

        Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }
}
