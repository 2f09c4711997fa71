package fr.facteur.tenant;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tenant files committed in config/tenants/ are valid. Their key and known_hosts files are generated at run time
 * (never committed), so the files are checked in a copy of the installation where those are created: the only
 * problems allowed are such missing files, and once they exist every tenant must install.
 */
class RepositoryTenantFilesTest {

    private static final Path REPOSITORY_TENANTS = Path.of("config", "tenants");
    private static final Pattern MISSING_FILE = Pattern.compile(
            "[a-z0-9-]+: inbound\\.(sftp\\.private-key|sftp\\.known-hosts|as2\\.certificate) file not found: (.+)");

    @TempDir
    Path installation;

    @Test
    void everyCommittedTenantFileIsValidOnceItsGeneratedFilesExist() throws IOException {
        Path tenants = Files.createDirectories(installation.resolve("config/tenants"));
        List<Path> files;
        try (Stream<Path> listing = Files.list(REPOSITORY_TENANTS)) {
            files = listing.filter(file -> file.toString().endsWith(".yaml")).toList();
        }
        assertThat(files).as("the demo tenants").isNotEmpty();
        for (Path file : files) {
            Files.copy(file, tenants.resolve(file.getFileName()));
        }
        // the tenants' mappings are committed beside them (config/mappings)
        Path mappings = Files.createDirectories(installation.resolve("config/mappings"));
        try (Stream<Path> listing = Files.list(Path.of("config", "mappings"))) {
            for (Path file : listing.toList()) {
                Files.copy(file, mappings.resolve(file.getFileName()));
            }
        }
        TenantRegistry registry = new TenantRegistry(installation.resolve("config"), name -> null, event -> { },
                Clock.systemUTC());

        for (TenantStatus status : registry.statuses()) {
            for (String error : status.errors()) {
                Matcher missing = MISSING_FILE.matcher(error);
                assertThat(missing.matches()).as("only generated files may be missing: " + error).isTrue();
                Path generated = Path.of(missing.group(2));
                assertThat(generated).as("a generated file stays inside the installation").startsWithRaw(installation);
                Files.createDirectories(generated.getParent());
                Files.writeString(generated, "");
            }
        }
        registry.rescan();

        assertThat(registry.statuses()).allSatisfy(status -> assertThat(status.errors()).as(status.file()).isEmpty());
        assertThat(registry.installed()).hasSameSizeAs(files);
    }

    @Test
    void theDemoTenantsAreTheOnesTheDemoExpects() throws IOException {
        Path tenants = Files.createDirectories(installation.resolve("config/tenants"));
        for (String id : List.of("acme", "durand")) {
            Files.copy(REPOSITORY_TENANTS.resolve(id + ".yaml"), tenants.resolve(id + ".yaml"));
            Files.createDirectories(installation.resolve("certs").resolve(id));
            Files.writeString(installation.resolve("certs").resolve(id).resolve("id_ecdsa"), "");
            Files.writeString(installation.resolve("certs").resolve(id).resolve("known_hosts"), "");
        }
        TenantRegistry registry = new TenantRegistry(installation.resolve("config"), name -> null, event -> { },
                Clock.systemUTC());

        Tenant acme = registry.find("acme").orElseThrow();
        assertThat(acme.name()).isEqualTo("ACME Fournitures SAS");
        assertThat(acme.siret()).isEqualTo("73282932000074");
        assertThat(acme.inbound().sftp().user()).isEqualTo("acme");
        assertThat(acme.inbound().sftp().port()).isEqualTo(2222);
        assertThat(acme.inbound().sftp().privateKey()).isEqualTo(installation.resolve("certs/acme/id_ecdsa"));
        assertThat(acme.formats()).containsExactly("UBL", "CII");
        assertThat(acme.returns()).extracting(Tenant.Returns::channel, Tenant.Returns::sftpDir, Tenant.Returns::format)
                .containsExactly("sftp", "/in/returns", "cppstatut");
        assertThat(acme.returns().events()).containsExactlyElementsOf(Tenant.EVENTS);

        Tenant durand = registry.find("durand").orElseThrow();
        assertThat(durand.name()).isEqualTo("Bureau Durand SARL");
        assertThat(durand.siret()).isEqualTo("44306184100047");
        assertThat(durand.inbound().sftp().user()).isEqualTo("durand");
        assertThat(durand.returns().format()).isEqualTo("json");
        assertThat(durand.returns().events()).containsExactly("INTEGRATION_REPORT", "REJETEE", "SUSPENDUE", "MISE_EN_PAIEMENT");
    }
}
