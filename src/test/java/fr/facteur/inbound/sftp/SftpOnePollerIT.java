package fr.facteur.inbound.sftp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Set;

import org.apache.camel.CamelContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.bean.override.mockito.MockitoSpyBean;

import fr.facteur.inbound.Intake;
import fr.facteur.testsupport.GatewayTestEnvironment;
import fr.facteur.testsupport.TestInvoices;

/** The counterpart of {@link SftpPollersIT}: with one poller per tenant, two of its files are never in the intake at once. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext
class SftpOnePollerIT {

    static final GatewayTestEnvironment env = GatewayTestEnvironment.start("one-poller");

    static {
        env.addSupplier("acme", "73282932000074", "cppstatut", List.of());
    }

    @DynamicPropertySource
    static void gateway(DynamicPropertyRegistry registry) {
        env.register(registry);
        registry.add("facteur.intake.workers-per-tenant", () -> "1");
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

    final IntakeProbe probe = new IntakeProbe();

    @BeforeEach
    void watch() {
        probe.watch(intake, ingress);
    }

    @Test
    void twoFilesOfOneTenantAreNeverInTheIntakeAtOnce() {
        assertThat(camel.getRoute("acme.sftp-in")).isNotNull();
        assertThat(camel.getRoute("acme.sftp-in-2")).isNull();
        List<String> numbers = IntakeProbe.numbersInDifferentShares(2);
        // each waits in the intake up to 5 s for the other: the other, stable and claimed in the same poll, would
        // be in within a poll (1 s) if anything could take it meanwhile
        probe.hold = Set.of(numbers.get(0) + ".xml", numbers.get(1) + ".xml");
        probe.holdAtMost = Duration.ofSeconds(5);
        for (String number : numbers) {
            env.drop("acme", number + ".xml", TestInvoices.withNumber("ubl-invoice-acme.xml", number));
        }
        for (String number : numbers) {
            await().atMost(Duration.ofSeconds(60)).until(() -> Files.exists(env.returnsFolder("acme")
                    .resolve(number + ".xml.ack.json")));
            await().atMost(Duration.ofSeconds(10)).until(() -> IntakeProbe.movedTo(env, "acme", "done", number + ".xml") == 1);
        }
        assertThat(probe.mostAtOnce.get()).as("files of the tenant in the intake at once").isEqualTo(1);
    }
}
