package fr.facteur.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import fr.facteur.testsupport.GatewayTestEnvironment;
import fr.facteur.testsupport.TestInvoices;

/**
 * The relay rules end to end, through real servers: suppliers drop invoices on a real SFTP server, the Chorus Pro
 * simulator runs their lifecycle, and the statuses come back to
 * <ul>
 * <li>durand by <b>webhook</b>: JSON over real HTTPS (certificate generated for the test, trusted through
 * facteur.relay.webhook-trust-store), each request's HMAC-SHA256 signature verified by the receiver, immediately;</li>
 * <li>acme by <b>SFTP</b>, <b>CSV</b>, as a <b>digest</b> every 5 seconds.</li>
 * </ul>
 * The webhook first answers 503: deliveries wait and resume by themselves. Neither supplier sees the other's events.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext
class RelayEndToEndIT {

    static final String ACME_SIRET = "73282932000074";
    static final String DURAND_SIRET = "44306184100047";
    static final Duration LIFECYCLE = Duration.ofSeconds(90);

    static final GatewayTestEnvironment env = GatewayTestEnvironment.start("relay-e2e");
    static final WebhookReceiver webhook;
    static final Path trustStore;

    static {
        try {
            webhook = new WebhookReceiver(System.getenv("FACTEUR_IT_WEBHOOK_SECRET"));
            trustStore = env.base().resolve("certs/webhook-trust.p12");
            webhook.writeTrustStore(trustStore, "changeit");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        // the first deliveries to durand find its endpoint "down"
        webhook.answerNext(503, 503, 503);
        returns(env.addSupplier("acme", ACME_SIRET, "csv", List.of()), """
                returns:
                  channel: sftp
                  sftp: { dir: /in/returns }
                  format: csv
                  timing: digest
                  digest-every: 5s
                """);
        returns(env.addSupplier("durand", DURAND_SIRET, "json", List.of()), """
                returns:
                  channel: webhook
                  webhook: { url: %s, secret-env: FACTEUR_IT_WEBHOOK_SECRET, timeout: 10s }
                  format: json
                """.formatted(webhook.url()));
    }

    @DynamicPropertySource
    static void gateway(DynamicPropertyRegistry registry) {
        env.register(registry);
        registry.add("facteur.relay.webhook-trust-store", trustStore::toString);
        registry.add("facteur.relay.webhook-trust-store-password", () -> "changeit");
        registry.add("facteur.relay.backoff-first", () -> "200ms");
        registry.add("facteur.relay.backoff-max", () -> "1s");
        registry.add("facteur.relay.tick", () -> "200ms");
    }

    @AfterAll
    static void stop() {
        env.close();
        webhook.close();
    }

    TestRestTemplate http;


    
    /** Every call authenticates as the test admin: nothing but health is anonymous. */
    @Autowired
    void http(TestRestTemplate anonymous) {
        http = anonymous.withBasicAuth(fr.facteur.testsupport.GatewayTestEnvironment.ADMIN,
                fr.facteur.testsupport.GatewayTestEnvironment.ADMIN_PASSWORD);
    }
    final ObjectMapper json = new ObjectMapper();

    @Test
    void eachSupplierGetsItsOwnStatusesInItsFormByItsChannelWithItsTiming() {
        String acmeNumber = uniqueNumber();
        String durandNumber = uniqueNumber();
        env.drop("acme", acmeNumber + ".xml", TestInvoices.withNumber("ubl-invoice-acme.xml", acmeNumber));
        env.drop("durand", durandNumber + ".xml", TestInvoices.withNumber("ubl-invoice-durand.xml", durandNumber));

        // durand: every status by webhook, in lifecycle order, once each, although the endpoint first answered 503
        await().atMost(LIFECYCLE).until(() -> webhookCodes(durandNumber).contains("11"));
        assertThat(webhook.requests).isGreaterThan(webhook.received.size());
        // the integration report (flow level) is not part of the invoice lifecycle order: it comes when it comes
        assertThat(webhookCodes(durandNumber)).containsOnlyOnce("90")
                .filteredOn(c -> !c.equals("90")).containsExactly("01", "02", "03", "07", "08", "09", "10", "11");
        assertThat(webhook.refused).isEmpty();
        assertThat(webhook.received).extracting(WebhookReceiver.Received::fileName)
                .contains(durandNumber + ".xml.ack.json");
        assertThat(webhook.received).allSatisfy(r -> {
            assertThat(r.tenant()).isEqualTo("durand");
            assertThat(r.body()).doesNotContain(acmeNumber, ACME_SIRET);
        });
        await().atMost(Duration.ofSeconds(10)).until(() -> relayState("durand").get("pending").equals(0));
        assertThat(relayState("durand")).containsEntry("attempts", 0).containsEntry("failed", List.of());

        // acme: CSV digests on its SFTP server, every status once and in order, none of durand's
        await().atMost(LIFECYCLE).until(() -> csvCodes(acmeNumber).contains("11"));
        assertThat(csvCodes(acmeNumber)).containsOnlyOnce("90")
                .filteredOn(c -> !c.equals("90")).containsExactly("01", "02", "03", "07", "08", "09", "10", "11");
        List<String> digests = GatewayTestEnvironment.fileNames(env.returnsFolder("acme")).stream().filter(n -> n.startsWith("digest_acme_")).toList();
        assertThat(digests).isNotEmpty().allMatch(n -> n.matches("digest_acme_\\d{8}T\\d{6}Z\\.csv"));
        assertThat(digests.size()).as("statuses grouped in digests, not one file each").isLessThan(9);
        assertThat(GatewayTestEnvironment.fileNames(env.returnsFolder("acme"))).contains(acmeNumber + ".xml.ack.json");
        for (String digest : digests) {
            assertThat(read(env.returnsFolder("acme").resolve(digest)))
                    .startsWith("invoiceNumber;flow;level;code;status;label;occurredAt;comment\r\n")
                    .doesNotContain(durandNumber);
        }
        assertThat(GatewayTestEnvironment.fileNames(env.returnsFolder("durand"))).isEmpty(); // durand's channel is the webhook, not SFTP
    }

    // --- helpers -------------------------------------------------------------------------------------------------

    /** Replaces the returns block of a tenant file written by the environment (aside, then renamed). */
    private static void returns(Path tenantFile, String block) {
        try {
            String yaml = Files.readString(tenantFile);
            Path tmp = tenantFile.resolveSibling("." + tenantFile.getFileName() + ".tmp");
            Files.writeString(tmp, yaml.substring(0, yaml.indexOf("returns:")) + block);
            Files.move(tmp, tenantFile, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String uniqueNumber() {
        return "R" + UUID.randomUUID().toString().replace("-", "").substring(0, 12).toUpperCase();
    }

    /** Codes of every relayed event about this invoice (flow report included), in the order they were received. */
    private List<String> webhookCodes(String number) {
        List<String> codes = new ArrayList<>();
        for (WebhookReceiver.Received r : List.copyOf(webhook.received)) {
            if (r.fileName().endsWith(".ack.json")) {
                continue;
            }
            for (JsonNode event : tree(r.body())) {
                if (event.toString().contains(number)) {
                    codes.add(event.path("code").asText());
                }
            }
        }
        return codes;
    }

    /** Codes of this invoice's lines in the supplier's CSV digests, in file then line order. */
    private List<String> csvCodes(String number) {
        List<String> codes = new ArrayList<>();
        for (String name : GatewayTestEnvironment.fileNames(env.returnsFolder("acme"))) {
            if (name.startsWith("digest_acme_") && name.endsWith(".csv")) {
                for (String line : read(env.returnsFolder("acme").resolve(name)).split("\r\n")) {
                    if (line.contains(number)) {
                        codes.add(line.split(";")[3].replace("\"", ""));
                    }
                }
            }
        }
        return codes;
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> relayState(String tenant) {
        return http.getForObject("/api/relay/" + tenant, Map.class);
    }

    private JsonNode tree(String body) {
        try {
            return json.readTree(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

}
