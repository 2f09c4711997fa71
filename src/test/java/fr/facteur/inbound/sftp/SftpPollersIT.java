package fr.facteur.inbound.sftp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.apache.camel.CamelContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.bean.override.mockito.MockitoSpyBean;

import fr.facteur.inbound.Intake;
import fr.facteur.testsupport.GatewayTestEnvironment;
import fr.facteur.testsupport.TestInvoices;

/**
 * One tenant with two SFTP pollers (facteur.intake.workers-per-tenant=2), through the real SFTP server, PostgreSQL
 * and broker: two of its files are in the intake at the same time, and a burst is still taken once per file, moved
 * once, and queued up to Chorus Pro in the order the files were taken.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext
class SftpPollersIT {

    static final GatewayTestEnvironment env = GatewayTestEnvironment.start("pollers");

    static {
        env.addSupplier("acme", "73282932000074", "cppstatut", List.of());
    }

    @DynamicPropertySource
    static void gateway(DynamicPropertyRegistry registry) {
        env.register(registry);
        registry.add("facteur.intake.workers-per-tenant", () -> "2");
    }

    @AfterAll
    static void stop() {
        env.close();
    }

    @MockitoSpyBean
    Intake intake;
    @MockitoSpyBean
    SftpIngress ingress;
    @Autowired
    CamelContext camel;
    @Autowired
    JdbcTemplate jdbc;

    final IntakeProbe probe = new IntakeProbe();

    @BeforeEach
    void watch() {
        probe.watch(intake, ingress);
    }

    @Test
    void twoFilesOfOneTenantAreInTheIntakeAtTheSameTime() {
        assertThat(camel.getRoute("acme.sftp-in")).isNotNull();
        assertThat(camel.getRoute("acme.sftp-in-2")).isNotNull();
        List<String> numbers = IntakeProbe.numbersInDifferentShares(2);
        // each waits in the intake for the other (30 s at most): only two pollers at work can let both in
        probe.hold = Set.of(numbers.get(0) + ".xml", numbers.get(1) + ".xml");
        for (String number : numbers) {
            env.drop("acme", number + ".xml", TestInvoices.withNumber("ubl-invoice-acme.xml", number));
        }
        for (String number : numbers) {
            await().atMost(Duration.ofSeconds(60)).until(() -> Files.exists(env.returnsFolder("acme")
                    .resolve(number + ".xml.ack.json")));
        }
        assertThat(probe.mostAtOnce.get()).as("files of the tenant in the intake at once").isEqualTo(2);
        for (String number : numbers) {
            await().atMost(Duration.ofSeconds(10)).until(() -> IntakeProbe.movedTo(env, "acme", "done", number + ".xml") == 1);
            assertThat(IntakeProbe.movedTo(env, "acme", "error", number + ".xml")).isZero();
            assertThat(IntakeProbe.stillInOutbox(env, "acme", number + ".xml")).isFalse();
        }
    }

    @Test
    void aBurstIsTakenOnceFileByFileMovedOnceAndQueuedInTheOrderTaken() {
        String batch = IntakeProbe.uniqueNumber() + "-";
        List<String> numbers = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            numbers.add(batch + "%02d".formatted(i));
        }
        // one malformed file among them: its outcome, not the poller, sends it to error/
        String malformed = batch + "bad.xml";
        for (String number : numbers) {
            env.drop("acme", number + ".xml", TestInvoices.withNumber("ubl-invoice-acme.xml", number));
        }
        env.drop("acme", malformed, "<Invoice><unclosed></Invoice>".getBytes(java.nio.charset.StandardCharsets.UTF_8));

        await().atMost(Duration.ofSeconds(90)).until(() -> numbers.stream().allMatch(n ->
                IntakeProbe.movedTo(env, "acme", "done", n + ".xml") >= 1)
                && IntakeProbe.movedTo(env, "acme", "error", malformed) >= 1);
        for (String number : numbers) {
            assertThat(IntakeProbe.movedTo(env, "acme", "done", number + ".xml")).as(number).isEqualTo(1);
            assertThat(IntakeProbe.movedTo(env, "acme", "error", number + ".xml")).as(number).isZero();
            assertThat(jdbc.queryForObject("select count(*) from document where file_name = ?", Long.class,
                    number + ".xml")).as("documents of " + number).isEqualTo(1);
        }
        assertThat(IntakeProbe.movedTo(env, "acme", "done", malformed)).isZero();
        assertThat(IntakeProbe.movedTo(env, "acme", "error", malformed)).isEqualTo(1);
        List<String> taken = probe.turns().stream().filter(n -> n.startsWith(batch) && !n.equals(malformed))
                .map(n -> n.substring(0, n.length() - ".xml".length())).toList();
        assertThat(taken).as("each file taken once").hasSize(numbers.size()).containsExactlyInAnyOrderElementsOf(numbers);

        // the transmit consumer deposits a tenant's flows one after the other in the order they were queued
        String transmitted = """
                select i.number from flow f join invoice i on i.flow_id = f.id
                where i.number like ? and f.transmitted_at is not null order by f.transmitted_at, f.id""";
        await().atMost(Duration.ofSeconds(120)).until(() -> jdbc.queryForList(transmitted, String.class, batch + "%")
                .size() >= numbers.size());
        assertThat(jdbc.queryForList(transmitted, String.class, batch + "%"))
                .as("flows deposited with Chorus Pro in the order their files were taken").containsExactlyElementsOf(taken);
    }
}
