package fr.facteur.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Period;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jms.core.JmsTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import fr.facteur.crypto.Certificates;
import fr.facteur.messaging.Queues;
import fr.facteur.testsupport.GatewayTestEnvironment;
import fr.facteur.testsupport.TestInvoices;

/**
 * The console and its API on one running gateway: access control (anonymous, viewer, a viewer limited to one
 * tenant, admin), tenant onboarding one by one and by CSV, the configuration check, dead letters and their replay,
 * and the console walked in Debian's chromium (log in, onboard a tenant, open an invoice, replay a dead letter).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext
class ConsoleIT {

    static final String ACME_SIRET = "73282932000074";
    static final String DURAND_SIRET = "44306184100047";

    static final GatewayTestEnvironment env = GatewayTestEnvironment.start("console");

    static {
        env.addSupplier("acme", ACME_SIRET, "json", List.of());
        env.addSupplier("durand", DURAND_SIRET, "json", List.of());
    }

    @DynamicPropertySource
    static void gateway(DynamicPropertyRegistry registry) {
        env.register(registry);
        // dead letters within a second: two attempts, not eight
        registry.add("facteur.broker.max-delivery-attempts", () -> "2");
    }

    @AfterAll
    static void stop() {
        env.close();
    }

    @Autowired
    TestRestTemplate anonymous;
    @Autowired
    JmsTemplate jms;
    @LocalServerPort
    int port;

    final ObjectMapper json = new ObjectMapper();

    TestRestTemplate admin() {
        return anonymous.withBasicAuth(GatewayTestEnvironment.ADMIN, GatewayTestEnvironment.ADMIN_PASSWORD);
    }

    TestRestTemplate viewer() {
        return anonymous.withBasicAuth(GatewayTestEnvironment.VIEWER, GatewayTestEnvironment.VIEWER_PASSWORD);
    }

    TestRestTemplate acmeViewer() {
        return anonymous.withBasicAuth(GatewayTestEnvironment.ACME_VIEWER, GatewayTestEnvironment.ACME_VIEWER_PASSWORD);
    }

    // ------------------------------------------------------------------------------------------ access control

    @Test
    void nothingButHealthIsAnonymous() throws Exception {
        assertThat(anonymous.getForEntity("/actuator/health", String.class).getStatusCode()).isEqualTo(HttpStatus.OK);
        for (String path : List.of("/api/tenants", "/api/invoices", "/api/dead-letters", "/actuator/prometheus",
                "/v3/api-docs")) {
            ResponseEntity<String> response = anonymous.getForEntity(path, String.class);
            assertThat(response.getStatusCode()).as(path).isEqualTo(HttpStatus.UNAUTHORIZED);
            assertThat(json.readTree(response.getBody()).path("status").asInt()).as(path).isEqualTo(401);
        }
        // the console sends a browser to the login page
        ResponseEntity<String> console = anonymous.getForEntity("/", String.class);
        assertThat(console.getStatusCode().is3xxRedirection() ? console.getHeaders().getLocation().getPath()
                : console.getBody()).contains("login");
        ResponseEntity<String> wrongPassword = anonymous.withBasicAuth(GatewayTestEnvironment.ADMIN, "guess")
                .getForEntity("/api/tenants", String.class);
        assertThat(wrongPassword.getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
    }

    @Test
    void aViewerReadsButCannotChange() throws Exception {
        assertThat(viewer().getForEntity("/api/tenants", String.class).getStatusCode()).isEqualTo(HttpStatus.OK);
        ResponseEntity<String> create = viewer().postForEntity("/api/tenants", jsonEntity(Map.of("id", "viewer-made",
                "name", "X", "siret", siret(999))), String.class);
        assertThat(create.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(viewer().exchange("/api/tenants/acme", HttpMethod.DELETE, null, String.class).getStatusCode())
                .isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(Files.exists(env.base().resolve("config/tenants/acme.yaml"))).isTrue();
    }

    @Test
    void aViewerLimitedToOneTenantNeverSeesAnothersInvoices() throws Exception {
        env.drop("acme", "SCOPE-A.xml", TestInvoices.withNumber("ubl-invoice-acme.xml", "SCOPE-A"));
        env.drop("durand", "SCOPE-D.xml", TestInvoices.withNumber("ubl-invoice-durand.xml", "SCOPE-D"));
        long acmeId = awaitInvoice("acme", "SCOPE-A");
        long durandId = awaitInvoice("durand", "SCOPE-D");

        JsonNode all = json.readTree(acmeViewer().getForObject("/api/invoices?size=500", String.class));
        assertThat(all.path("items").findValuesAsText("tenantId")).contains("acme").doesNotContain("durand");
        JsonNode asked = json.readTree(acmeViewer().getForObject("/api/invoices?tenant=durand", String.class));
        assertThat(asked.path("total").asLong()).isZero();
        assertThat(acmeViewer().getForEntity("/api/invoices/" + durandId, String.class).getStatusCode())
                .isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(acmeViewer().getForEntity("/api/invoices/" + acmeId, String.class).getStatusCode())
                .isEqualTo(HttpStatus.OK);
        JsonNode durandInvoice = json.readTree(admin().getForObject("/api/invoices/" + durandId, String.class));
        assertThat(acmeViewer().getForEntity(durandInvoice.path("documents").path("original").asText(), String.class)
                .getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
        JsonNode tenants = json.readTree(acmeViewer().getForObject("/api/tenants", String.class));
        assertThat(tenants.findValuesAsText("id")).containsExactly("acme");
        assertThat(acmeViewer().getForEntity("/api/returns/unmatched", String.class).getStatusCode())
                .isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(acmeViewer().getForEntity("/api/config-check", String.class).getStatusCode())
                .isEqualTo(HttpStatus.FORBIDDEN);
        // the archive holds both originals, chained
        JsonNode archive = json.readTree(admin().getForObject("/api/archive/verify", String.class));
        assertThat(archive.path("intact").asBoolean()).as(archive.toString()).isTrue();
        assertThat(archive.path("files").asInt()).isGreaterThanOrEqualTo(2);
        assertThat(acmeViewer().getForEntity("/api/archive/verify", String.class).getStatusCode())
                .isEqualTo(HttpStatus.FORBIDDEN);
        // the monthly summary counts the month's documents, as JSON and as CSV, within the viewer's tenants
        String month = java.time.YearMonth.now(java.time.ZoneOffset.UTC).toString();
        JsonNode summary = json.readTree(acmeViewer().getForObject("/api/tenants/acme/summary?month=" + month,
                String.class));
        assertThat(summary.path("documentsReceived").asLong()).as(summary.toString()).isGreaterThanOrEqualTo(1);
        assertThat(summary.path("invoices").asLong()).isGreaterThanOrEqualTo(1);
        assertThat(summary.path("delays").findValuesAsText("stage")).contains("received_to_transmitted");
        String csv = acmeViewer().getForObject("/api/tenants/acme/summary?format=csv&month=" + month, String.class);
        assertThat(csv).startsWith("metric,value\n").contains("\ntenant,acme\n").contains("documents_received,");
        assertThat(acmeViewer().getForEntity("/api/tenants/durand/summary", String.class).getStatusCode())
                .isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(admin().getForEntity("/api/tenants/acme/summary?month=last", String.class).getStatusCode())
                .isEqualTo(HttpStatus.BAD_REQUEST);
        // the unlimited viewer sees both
        JsonNode viewerSees = json.readTree(viewer().getForObject("/api/invoices?size=500", String.class));
        assertThat(viewerSees.path("items").findValuesAsText("tenantId")).contains("acme", "durand");
    }

    // ------------------------------------------------------------------------------------------ onboarding

    @Test
    void aTenantIsCreatedChangedAndRemovedThroughTheApi() throws Exception {
        ResponseEntity<String> invalid = admin().postForEntity("/api/tenants", jsonEntity(Map.of("id", "bad-one",
                "name", "", "siret", "12345678901234", "formats", List.of("PDF"))), String.class);
        assertThat(invalid.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        JsonNode problem = json.readTree(invalid.getBody());
        assertThat(problem.path("type").asText()).isEqualTo("urn:facteur:problem:invalid-tenant");
        assertThat(problem.path("errors").size()).as(invalid.getBody()).isGreaterThanOrEqualTo(2);
        assertThat(problem.path("errors").toString()).contains("siret").contains("formats");
        assertThat(Files.exists(env.base().resolve("config/tenants/bad-one.yaml"))).isFalse();

        Map<String, Object> tenant = Map.of("id", "api-made", "name", "Made by the API", "siret", siret(1),
                "formats", List.of("UBL"), "returns", Map.of("channel", "none"));
        ResponseEntity<String> created = admin().postForEntity("/api/tenants", jsonEntity(tenant), String.class);
        assertThat(created.getStatusCode()).as(created.getBody()).isEqualTo(HttpStatus.CREATED);
        assertThat(json.readTree(created.getBody()).path("state").asText()).isEqualTo("INSTALLED");
        assertThat(json.readTree(admin().getForObject("/api/tenants/api-made", String.class)).path("name").asText())
                .isEqualTo("Made by the API");
        assertThat(admin().postForEntity("/api/tenants", jsonEntity(tenant), String.class).getStatusCode())
                .isEqualTo(HttpStatus.CONFLICT);
        ResponseEntity<String> taken = admin().postForEntity("/api/tenants", jsonEntity(Map.of("id", "same-siret",
                "name", "Copy", "siret", ACME_SIRET)), String.class);
        assertThat(taken.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(taken.getBody()).contains("already used by tenant acme");

        Map<String, Object> renamed = Map.of("id", "api-made", "name", "Renamed", "siret", siret(1),
                "returns", Map.of("channel", "none"));
        ResponseEntity<String> put = admin().exchange("/api/tenants/api-made", HttpMethod.PUT, jsonEntity(renamed),
                String.class);
        assertThat(put.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(Files.readString(env.base().resolve("config/tenants/api-made.yaml"))).contains("Renamed");

        assertThat(admin().exchange("/api/tenants/api-made", HttpMethod.DELETE, null, String.class).getStatusCode())
                .isEqualTo(HttpStatus.NO_CONTENT);
        assertThat(admin().getForEntity("/api/tenants/api-made", String.class).getStatusCode())
                .isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(admin().exchange("/api/tenants/..%2Fescape", HttpMethod.DELETE, null, String.class)
                .getStatusCode().is4xxClientError()).isTrue();
    }

    @Test
    void aCsvImportIsAllOrNothing() throws Exception {
        String header = "id,name,siret,formats,returns_channel\n";
        String rows = IntStream.range(0, 250).mapToObj(i -> "bulk-%03d,\"Bulk supplier %d, SARL\",%s,UBL|CII,none"
                .formatted(i, i, siret(1000 + i))).collect(Collectors.joining("\n"));
        String broken = header + rows + "\nbulk-bad,Broken,123,PDF,none\nbulk-000,Twice,%s,UBL,none\n".formatted(siret(5000));
        long filesBefore = tenantFiles();
        ResponseEntity<String> refused = admin().postForEntity("/api/tenants/import", csvEntity(broken), String.class);
        assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.UNPROCESSABLE_ENTITY);
        JsonNode report = json.readTree(refused.getBody());
        assertThat(report.path("applied").asBoolean()).isFalse();
        assertThat(report.path("invalid").asInt()).isEqualTo(2);
        assertThat(report.path("rows").size()).isEqualTo(252);
        JsonNode badRow = report.path("rows").get(250);
        assertThat(badRow.path("line").asInt()).isEqualTo(252);
        assertThat(badRow.path("errors").toString()).contains("siret").contains("formats");
        assertThat(report.path("rows").get(251).path("errors").toString()).contains("already used on line 2");
        assertThat(tenantFiles()).as("nothing half-applied").isEqualTo(filesBefore);

        ResponseEntity<String> applied = admin().postForEntity("/api/tenants/import", csvEntity(header + rows),
                String.class);
        assertThat(applied.getStatusCode()).as(applied.getBody()).isEqualTo(HttpStatus.OK);
        assertThat(json.readTree(applied.getBody()).path("created").asInt()).isEqualTo(250);
        JsonNode bulk = json.readTree(admin().getForObject("/api/tenants/bulk-249", String.class));
        assertThat(bulk.path("state").asText()).isEqualTo("INSTALLED");
        assertThat(bulk.path("name").asText()).isEqualTo("Bulk supplier 249, SARL");

        ResponseEntity<String> unknownColumn = admin().postForEntity("/api/tenants/import",
                csvEntity("id,colour\nx,blue\n"), String.class);
        assertThat(unknownColumn.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(unknownColumn.getBody()).contains("unknown column 'colour'");
    }

    @Test
    void theConfigurationCheckNamesExpiringCertificatesAndUnreachableSftp() throws Exception {
        Path certificate = env.base().resolve("certs/soon/as2.pem");
        Files.createDirectories(certificate.getParent());
        KeyPair keys = Certificates.rsaKeyPair(2048);
        Certificates.writeCertificatePem(certificate, Certificates.selfSigned(keys, "CN=soon", Period.ofDays(10)));
        Path knownHosts = env.base().resolve("certs/acme/known_hosts");
        Map<String, Object> soon = Map.of("id", "soon", "name", "Expiring soon", "siret", siret(7),
                "inbound", Map.of("as2", Map.of("as2-id", "SOON", "certificate", certificate.toString()),
                        "sftp", Map.of("host", "127.0.0.1", "port", closedPort(), "user", "nobody",
                                "password", "x", "known-hosts", knownHosts.toString(), "dir", "/out")),
                "returns", Map.of("channel", "none"));
        ResponseEntity<String> created = admin().postForEntity("/api/tenants", jsonEntity(soon), String.class);
        assertThat(created.getStatusCode()).as(created.getBody()).isEqualTo(HttpStatus.CREATED);

        JsonNode report = json.readTree(admin().getForObject("/api/config-check", String.class));
        List<String> soonFindings = findings(report, "soon");
        assertThat(soonFindings).anySatisfy(f -> assertThat(f).startsWith("WARNING certificate-expiry"));
        assertThat(soonFindings).anySatisfy(f -> assertThat(f).startsWith("ERROR sftp-reachable"));
        assertThat(findings(report, "acme")).noneMatch(f -> f.startsWith("ERROR"));
        admin().exchange("/api/tenants/soon", HttpMethod.DELETE, null, String.class);
    }

    // ------------------------------------------------------------------------------------------ dead letters

    @Test
    void aDeadLetterIsListedAndReplayedToItsAddress() throws Exception {
        String deadId = deadLetter("acme");
        JsonNode letter = deadLetterNode(deadId);
        assertThat(letter.path("originalAddress").asText()).isEqualTo(Queues.TRANSMIT);
        assertThat(letter.path("tenant").asText()).isEqualTo("acme");
        assertThat(letter.path("reason").asText()).contains("is not in the tracking store"); // the cause, not only the attempts
        assertThat(letter.path("headers").path(Queues.TENANT_ID).asText()).isEqualTo("acme");
        // a viewer limited to durand does not see acme's dead letter; acme's viewer does; neither may replay
        assertThat(acmeViewer().getForObject("/api/dead-letters", String.class)).contains(deadId);
        assertThat(acmeViewer().postForEntity("/api/dead-letters/" + deadId + "/replay", null, String.class)
                .getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);

        ResponseEntity<String> replayed = admin().postForEntity("/api/dead-letters/" + deadId + "/replay", null,
                String.class);
        assertThat(replayed.getStatusCode()).as(replayed.getBody()).isEqualTo(HttpStatus.OK);
        assertThat(json.readTree(replayed.getBody()).path("address").asText()).isEqualTo(Queues.TRANSMIT);
        // the flow still does not exist: the copy goes through transmit again and dies again, marked as a replay
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            JsonNode letters = json.readTree(admin().getForObject("/api/dead-letters", String.class));
            assertThat(letters.findValuesAsText("id")).doesNotContain(deadId);
            assertThat(letters.findValues("FacteurReplayedFrom").stream().map(JsonNode::asText)).contains(deadId);
        });
        assertThat(admin().postForEntity("/api/dead-letters/" + deadId + "/replay", null, String.class)
                .getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
    }

    // ------------------------------------------------------------------------------------------ the browser

    @Test
    void anOperatorWalksTheConsoleInABrowser() throws Exception {
        env.drop("acme", "WALK-1.xml", TestInvoices.withNumber("ubl-invoice-acme.xml", "WALK-1"));
        awaitInvoice("acme", "WALK-1");
        String deadId = deadLetter("acme");

        WebDriver browser = chromium();
        try {
            WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(20));
            String base = "http://localhost:" + port;
            browser.get(base + "/");
            wait.until(ExpectedConditions.urlContains("/login"));
            browser.findElement(By.id("username")).sendKeys(GatewayTestEnvironment.ADMIN);
            browser.findElement(By.id("password")).sendKeys(GatewayTestEnvironment.ADMIN_PASSWORD);
            browser.findElement(By.cssSelector("button[type=submit]")).click();
            wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#tenants tr[data-tenant=acme]")));
            assertThat(browser.findElement(By.id("who")).getText()).contains(GatewayTestEnvironment.ADMIN);

            // onboard a tenant through the form; it appears installed in the list
            browser.findElement(By.id("f-id")).sendKeys("walk-in");
            browser.findElement(By.id("f-name")).sendKeys("Walk-in supplier");
            browser.findElement(By.id("f-siret")).sendKeys(siret(42));
            browser.findElement(By.cssSelector("#onboard button[type=submit]")).click();
            wait.until(ExpectedConditions.textToBePresentInElementLocated(
                    By.cssSelector("#tenants tr[data-tenant=walk-in]"), "INSTALLED"));
            assertThat(Files.exists(env.base().resolve("config/tenants/walk-in.yaml"))).isTrue();

            // find the invoice and open its page: timeline and documents
            browser.findElement(By.id("nav-invoices")).click();
            wait.until(ExpectedConditions.presenceOfElementLocated(By.id("search")));
            browser.findElement(By.id("f-number")).sendKeys("WALK-1");
            browser.findElement(By.cssSelector("#search button[type=submit]")).click();
            wait.until(ExpectedConditions.elementToBeClickable(By.linkText("WALK-1"))).click();
            wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#timeline li")));
            assertThat(browser.findElement(By.id("invoice-title")).getText()).contains("WALK-1");
            assertThat(browser.findElement(By.id("documents")).getText()).contains("Original");

            // the simulator's controls, reached from the invoice page: push a status by hand, inject a PISTE fault
            browser.findElement(By.id("simulate-status")).click();
            wait.until(ExpectedConditions.presenceOfElementLocated(By.id("push-status")));
            assertThat(browser.findElement(By.id("f-number")).getAttribute("value")).isEqualTo("WALK-1");
            new Select(browser.findElement(By.id("f-status"))).selectByValue("SUSPENDUE");
            By pushResult = By.id("push-result");
            wait.until(driver -> {
                String text = driver.findElement(pushResult).getText();
                if (!text.contains("SUSPENDUE")) {
                    // 404 until the simulator has taken the flow in: push again
                    driver.findElement(By.cssSelector("#push-status button[type=submit]")).click();
                }
                return text.contains("SUSPENDUE (06) for WALK-1");
            });
            new Select(browser.findElement(By.id("f-kind"))).selectByValue("413");
            browser.findElement(By.cssSelector("#piste-faults button[type=submit]")).click();
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("faults"), "TOO_LARGE"));
            browser.findElement(By.xpath("//button[text()='Clear faults']")).click();
            wait.until(driver -> !driver.findElement(By.id("faults")).getText().contains("TOO_LARGE"));

            // replay the dead letter
            browser.findElement(By.id("nav-dead-letters")).click();
            By replay = By.cssSelector("#dead-letters tr[data-id='" + deadId + "'] button");
            wait.until(ExpectedConditions.elementToBeClickable(replay)).click();
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("status"), "Replayed " + deadId));
            wait.until(ExpectedConditions.invisibilityOfElementLocated(replay));
        } finally {
            browser.quit();
        }
    }

    /** Debian's chromium and chromedriver, paths given explicitly: Selenium Manager never downloads anything. */
    private static WebDriver chromium() {
        File driver = new File(System.getenv().getOrDefault("CHROMEDRIVER", "/usr/bin/chromedriver"));
        String binary = System.getenv().getOrDefault("CHROMIUM", "/usr/bin/chromium");
        assertThat(driver).as("chromedriver (apt-get install chromium-driver)").canRead();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(binary);
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--window-size=1280,1000");
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(driver)
                .usingAnyFreePort().build();
        return new ChromeDriver(service, options);
    }

    // ------------------------------------------------------------------------------------------ helpers

    /** A transmit message for a flow that does not exist: the broker dead-letters it after two attempts. */
    private String deadLetter(String tenant) throws Exception {
        String marker = "dead-" + System.nanoTime();
        jms.convertAndSend(Queues.TRANSMIT, "987654321", message -> {
            message.setStringProperty(Queues.TENANT_ID, tenant);
            message.setStringProperty(Queues.GROUP_ID, tenant);
            message.setStringProperty("TestMarker", marker);
            return message;
        });
        String[] id = new String[1];
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            JsonNode letters = json.readTree(admin().getForObject("/api/dead-letters", String.class));
            JsonNode found = null;
            for (JsonNode letter : letters) {
                if (marker.equals(letter.path("headers").path("TestMarker").asText())) {
                    found = letter;
                }
            }
            assertThat(found).isNotNull();
            id[0] = found.path("id").asText();
        });
        return id[0];
    }

    private JsonNode deadLetterNode(String id) throws Exception {
        for (JsonNode letter : json.readTree(admin().getForObject("/api/dead-letters", String.class))) {
            if (letter.path("id").asText().equals(id)) {
                return letter;
            }
        }
        throw new AssertionError("no dead letter " + id);
    }

    private long awaitInvoice(String tenant, String number) {
        long[] id = new long[1];
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            JsonNode page = json.readTree(admin().getForObject("/api/invoices?tenant=" + tenant + "&number=" + number,
                    String.class));
            assertThat(page.path("items").size()).isEqualTo(1);
            id[0] = page.path("items").get(0).path("id").asLong();
        });
        return id[0];
    }

    private static List<String> findings(JsonNode report, String subject) {
        return Stream.of(report.path("findings")).flatMap(f -> java.util.stream.StreamSupport.stream(f.spliterator(), false))
                .filter(f -> f.path("subject").asText().equals(subject))
                .map(f -> f.path("severity").asText() + " " + f.path("check").asText() + " " + f.path("message").asText())
                .toList();
    }

    private HttpEntity<String> jsonEntity(Object body) throws Exception {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        return new HttpEntity<>(json.writeValueAsString(body), headers);
    }

    private static HttpEntity<String> csvEntity(String csv) {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.parseMediaType("text/csv"));
        return new HttpEntity<>(csv, headers);
    }

    private static long tenantFiles() throws IOException {
        try (Stream<Path> files = Files.list(env.base().resolve("config/tenants"))) {
            return files.count();
        }
    }

    private static int closedPort() throws IOException {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            return socket.getLocalPort(); // closed again when the probe runs: connection refused
        }
    }

    /** A valid SIRET (Luhn) for test number n, never one of the demo suppliers'. */
    static String siret(int n) {
        String body = "9" + String.format("%012d", n);
        for (int check = 0; check < 10; check++) {
            String candidate = body + check;
            int sum = 0;
            for (int i = 0; i < 14; i++) {
                int digit = candidate.charAt(13 - i) - '0';
                if (i % 2 == 1) {
                    digit *= 2;
                    if (digit > 9) {
                        digit -= 9;
                    }
                }
                sum += digit;
            }
            if (sum % 10 == 0) {
                return candidate;
            }
        }
        throw new IllegalStateException("one check digit always fits");
    }
}
