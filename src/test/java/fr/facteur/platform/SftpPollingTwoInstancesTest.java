package fr.facteur.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import org.apache.camel.CamelContext;
import org.apache.camel.Consumer;
import org.apache.camel.Endpoint;
import org.apache.camel.support.DefaultPollingConsumerPollStrategy;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.processor.idempotent.jdbc.JdbcOrphanLockAwareIdempotentRepository;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import fr.facteur.demo.SftpServerHost;
import fr.facteur.testsupport.TestDatabase;

/**
 * Two gateway instances polling the same SFTP folder under {@link SftpPolling}'s policy, sharing only the database:
 * every file is taken by exactly one of them.
 */
class SftpPollingTwoInstancesTest {

    @TempDir
    Path dir;
    SftpServerHost server;
    DriverManagerDataSource database;
    CamelContext first;
    CamelContext second;
    final Map<String, AtomicInteger> takes = new ConcurrentHashMap<>();
    /** polls made by the second instance: the first holds each file until the second has polled it twice over */
    final AtomicInteger secondPolls = new AtomicInteger();

    @BeforeEach
    void start() throws Exception {
        server = SftpServerHost.start("127.0.0.1", 0, dir.resolve("host_key"));
        Path key = dir.resolve("client/id_ecdsa");
        server.addUser("acme", dir.resolve("home"), null, SftpServerHost.writeClientKey(key, "acme").getPublic());
        server.writeKnownHosts(dir.resolve("client/known_hosts"));
        Files.createDirectories(dir.resolve("home/out"));
        database = new DriverManagerDataSource(TestDatabase.newDatabase("sftp_claims"), TestDatabase.user(), "");
        Flyway.configure().dataSource(database).load().migrate();
        String uri = SftpEndpoints.uri("acme", "localhost", server.port(), "/out", dir.resolve("client/known_hosts"),
                key, null, SftpPolling.options(Duration.ofMillis(200), "claims", "stable", dir.resolve("work"), "MoveTo"));
        this.uri = uri;
        first = instance("first", uri);
    }

    String uri;
    final java.util.concurrent.atomic.AtomicBoolean firstHolding = new java.util.concurrent.atomic.AtomicBoolean();

    private CamelContext instance(String name, String uri) throws Exception {
        CamelContext camel = new DefaultCamelContext();
        camel.getRegistry().bind("polls", new DefaultPollingConsumerPollStrategy() {
            @Override
            public boolean begin(Consumer consumer, Endpoint endpoint) {
                if ("second".equals(name)) {
                    secondPolls.incrementAndGet();
                }
                return true;
            }
        });
        JdbcOrphanLockAwareIdempotentRepository claims = SftpPolling.claimRepository(database, "sftp-in:acme", camel);
        camel.addService(claims);
        camel.getRegistry().bind("claims", claims);
        camel.getRegistry().bind("stable", SftpPolling.stableFilter());
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from(uri + "&pollStrategy=#polls").routeId(name).process(exchange -> {
                    takes.computeIfAbsent(exchange.getMessage().getHeader(Exchange.FILE_NAME_ONLY, String.class),
                            k -> new AtomicInteger()).incrementAndGet();
                    if ("first".equals(name)) {
                        // keep the file in place (unmoved) while the second instance polls the folder three times
                        firstHolding.set(true);
                        await().atMost(Duration.ofSeconds(30)).until(() -> secondPolls.get() >= 3);
                    }
                    exchange.getMessage().setHeader("MoveTo", "done");
                });
            }
        });
        camel.start();
        return camel;
    }

    @AfterEach
    void stop() {
        first.stop();
        if (second != null) {
            second.stop();
        }
        server.close();
    }

    @Test
    void aFileTakenByOneInstanceIsNotTakenByTheOther() throws Exception {
        Path tmp = dir.resolve("home/out/.invoice.xml.part");
        Files.writeString(tmp, "invoice");
        Files.move(tmp, dir.resolve("home/out/invoice.xml"));
        await().atMost(Duration.ofSeconds(30)).untilTrue(firstHolding);

        // a second gateway instance starts while the first is still processing the file
        second = instance("second", uri);
        await().atMost(Duration.ofSeconds(60)).until(() -> doneCount() == 1);

        assertThat(takes).containsOnlyKeys("invoice.xml");
        assertThat(takes.get("invoice.xml").get()).as("times the file was taken").isEqualTo(1);
        assertThat(secondPolls.get()).isGreaterThanOrEqualTo(3);
    }

    private long doneCount() throws Exception {
        Path done = dir.resolve("home/out/done");
        if (!Files.isDirectory(done)) {
            return 0;
        }
        try (Stream<Path> moved = Files.list(done)) {
            return moved.count();
        }
    }

}
