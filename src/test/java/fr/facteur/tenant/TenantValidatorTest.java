package fr.facteur.tenant;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The rules of a tenant file (design.md §2), one by one, through the parser the registry uses. */
class TenantValidatorTest {

    private static final String VALID = """
            id: acme
            name: ACME Fournitures SAS
            siret: "73282932000074"
            inbound:
              sftp:
                host: sftp.acme.example
                port: 2222
                user: facteur
                private-key: certs/acme/id_ecdsa
                known-hosts: certs/acme/known_hosts
                dir: /out/invoices
                poll: 5s
            formats: [UBL, CII]
            returns:
              channel: sftp
              sftp: { dir: /in/returns }
              format: json
              events: [REJETEE, INTEGRATION_REPORT]
            """;

    @TempDir
    Path root;

    private final Map<String, String> environment = new HashMap<>();
    private TenantFileParser parser;

    @BeforeEach
    void setUp() throws IOException {
        parser = new TenantFileParser(root, environment::get);
        touch("certs/acme/id_ecdsa");
        touch("certs/acme/known_hosts");
        touch("certs/acme/as2.pem");
    }

    @Test
    void aValidFileGivesTheTenantItDescribes() {
        ParsedTenantFile parsed = parse(VALID);

        assertThat(parsed.errors()).isEmpty();
        Tenant tenant = parsed.tenant();
        assertThat(tenant.id()).isEqualTo("acme");
        assertThat(tenant.name()).isEqualTo("ACME Fournitures SAS");
        assertThat(tenant.siret()).isEqualTo("73282932000074");
        Tenant.SftpAccount sftp = tenant.inbound().sftp();
        assertThat(sftp.host()).isEqualTo("sftp.acme.example");
        assertThat(sftp.port()).isEqualTo(2222);
        assertThat(sftp.user()).isEqualTo("facteur");
        assertThat(sftp.privateKey()).isEqualTo(root.resolve("certs/acme/id_ecdsa"));
        assertThat(sftp.password()).isNull();
        assertThat(sftp.knownHosts()).isEqualTo(root.resolve("certs/acme/known_hosts"));
        assertThat(sftp.dir()).isEqualTo("/out/invoices");
        assertThat(sftp.poll()).isEqualTo(Duration.ofSeconds(5));
        assertThat(tenant.formats()).containsExactly("UBL", "CII");
        assertThat(tenant.returns()).isEqualTo(new Tenant.Returns("sftp", "/in/returns", "json",
                java.util.Set.of("INTEGRATION_REPORT", "REJETEE")));
        assertThat(tenant.returns().events()).as("in Tenant.EVENTS order").containsExactly("INTEGRATION_REPORT", "REJETEE");
    }

    @Test
    void optionalBlocksTakeTheirDefaults() {
        ParsedTenantFile parsed = parse("""
                id: acme
                name: ACME
                siret: "73282932000074"
                """);

        assertThat(parsed.errors()).isEmpty();
        Tenant tenant = parsed.tenant();
        assertThat(tenant.inbound().sftp()).isNull();
        assertThat(tenant.formats()).containsExactly("UBL", "CII", "FACTURX");
        assertThat(tenant.returns().channel()).as("no inbound.sftp: no channel to return on").isEqualTo("none");
        assertThat(tenant.returns().format()).isEqualTo("cppstatut");
        assertThat(tenant.returns().events()).containsExactlyElementsOf(Tenant.EVENTS);
    }

    @Test
    void sftpDefaultsToPort22PollEvery30sAndReturnsOverSftp() {
        ParsedTenantFile parsed = parse("""
                id: acme
                name: ACME
                siret: "73282932000074"
                inbound:
                  sftp: { host: h, user: u, private-key: certs/acme/id_ecdsa, known-hosts: certs/acme/known_hosts, dir: /out }
                returns:
                  sftp: { dir: /in }
                """);

        assertThat(parsed.errors()).isEmpty();
        assertThat(parsed.tenant().inbound().sftp().port()).isEqualTo(22);
        assertThat(parsed.tenant().inbound().sftp().poll()).isEqualTo(Duration.ofSeconds(30));
        assertThat(parsed.tenant().returns().channel()).isEqualTo("sftp");
    }

    @Test
    void theDefaultSftpChannelStillNeedsAReturnsFolder() {
        assertThat(parse(VALID.substring(0, VALID.indexOf("returns:"))).errors()).containsExactly(
                "acme: returns.sftp.dir is required when returns.channel is sftp (the default when inbound.sftp is set)");
    }

    // --- id, name, siret

    @Test
    void idIsRequired() {
        assertThat(errors(with("id: acme\n", ""))).containsExactly("acme: id is required");
    }

    @Test
    void idMustBeLowerCaseLettersDigitsAndDashes() {
        ParsedTenantFile parsed = parser.parse("Acme.yaml", with("id: acme", "id: Acme").getBytes(UTF_8));
        assertThat(parsed.errors()).containsExactly("Acme: id must match [a-z0-9-]{2,40} (found: Acme)");
    }

    @Test
    void idMustEqualTheFileName() {
        ParsedTenantFile parsed = parser.parse("durand.yaml", VALID.getBytes(UTF_8));
        assertThat(parsed.errors()).containsExactly("durand: id must equal the file name (durand), found: acme");
    }

    @Test
    void aYmlExtensionWorksToo() {
        assertThat(parser.parse("acme.yml", VALID.getBytes(UTF_8)).errors()).isEmpty();
    }

    @Test
    void nameIsRequiredAndNotBlank() {
        assertThat(errors(with("name: ACME Fournitures SAS", "name: '  '"))).containsExactly("acme: name is required");
    }

    @Test
    void siretIsRequired() {
        assertThat(errors(with("siret: \"73282932000074\"\n", ""))).containsExactly("acme: siret is required");
    }

    @ParameterizedTest
    @ValueSource(strings = { "7328293200007", "732829320000740", "732 829 320 00074", "ABCDEFGHIJKLMN" })
    void siretMustBeFourteenDigits(String siret) {
        assertThat(errors(with("\"73282932000074\"", "\"" + siret + "\"")))
                .containsExactly("acme: siret must be exactly 14 digits (found: " + siret + ")");
    }

    @Test
    void siretMustHaveAValidLuhnKey() {
        assertThat(errors(with("73282932000074", "73282932000075")))
                .containsExactly("acme: siret 73282932000075 has an invalid check digit (Luhn key)");
    }

    @Test
    void laPosteSiretsFollowTheirOwnRule() {
        assertThat(errors(with("73282932000074", "35600000049837"))).isEmpty();
    }

    @Test
    void anUnquotedSiretIsRefusedBecauseYamlWouldReadANumber() {
        assertThat(errors(with("\"73282932000074\"", "73282932000074"))).containsExactly(
                "acme: siret must be quoted so that YAML keeps it as text, e.g. siret: \"73282932000074\"");
    }

    // --- unknown keys

    @Test
    void unknownKeysAreErrorsWithTheirPath() {
        assertThat(errors(with("    poll: 5s", "    pol: 5s") + "colour: blue\n")).containsExactly(
                "acme: colour is not a known key (expected one of id, name, siret, inbound, formats, returns, mapping)",
                "acme: inbound.sftp.pol is not a known key (expected one of host, port, user, private-key, password, "
                        + "password-env, known-hosts, dir, poll)");
    }

    @Test
    void aKeyWrittenTwiceIsAnError() {
        assertThat(errors(VALID + "name: Other\n")).singleElement().asString()
                .startsWith("acme: the file is not valid YAML (line ").contains("Duplicate field 'name'");
    }

    // --- inbound.sftp

    @ParameterizedTest
    @ValueSource(strings = { "0", "65536", "-1", "'22'", "twenty-two", "22.5" })
    void portMustBeANumberFrom1To65535(String port) {
        assertThat(errors(with("port: 2222", "port: " + port))).containsExactly("acme: inbound.sftp.port must be 1-65535");
    }

    @Test
    void hostAndUserAreRequired() {
        assertThat(errors(with("    host: sftp.acme.example\n", "").replace("    user: facteur\n", "")))
                .containsExactly("acme: inbound.sftp.host is required", "acme: inbound.sftp.user is required");
    }

    @Test
    void aPrivateKeyOrAPasswordIsRequired() {
        assertThat(errors(with("    private-key: certs/acme/id_ecdsa\n", ""))).containsExactly(
                "acme: inbound.sftp needs exactly one of private-key, password, password-env (found none)");
    }

    @Test
    void aPrivateKeyAndAPasswordTogetherAreRefusedWithoutShowingThePassword() {
        ParsedTenantFile parsed = parse(with("    dir: /out/invoices", "    dir: /out/invoices\n    password: s3cret-pw"));

        assertThat(parsed.errors()).containsExactly(
                "acme: inbound.sftp needs exactly one of private-key, password, password-env (found private-key and password)");
        assertThat(parsed.toString()).doesNotContain("s3cret-pw");
    }

    @Test
    void aPasswordCanBeGivenInTheFile() {
        ParsedTenantFile parsed = parse(with("    private-key: certs/acme/id_ecdsa", "    password: s3cret-pw"));

        assertThat(parsed.errors()).isEmpty();
        assertThat(parsed.tenant().inbound().sftp().password()).isEqualTo("s3cret-pw");
        assertThat(parsed.tenant().inbound().sftp().privateKey()).isNull();
        assertThat(parsed.tenant().toString()).doesNotContain("s3cret-pw");
    }

    @Test
    void aPasswordCanComeFromTheEnvironment() {
        environment.put("ACME_SFTP_PASSWORD", "from-env");

        ParsedTenantFile parsed = parse(with("    private-key: certs/acme/id_ecdsa", "    password-env: ACME_SFTP_PASSWORD"));

        assertThat(parsed.errors()).isEmpty();
        assertThat(parsed.tenant().inbound().sftp().password()).isEqualTo("from-env");
    }

    @Test
    void aPasswordVariableMissingFromTheEnvironmentIsAnError() {
        assertThat(errors(with("    private-key: certs/acme/id_ecdsa", "    password-env: ACME_SFTP_PASSWORD")))
                .containsExactly("acme: inbound.sftp.password-env names ACME_SFTP_PASSWORD, which is not set in the environment");
    }

    @Test
    void knownHostsIsRequiredBecauseHostKeysAreAlwaysChecked() {
        assertThat(errors(with("    known-hosts: certs/acme/known_hosts\n", ""))).containsExactly(
                "acme: inbound.sftp.known-hosts is required (the server's host key is always checked)");
    }

    @Test
    void referencedFilesMustExist() {
        ParsedTenantFile parsed = parse(with("certs/acme/id_ecdsa", "certs/acme/id_rsa")
                .replace("certs/acme/known_hosts", "certs/nowhere/known_hosts"));

        assertThat(parsed.errors()).containsExactly(
                "acme: inbound.sftp.private-key file not found: " + root.resolve("certs/acme/id_rsa"),
                "acme: inbound.sftp.known-hosts file not found: " + root.resolve("certs/nowhere/known_hosts"));
    }

    @Test
    void absolutePathsAreKeptAsTheyAre(@TempDir Path elsewhere) throws IOException {
        Path knownHosts = Files.writeString(elsewhere.resolve("known_hosts"), "");

        ParsedTenantFile parsed = parse(with("certs/acme/known_hosts", knownHosts.toString()));

        assertThat(parsed.errors()).isEmpty();
        assertThat(parsed.tenant().inbound().sftp().knownHosts()).isEqualTo(knownHosts);
    }

    @Test
    void dirMustBeAbsolute() {
        assertThat(errors(with("dir: /out/invoices", "dir: out/invoices")))
                .containsExactly("acme: inbound.sftp.dir must be absolute (start with /)");
        assertThat(errors(with("    dir: /out/invoices\n", ""))).containsExactly("acme: inbound.sftp.dir is required");
    }

    @ParameterizedTest
    @CsvSource({ "30s, PT30S", "2m, PT2M", "PT45S, PT45S", "1h, PT1H", "1500ms, PT1.5S" })
    void pollAcceptsSimpleAndIsoDurations(String poll, Duration expected) {
        ParsedTenantFile parsed = parse(with("poll: 5s", "poll: " + poll));

        assertThat(parsed.errors()).isEmpty();
        assertThat(parsed.tenant().inbound().sftp().poll()).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = { "soon", "30", "5 s", "PT" })
    void pollMustBeADuration(String poll) {
        assertThat(errors(with("poll: 5s", "poll: " + poll)))
                .containsExactly("acme: inbound.sftp.poll must be a duration like 30s, 2m or PT30S (found: " + poll + ")");
    }

    @Test
    void pollMustBeAtLeastOneSecond() {
        assertThat(errors(with("poll: 5s", "poll: 500ms"))).containsExactly("acme: inbound.sftp.poll must be at least 1s (found: 500ms)");
    }

    // --- inbound.as2

    @Test
    void anAs2BlockGivesThePartnerWithSecureDefaults() {
        ParsedTenantFile parsed = parse(with("inbound:\n", """
                inbound:
                  as2: { as2-id: ACME, certificate: certs/acme/as2.pem }
                """));
        assertThat(parsed.errors()).isEmpty();
        Tenant.As2Partner as2 = parsed.tenant().inbound().as2();
        assertThat(as2.as2Id()).isEqualTo("ACME");
        assertThat(as2.certificate()).isEqualTo(root.resolve("certs/acme/as2.pem"));
        assertThat(as2.nextCertificate()).isNull();
        assertThat(as2.requireSignature()).isTrue();
        assertThat(as2.requireEncryption()).isTrue();
        assertThat(as2.allowSha1()).isFalse();
        assertThat(as2.allowExpiredCertificate()).isFalse();
        assertThat(as2.url()).isNull();
        assertThat(as2.asyncMdnHosts()).isEmpty();
        assertThat(as2.timeout()).isEqualTo(java.time.Duration.ofSeconds(120));
        assertThat(as2.encryption()).isEqualTo("AES256_CBC");
    }

    @Test
    void asyncMdnsMayGoToTheHostOfThePartnersUrlByDefault() {
        ParsedTenantFile parsed = parse(with("inbound:\n", """
                inbound:
                  as2:
                    as2-id: ACME
                    certificate: certs/acme/as2.pem
                    next-certificate: certs/acme/as2.pem
                    url: https://AS2.acme.example:4443/as2
                    timeout: 5m
                    encryption: AES128_GCM
                    require-encryption: false
                """));
        assertThat(parsed.errors()).isEmpty();
        Tenant.As2Partner as2 = parsed.tenant().inbound().as2();
        assertThat(as2.asyncMdnHosts()).containsExactly("as2.acme.example");
        assertThat(as2.nextCertificate()).isEqualTo(root.resolve("certs/acme/as2.pem"));
        assertThat(as2.timeout()).isEqualTo(java.time.Duration.ofMinutes(5));
        assertThat(as2.encryption()).isEqualTo("AES128_GCM");
        assertThat(as2.requireEncryption()).isFalse();
    }

    @Test
    void anAs2BlockNeedsAnIdAnExistingCertificateAndBooleanFlags() {
        assertThat(errors(with("inbound:\n", """
                inbound:
                  as2: { as2-id: A C, certificate: certs/acme/missing.pem, require-signature: maybe, sign: true,
                         url: "ftp://x", async-mdn-hosts: [ "http://evil/" ], timeout: 0s, encryption: DES }
                """))).containsExactly(
                "acme: inbound.as2.sign is not a known key (expected one of as2-id, certificate, next-certificate, "
                        + "require-signature, require-encryption, allow-sha1, allow-expired-certificate, url, "
                        + "async-mdn-hosts, timeout, encryption)",
                "acme: inbound.as2.as2-id must be 1-128 printable ASCII characters without spaces (found: A C)",
                "acme: inbound.as2.certificate file not found: " + root.resolve("certs/acme/missing.pem"),
                "acme: inbound.as2.require-signature must be true or false",
                "acme: inbound.as2.url must be an absolute http or https URL (found: ftp://x)",
                "acme: inbound.as2.async-mdn-hosts[0] must be a host name (found: \"http://evil/\")",
                "acme: inbound.as2.timeout must be a duration of at least 1s, like 120s or 5m (found: 0s)",
                "acme: inbound.as2.encryption must be one of AES128_CBC, AES256_CBC, AES128_GCM, AES256_GCM (found: DES)");
    }

    @Test
    void returnsOverAs2NeedThePartnersUrl() {
        assertThat(errors(with("inbound:\n", """
                inbound:
                  as2: { as2-id: ACME, certificate: certs/acme/as2.pem }
                """).replace("channel: sftp", "channel: as2"))).containsExactly(
                "acme: returns.channel as2 requires inbound.as2 with a url (where the partner receives AS2)");
    }

    // --- formats

    @Test
    void formatsMustBeKnownSyntaxes() {
        assertThat(errors(with("[UBL, CII]", "[UBL, XML]")))
                .containsExactly("acme: formats[1] must be one of UBL, CII, FACTURX (found: XML)");
    }

    @Test
    void formatsMustNotBeEmpty() {
        assertThat(errors(with("[UBL, CII]", "[]"))).containsExactly("acme: formats must list at least one of UBL, CII, FACTURX");
    }

    @Test
    void formatsMustBeAList() {
        assertThat(errors(with("[UBL, CII]", "UBL"))).containsExactly("acme: formats must be a list, e.g. [UBL, CII]");
    }

    // --- returns

    @Test
    void returnsChannelMustBeKnown() {
        assertThat(errors(with("channel: sftp", "channel: fax")))
                .containsExactly("acme: returns.channel must be one of sftp, as2, webhook, none (found: fax)");
    }

    @Test
    void returnsOverSftpReuseTheInboundConnection() {
        String noInboundSftp = VALID.substring(0, VALID.indexOf("inbound:")) + VALID.substring(VALID.indexOf("formats:"));
        assertThat(errors(noInboundSftp)).containsExactly(
                "acme: returns.channel sftp requires inbound.sftp (returns reuse the inbound connection)");
    }

    @Test
    void returnsSftpDirIsRequiredAndAbsolute() {
        assertThat(errors(with("  sftp: { dir: /in/returns }\n", "")))
                .containsExactly("acme: returns.sftp.dir is required when returns.channel is sftp");
        assertThat(errors(with("dir: /in/returns", "dir: in/returns")))
                .containsExactly("acme: returns.sftp.dir must be absolute (start with /)");
    }

    @Test
    void otherChannelsNeedNoSftpFolder() {
        environment.put("ACME_WEBHOOK_SECRET", "0123456789abcdef-secret");
        ParsedTenantFile parsed = parse(with("channel: sftp", "channel: webhook\n  webhook: { url: https://erp.example/facteur, "
                + "secret-env: ACME_WEBHOOK_SECRET, timeout: 20s }").replace("  sftp: { dir: /in/returns }\n", ""));

        assertThat(parsed.errors()).isEmpty();
        assertThat(parsed.tenant().returns().channel()).isEqualTo("webhook");
        assertThat(parsed.tenant().returns().webhook()).isEqualTo(new Tenant.Webhook(
                java.net.URI.create("https://erp.example/facteur"), "ACME_WEBHOOK_SECRET", java.time.Duration.ofSeconds(20)));
        assertThat(parsed.tenant().returns().timing()).isEqualTo("immediate");
    }

    @Test
    void aWebhookNeedsAnHttpsUrlAndASecretFromTheEnvironment() {
        String webhook = "channel: webhook\n  webhook: { url: http://erp.example/facteur, secret-env: NOT_SET, timeout: 0s }";
        assertThat(errors(with("channel: sftp", webhook).replace("  sftp: { dir: /in/returns }\n", "")))
                .containsExactlyInAnyOrder(
                        "acme: returns.webhook.url must use https (http only for localhost or 127.0.0.1; found: http://erp.example/facteur)",
                        "acme: returns.webhook.secret-env names NOT_SET, which is not set in the environment",
                        "acme: returns.webhook.timeout must be a duration between 1s and 5m, like 30s (found: 0s)");
        assertThat(errors(with("channel: sftp", "channel: webhook").replace("  sftp: { dir: /in/returns }\n", "")))
                .containsExactly("acme: returns.webhook is required when returns.channel is webhook (url, secret-env)");
        environment.put("LOCAL_SECRET", "0123456789abcdef-secret");
        ParsedTenantFile local = parse(with("channel: sftp", "channel: webhook\n  webhook: { url: http://127.0.0.1:8099/in, "
                + "secret-env: LOCAL_SECRET }").replace("  sftp: { dir: /in/returns }\n", ""));
        assertThat(local.errors()).isEmpty();
        assertThat(local.tenant().returns().webhook().timeout()).isEqualTo(java.time.Duration.ofSeconds(30));
    }

    @Test
    void aDigestNeedsItsPeriod() {
        ParsedTenantFile digest = parse(with("format: json", "format: json\n  timing: digest\n  digest-every: 15m"));
        assertThat(digest.errors()).isEmpty();
        assertThat(digest.tenant().returns().digest()).isTrue();
        assertThat(digest.tenant().returns().digestEvery()).isEqualTo(java.time.Duration.ofMinutes(15));

        assertThat(errors(with("format: json", "format: json\n  timing: digest")))
                .containsExactly("acme: returns.digest-every is required when returns.timing is digest (e.g. 15m)");
        assertThat(errors(with("format: json", "format: json\n  timing: weekly")))
                .containsExactly("acme: returns.timing must be one of immediate, digest (found: weekly)");
        assertThat(errors(with("format: json", "format: json\n  timing: digest\n  digest-every: 2s")))
                .containsExactly("acme: returns.digest-every must be a duration of at least 5s, like 15m or 1h (found: 2s)");
    }

    @Test
    void returnsFormatMustBeKnown() {
        assertThat(errors(with("format: json", "format: pdf")))
                .containsExactly("acme: returns.format must be one of cppstatut, json, csv (found: pdf)");
    }

    @Test
    void returnsEventsMustBeTenantEvents() {
        assertThat(errors(with("[REJETEE, INTEGRATION_REPORT]", "[REJETEE, PAYEE]")))
                .containsExactly("acme: returns.events[1] must be one of " + String.join(", ", Tenant.EVENTS) + " (found: PAYEE)");
    }

    @Test
    void noEventsMeansEveryEvent() {
        ParsedTenantFile parsed = parse(with("[REJETEE, INTEGRATION_REPORT]", "[]"));

        assertThat(parsed.errors()).isEmpty();
        assertThat(parsed.tenant().returns().events()).containsExactlyElementsOf(Tenant.EVENTS);
        assertThat(parsed.tenant().returns().relays("A_RECYCLER")).isTrue();
    }

    // --- the whole file at once

    @Test
    void everyProblemOfTheFileIsReportedAtOnce() {
        ParsedTenantFile parsed = parse("""
                id: acme
                siret: "73282932000075"
                inbound:
                  sftp: { host: h, port: 0, private-key: certs/acme/id_ecdsa, known-hosts: certs/acme/known_hosts, dir: /out }
                formats: [UBL, PDF]
                returns: { channel: sftp, sftp: { dir: /in }, format: xml, evnts: [REJETEE] }
                """);

        assertThat(parsed.tenant()).isNull();
        assertThat(parsed.errors()).containsExactlyInAnyOrder(
                "acme: name is required",
                "acme: siret 73282932000075 has an invalid check digit (Luhn key)",
                "acme: inbound.sftp.port must be 1-65535",
                "acme: inbound.sftp.user is required",
                "acme: formats[1] must be one of UBL, CII, FACTURX (found: PDF)",
                "acme: returns.evnts is not a known key (expected one of channel, sftp, format, events, webhook, timing, "
                        + "digest-every)",
                "acme: returns.format must be one of cppstatut, json, csv (found: xml)");
        assertThat(parsed.name()).isNull();
        assertThat(parsed.siret()).as("kept for the report").isEqualTo("73282932000075");
    }

    @Test
    void aFileThatIsNotYamlIsReportedWithItsLineButNotItsContent() {
        ParsedTenantFile parsed = parse("""
                id: acme
                inbound:
                  sftp:
                    password: s3cret-pw: oops
                """);

        assertThat(parsed.errors()).singleElement().asString()
                .startsWith("acme: the file is not valid YAML (line 4,")
                .doesNotContain("s3cret-pw");
    }

    @Test
    void anEmptyFileIsInvalid() {
        assertThat(errors("# nothing yet\n")).containsExactly("acme: the file is empty");
    }

    @Test
    void theFileMustBeAMapping() {
        assertThat(errors("- id: acme\n")).containsExactly("acme: the file must be a mapping of keys (id: ..., name: ..., siret: ...)");
    }

    @Test
    void aSecondDocumentIsNotSilentlyIgnored() {
        assertThat(errors(VALID + "---\nid: durand\n"))
                .containsExactly("acme: the file must hold a single YAML document (found a second one after ---)");
    }

    // --- mapping (issue 4)

    @Test
    void aMappingNamesAnExistingStylesheetResolvedAgainstTheInstallation() throws IOException {
        touch("config/mappings/acme.xsl");
        ParsedTenantFile parsed = parse(VALID + "mapping:\n  xslt: config/mappings/acme.xsl\n");

        assertThat(parsed.errors()).isEmpty();
        assertThat(parsed.tenant().mapping().xslt()).isEqualTo(root.resolve("config/mappings/acme.xsl"));
        assertThat(parse(VALID).tenant().mapping()).as("no mapping by default").isNull();
    }

    @Test
    void aMappingWithoutItsStylesheetIsAnError() {
        assertThat(errors(VALID + "mapping:\n  xslt: config/mappings/none.xsl\n")).containsExactly(
                "acme: mapping.xslt file not found: " + root.resolve("config/mappings/none.xsl"));
        assertThat(errors(VALID + "mapping:\n  csv: x\n")).contains(
                "acme: mapping.xslt is required (the stylesheet turning this supplier's files into UBL)");
    }

    private ParsedTenantFile parse(String yaml) {
        return parser.parse("acme.yaml", yaml.getBytes(UTF_8));
    }

    private java.util.List<String> errors(String yaml) {
        return parse(yaml).errors();
    }

    /** The valid file with one change; fails if the text to change is not there, so no test passes by accident. */
    private static String with(String from, String to) {
        assertThat(VALID).contains(from);
        return VALID.replace(from, to);
    }

    private void touch(String relative) throws IOException {
        Path file = root.resolve(relative);
        Files.createDirectories(file.getParent());
        Files.writeString(file, "");
    }
}
