package fr.facteur.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Period;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import fr.facteur.as2.As2TestClient;
import fr.facteur.as2.As2TestClient.Entity;
import fr.facteur.crypto.Certificates;
import fr.facteur.crypto.OperatorIdentity;
import fr.facteur.inbound.BatchRules;
import fr.facteur.inbound.FileNames;
import fr.facteur.inbound.as2.As2Server;
import fr.facteur.invoice.InvoiceRules;
import fr.facteur.testsupport.GatewayTestEnvironment;
import fr.facteur.testsupport.TestInvoices;

/**
 * The hostile-input corpus (issue 7 §4) sent through the whole running gateway: a real SFTP server polled by the
 * gateway, the AS2 receiver on a free port, a real PostgreSQL. Each input must be refused with its own rule id (in
 * the supplier's {@code .rejected.json}) or its own MDN disposition; afterwards a valid invoice still goes through on
 * both channels and nothing was written outside the installation's folders. Reader-level and AS2-matrix cases live
 * in HostileInputsTest and As2InboundMatrixTest: this class proves the same refusals hold end to end.
 *
 * <p>The corpus is generated at test time (nothing big is committed). The file over the size limit is a sparse file
 * of {@code reliability.large-file-mb} MB (150 in CI; the full run, {@code mvn -Preliability verify}, uses 2048).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HostileInputIT {

    static final String ACME_SIRET = "73282932000074";
    static final String MARTIN_SIRET = "51930456700018";
    static final long LARGE_FILE_MB = Long.getLong("reliability.large-file-mb", 150);
    /** Marks every file name an attack tries to plant: none may appear anywhere outside the supplier's own folders. */
    static final String MARKER = "pwned-" + UUID.randomUUID().toString().substring(0, 8);

    static final GatewayTestEnvironment env = GatewayTestEnvironment.start("hostile");
    static final KeyPair martinKeys = Certificates.rsaKeyPair(2048);
    static final X509Certificate martinCert = Certificates.selfSigned(martinKeys, "CN=Martin AS2", Period.ofDays(90));
    static final KeyPair intruderKeys = Certificates.rsaKeyPair(2048);
    static final X509Certificate intruderCert = Certificates.selfSigned(intruderKeys, "CN=Martin AS2",
            Period.ofDays(90));
    static final Path tmpDir = Path.of(System.getProperty("java.io.tmpdir"));
    static final Set<String> tmpBefore = list(tmpDir);
    /** Input → what it got, for the report of the full run. */
    static final Map<String, String> outcomes = new LinkedHashMap<>();

    static {
        env.addSupplier("acme", ACME_SIRET, "json", List.of());
        env.addAs2Supplier("martin", MARTIN_SIRET, "json", "MARTIN", martinCert);
    }

    @DynamicPropertySource
    static void gateway(DynamicPropertyRegistry registry) {
        env.register(registry);
        GatewayTestEnvironment.registerAs2(registry);
        registry.add("facteur.as2.max-size", () -> "2MB");
    }

    @AfterAll
    static void stop() throws IOException {
        env.close();
        ReliabilityReport.section("Hostile inputs", outcomes.entrySet().stream()
                .map(e -> "| " + e.getKey() + " | " + e.getValue() + " |").collect(Collectors.joining("\n",
                        "| input | outcome |\n|---|---|\n", "\n\n" + outcomes.size() + " hostile inputs: "
                                + outcomes.size() + " refused with a specific error (a rule id, an MDN disposition "
                                + "or an HTTP status; the replayed Message-ID answered with its stored MDN and not "
                                + "processed again); 0 files planted outside the installation; a valid invoice still "
                                + "accepted afterwards on SFTP and AS2.\n")));
    }

    @Autowired
    As2Server as2;
    @Autowired
    OperatorIdentity operator;
    @Autowired
    JdbcTemplate jdbc;
    final ObjectMapper json = new ObjectMapper();

    // --- over SFTP: each refused with its rule id in <file>.rejected.json ---------------------------------------------

    @Test
    @Order(1)
    void externalEntities() {
        assertRejectedOverSftp("xxe.xml", resource("xxe.xml"), InvoiceRules.XML_DOCTYPE);
    }

    @Test
    @Order(2)
    void billionLaughs() {
        assertRejectedOverSftp("billion-laughs.xml", resource("billion-laughs.xml"), InvoiceRules.XML_DOCTYPE);
    }

    @Test
    @Order(3)
    void deepNesting() {
        StringBuilder deep = new StringBuilder("<Invoice xmlns=\"urn:oasis:names:specification:ubl:schema:xsd:Invoice-2\">");
        deep.append("<x>".repeat(200_000));
        assertRejectedOverSftp("deep.xml", deep.toString().getBytes(StandardCharsets.UTF_8), InvoiceRules.XML_DEPTH);
    }

    @Test
    @Order(4)
    void zipBomb() throws IOException {
        // 64 MB of zeros deflate to ~64 KB: a ratio only a bomb has; the gateway stops unpacking at the limit
        byte[] zip = zip(Map.of("invoice.xml", new byte[64 * 1024 * 1024]));
        assertThat(zip.length).isLessThan(200_000);
        assertRejectedOverSftp("bomb.zip", zip, BatchRules.BATCH_RATIO);
    }

    @Test
    @Order(5)
    void pathTraversalInABatch() throws IOException {
        byte[] zip = zip(Map.of("../../../../" + MARKER + ".xml", TestInvoices.withNumber("ubl-invoice-acme.xml",
                number())));
        assertRejectedOverSftp("traversal.zip", zip, BatchRules.BATCH_ENTRY_NAME);
    }

    @Test
    @Order(6)
    void aFileOverTheSizeLimit() throws IOException {
        // sparse: takes no disk in the inbox, yet the gateway must see (and refuse) LARGE_FILE_MB of content
        String name = "huge-" + LARGE_FILE_MB + "mb.xml";
        Path tmp = env.inbox("acme").resolve("." + name + ".part");
        try (RandomAccessFile file = new RandomAccessFile(tmp.toFile(), "rw")) {
            file.write("<Invoice>".getBytes(StandardCharsets.US_ASCII));
            file.setLength(LARGE_FILE_MB * 1024 * 1024);
        }
        Files.move(tmp, env.inbox("acme").resolve(name));
        assertThat(rules(awaitAnswer("acme", name + ".rejected.json", Duration.ofSeconds(90 + LARGE_FILE_MB / 10))))
                .containsExactly(InvoiceRules.FILE_TOO_LARGE);
        outcomes.put("file of " + LARGE_FILE_MB + " MB (limit 100 MB), SFTP", InvoiceRules.FILE_TOO_LARGE);
    }

    @Test
    @Order(7)
    void oversizedFields() {
        String longNumber = "N" + "9".repeat(299);
        assertRejectedOverSftp("long-number.xml", TestInvoices.withNumber("ubl-invoice-acme.xml", longNumber),
                InvoiceRules.B2G_NUMBER_LENGTH);
    }

    @Test
    @Order(8)
    void controlCharactersInAFileNameAreRefusedAndKeptUnderASafeName() throws IOException {
        String number = number();
        String hostile = "ctl\u0001\u001b[2J\u0007" + number + ".xml";
        env.drop("acme", hostile, TestInvoices.withNumber("ubl-invoice-acme.xml", number));
        // a valid invoice, refused for its name alone: answered and kept under the name with the controls replaced
        String safe = FileNames.sanitize(hostile);
        assertThat(safe).doesNotContainPattern("\\p{Cntrl}").endsWith(number + ".xml");
        assertThat(rules(awaitAnswer("acme", safe + ".rejected.json", Duration.ofSeconds(60))))
                .containsExactly(FileNames.FILE_NAME);
        assertThat(jdbc.queryForObject("select state from document where file_name = ?", String.class, safe))
                .isEqualTo("REJECTED");
        assertThat(jdbc.queryForObject("select count(*) from invoice where number = ?", Integer.class, number))
                .isZero();
        outcomes.put("control characters in a file name, SFTP", FileNames.FILE_NAME);
    }

    // --- over AS2: each refused with its MDN disposition ---------------------------------------------------------------

    @Test
    @Order(20)
    void aTruncatedAs2Message() throws Exception {
        Entity whole = signedAndEncrypted(TestInvoices.withNumber("ubl-invoice-martin.xml", number()), "truncated.xml",
                martinKeys, martinCert);
        Entity truncated = new Entity(whole.headers(), Arrays.copyOf(whole.body(), whole.body().length / 2));
        assertAs2Refused("truncated AS2 message", truncated, "processed/error: decryption-failed");
    }

    @Test
    @Order(21)
    void aMalformedAs2Mime() throws Exception {
        // multipart/signed whose boundary never appears in the body
        Entity malformed = new Entity("Content-Type: multipart/signed; protocol=\"application/pkcs7-signature\";"
                + " micalg=sha-256; boundary=\"nowhere\"\r\n", "garbage without any part\r\n".getBytes(
                        StandardCharsets.US_ASCII));
        assertAs2Refused("malformed AS2 MIME", malformed, "processed/error: unexpected-processing-error");
    }

    @Test
    @Order(22)
    void aForgedSignature() throws Exception {
        Entity signed = As2TestClient.sign(As2TestClient.payload(TestInvoices.withNumber("ubl-invoice-martin.xml",
                number()), "attachment; filename=\"forged.xml\""), martinKeys.getPrivate(), martinCert, "sha-256");
        String text = new String(signed.body(), StandardCharsets.ISO_8859_1).replace("<cbc:ID", "<cbc:Id");
        Entity forged = As2TestClient.encrypt(new Entity(signed.headers(), text.getBytes(StandardCharsets.ISO_8859_1)),
                operator.certificate());
        assertAs2Refused("signature forged (body changed after signing)", forged,
                "processed/error: authentication-failed");
    }

    @Test
    @Order(23)
    void aSignatureMadeWithTheWrongKey() throws Exception {
        // same subject as Martin's certificate, another key: only the registered certificate counts
        assertAs2Refused("signature made with the wrong key", signedAndEncrypted(TestInvoices.withNumber(
                "ubl-invoice-martin.xml", number()), "wrong-key.xml", intruderKeys, intruderCert),
                "processed/error: authentication-failed");
    }

    @Test
    @Order(24)
    void aMessageOverTheAs2SizeLimit() throws Exception {
        Entity big = As2TestClient.payload(new byte[3 * 1024 * 1024], "attachment; filename=\"big.xml\"");
        String messageId = "<" + UUID.randomUUID() + "@h.test>";
        String outcome;
        try {
            HttpResponse<byte[]> response = As2TestClient.send(as2Url(), big, headers(messageId));
            assertThat(response.statusCode()).isEqualTo(413);
            outcome = "HTTP 413";
        } catch (IOException e) {
            // the server answers 413 as soon as the limit is passed and closes without reading the rest: a client
            // still uploading may see the connection closed before it reads the 413. Either way nothing is taken.
            outcome = "HTTP 413 (connection closed mid-upload)";
        }
        assertThat(jdbc.queryForObject("select count(*) from as2_message where message_id = ?", Integer.class,
                messageId)).isZero();
        assertThat(env.returnsFolder("martin").resolve("big.xml.ack.json")).doesNotExist();
        assertThat(env.returnsFolder("martin").resolve("big.xml.rejected.json")).doesNotExist();
        outcomes.put("AS2 message over the size limit", outcome);
    }

    @Test
    @Order(25)
    void aReplayedMessageIdIsAnsweredAgainButNotProcessedAgain() throws Exception {
        String number = number();
        Entity message = signedAndEncrypted(TestInvoices.withNumber("ubl-invoice-martin.xml", number),
                number + ".xml", martinKeys, martinCert);
        Map<String, String> headers = headers("<" + UUID.randomUUID() + "@martin.test>");
        HttpResponse<byte[]> first = As2TestClient.send(as2Url(), message, headers);
        awaitAnswer("martin", number + ".xml.ack.json", Duration.ofSeconds(30));
        HttpResponse<byte[]> replay = As2TestClient.send(as2Url(), message, headers);

        assertThat(replay.body()).isEqualTo(first.body());
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(() -> jdbc.queryForObject(
                "select count(*) from invoice where number = ?", Integer.class, number) == 1);
        assertThat(jdbc.queryForObject("select count(*) from as2_message where message_id = ?", Integer.class,
                headers.get("Message-ID"))).isEqualTo(1);
        outcomes.put("replayed AS2 Message-ID", "stored MDN answered again, not processed again");
    }

    @Test
    @Order(26)
    void anotherSuppliersSiretOverAs2() throws Exception {
        String number = number();
        HttpResponse<byte[]> response = As2TestClient.send(as2Url(), signedAndEncrypted(TestInvoices.withNumber(
                "ubl-invoice-durand.xml", number), number + ".xml", martinKeys, martinCert),
                headers("<" + UUID.randomUUID() + "@martin.test>"));
        assertThat(mdn(response).disposition()).endsWith("; processed");
        assertThat(rules(awaitAnswer("martin", number + ".xml.rejected.json", Duration.ofSeconds(30))))
                .containsExactly(InvoiceRules.SELLER_SIRET);
        outcomes.put("another supplier's SIRET, AS2", InvoiceRules.SELLER_SIRET);
    }

    @Test
    @Order(27)
    void pathTraversalInAnAs2FileName() throws Exception {
        String number = number();
        String name = "../../../../../tmp/" + MARKER + ".xml";
        HttpResponse<byte[]> response = As2TestClient.send(as2Url(), signedAndEncrypted(TestInvoices.withNumber(
                "ubl-invoice-martin.xml", number), name, martinKeys, martinCert),
                headers("<" + UUID.randomUUID() + "@martin.test>"));
        // the message itself was received (processed MDN); the file is refused for its name, answered under its last
        // segment in martin's own folder, nowhere else
        assertThat(mdn(response).disposition()).endsWith("; processed");
        assertThat(rules(awaitAnswer("martin", MARKER + ".xml.rejected.json", Duration.ofSeconds(30))))
                .containsExactly(FileNames.FILE_NAME);
        assertThat(jdbc.queryForObject("select count(*) from invoice where number = ?", Integer.class, number))
                .isZero();
        outcomes.put("path traversal in an AS2 file name", FileNames.FILE_NAME);
    }

    // --- afterwards ----------------------------------------------------------------------------------------------------

    @Test
    @Order(99)
    void theServiceIsStillUpAndNothingWasWrittenOutsideItsFolders() throws Exception {
        String bySftp = number();
        env.drop("acme", bySftp + ".xml", TestInvoices.withNumber("ubl-invoice-acme.xml", bySftp));
        assertThat(awaitAnswer("acme", bySftp + ".xml.ack.json", Duration.ofSeconds(30)).path("outcome").asText())
                .isEqualTo("ACCEPTED");
        String byAs2 = number();
        HttpResponse<byte[]> response = As2TestClient.send(as2Url(), signedAndEncrypted(TestInvoices.withNumber(
                "ubl-invoice-martin.xml", byAs2), byAs2 + ".xml", martinKeys, martinCert),
                headers("<" + UUID.randomUUID() + "@martin.test>"));
        assertThat(mdn(response).disposition()).isEqualTo("automatic-action/MDN-sent-automatically; processed");
        assertThat(awaitAnswer("martin", byAs2 + ".xml.ack.json", Duration.ofSeconds(30)).path("outcome").asText())
                .isEqualTo("ACCEPTED");

        // no planted name anywhere but martin's answer (named after the last segment) and the archive
        List<Path> planted = new ArrayList<>();
        for (Path root : List.of(env.base(), tmpDir)) {
            try (Stream<Path> all = Files.walk(root, root.equals(tmpDir) ? 2 : Integer.MAX_VALUE)) {
                all.filter(p -> p.getFileName().toString().contains(MARKER)).forEach(planted::add);
            } catch (UncheckedIOException | IOException ignored) {
                // other processes' temporary files come and go while walking: they are not ours
            }
        }
        // where the batch entry "../../../../<marker>.xml" would land from a scratch folder or from the data folder
        for (Path from : List.of(tmpDir.resolve("batch-x"), env.dataDir().resolve("archive/x"), env.inbox("acme"))) {
            Path target = from.resolve("../../../../" + MARKER + ".xml").normalize();
            if (Files.exists(target)) {
                planted.add(target);
            }
        }
        assertThat(planted).allMatch(p -> p.startsWith(env.returnsFolder("martin"))
                || p.startsWith(env.dataDir()), "inside the installation");
        assertThat(planted).noneMatch(p -> p.startsWith(tmpDir) && !p.startsWith(env.base()));
        // batches are unpacked under the data directory, never in the system's temp folder, and the scratch folders
        // are gone once each batch is answered
        assertThat(list(tmpDir)).filteredOn(n -> n.startsWith("batch-") && !tmpBefore.contains(n)).isEmpty();
        Path batches = env.dataDir().resolve("work/batches");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(Files.isDirectory(batches)
                ? list(batches) : List.<String>of()).isEmpty());
    }

    // --- helpers -------------------------------------------------------------------------------------------------------

    private void assertRejectedOverSftp(String name, byte[] content, String rule) {
        String unique = UUID.randomUUID().toString().substring(0, 8) + "-" + name;
        env.drop("acme", unique, content);
        assertThat(rules(awaitAnswer("acme", unique + ".rejected.json", Duration.ofSeconds(60)))).containsExactly(rule);
        outcomes.put(name + ", SFTP", rule);
    }

    private void assertAs2Refused(String what, Entity message, String disposition) throws Exception {
        HttpResponse<byte[]> response = As2TestClient.send(as2Url(), message,
                headers("<" + UUID.randomUUID() + "@martin.test>"));
        assertThat(mdn(response).disposition()).isEqualTo("automatic-action/MDN-sent-automatically; " + disposition);
        outcomes.put(what, "MDN " + disposition);
    }

    private Entity signedAndEncrypted(byte[] content, String name, KeyPair keys, X509Certificate cert)
            throws Exception {
        return As2TestClient.encrypt(As2TestClient.sign(As2TestClient.payload(content,
                "attachment; filename=\"" + name + "\""), keys.getPrivate(), cert, "sha-256"), operator.certificate());
    }

    private Map<String, String> headers(String messageId) {
        Map<String, String> headers = As2TestClient.headers("MARTIN", "FACTEUR", messageId);
        headers.put("Disposition-Notification-To", "mdn@hostile.test");
        headers.put("Disposition-Notification-Options",
                "signed-receipt-protocol=optional, pkcs7-signature; signed-receipt-micalg=optional, sha-256");
        return headers;
    }

    private URI as2Url() {
        return URI.create("http://127.0.0.1:" + as2.port() + "/as2");
    }

    private As2TestClient.ReadMdn mdn(HttpResponse<byte[]> response) throws Exception {
        assertThat(response.statusCode()).isEqualTo(200);
        return As2TestClient.readMdn(response.headers().firstValue("Content-Type").orElseThrow(), response.body(),
                operator.certificate());
    }

    private JsonNode awaitAnswer(String tenant, String fileName, Duration atMost) {
        Path answer = env.returnsFolder(tenant).resolve(fileName);
        await().atMost(atMost).until(() -> Files.exists(answer));
        try {
            return json.readTree(answer.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> rules(JsonNode report) {
        return report.path("errors").findValuesAsText("rule");
    }

    private static byte[] resource(String name) {
        try (var in = HostileInputIT.class.getResourceAsStream("/invoices/" + name)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] zip(Map<String, byte[]> entries) throws IOException {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (ZipOutputStream out = new ZipOutputStream(bytes)) {
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                out.putNextEntry(new ZipEntry(e.getKey()));
                out.write(e.getValue());
                out.closeEntry();
            }
        }
        return bytes.toByteArray();
    }

    private static String number() {
        return "H" + UUID.randomUUID().toString().replace("-", "").substring(0, 12).toUpperCase();
    }

    private static Set<String> list(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).collect(Collectors.toSet());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
