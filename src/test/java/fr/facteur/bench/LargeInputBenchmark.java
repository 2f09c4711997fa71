package fr.facteur.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import fr.facteur.testsupport.GatewayTestEnvironment;
import fr.facteur.testsupport.TestInvoices;

/**
 * A 1 GB file through the whole gateway in a JVM capped at -Xmx512m (the bench profile runs this class alone with
 * that cap): taken over SFTP into a local work file, streamed into the archive with its SHA-256, refused by the size
 * rule before any parsing, and answered to the supplier. Prints the time and the peak heap used.
 */
@EnabledIf("fr.facteur.bench.Bench#enabled")
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext
class LargeInputBenchmark {

    static final GatewayTestEnvironment env = GatewayTestEnvironment.start("bench-large");

    static {
        env.addSupplier("acme", "73282932000074", "json", List.of());
    }

    @DynamicPropertySource
    static void gateway(DynamicPropertyRegistry registry) {
        env.register(registry);
    }

    @AfterAll
    static void stop() {
        env.close();
    }

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void aGigabyteFileIsStreamedNotLoaded() throws IOException {
        long megabytes = Bench.setting("large-mb", 1024);
        Path staged = env.base().resolve("large.xml");
        writeLargeInvoice(staged, megabytes << 20);
        await().atMost(Duration.ofSeconds(60)).until(() -> Files.isDirectory(env.inbox("acme")));

        System.gc();
        List<MemoryPoolMXBean> heap = ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(pool -> pool.getType() == MemoryType.HEAP).toList();
        heap.forEach(MemoryPoolMXBean::resetPeakUsage);
        long started = System.nanoTime();
        Files.move(staged, env.inbox("acme").resolve("large.xml"));
        Path answer = env.returnsFolder("acme").resolve("large.xml.rejected.json");
        await().atMost(Duration.ofMinutes(10)).pollInterval(Duration.ofMillis(500)).until(() -> Files.exists(answer));
        double seconds = (System.nanoTime() - started) / 1e9;
        long peakHeap = heap.stream().mapToLong(pool -> pool.getPeakUsage().getUsed()).sum();

        assertThat(Files.readString(answer)).contains("FILE-TOO-LARGE");
        Long archivedSize = jdbc.queryForObject("select size_bytes from document where file_name = 'large.xml'", Long.class);
        assertThat(archivedSize).isEqualTo(megabytes << 20);
        Bench.report("large-input.txt", "Large input on %s", Bench.machine());
        Bench.report("large-input.txt", "  %d MB file: SFTP -> archive (SHA-256) -> size rule -> answer in %.1f s; "
                + "peak heap (sum of pool peaks) %d MB of %d MB", megabytes, seconds, peakHeap >> 20,
                Runtime.getRuntime().maxMemory() >> 20);
        assertThat(peakHeap).isLessThan(Runtime.getRuntime().maxMemory());
    }

    /** A real invoice whose note is padded to the size wanted: streamed out, never held in memory. */
    private static void writeLargeInvoice(Path file, long size) throws IOException {
        String invoice = new String(TestInvoices.withNumber("ubl-invoice-acme.xml", "LARGE1"), StandardCharsets.UTF_8);
        int cut = invoice.indexOf("</cbc:IssueDate>") + "</cbc:IssueDate>".length();
        byte[] head = (invoice.substring(0, cut) + "<cbc:Note>").getBytes(StandardCharsets.UTF_8);
        byte[] tail = ("</cbc:Note>" + invoice.substring(cut)).getBytes(StandardCharsets.UTF_8);
        byte[] padding = new byte[1 << 20];
        Arrays.fill(padding, (byte) 'x');
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
            out.write(head);
            long remaining = size - head.length - tail.length;
            while (remaining > 0) {
                int n = (int) Math.min(padding.length, remaining);
                out.write(padding, 0, n);
                remaining -= n;
            }
            out.write(tail);
        }
    }
}
