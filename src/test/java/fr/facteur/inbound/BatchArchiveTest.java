package fr.facteur.inbound;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.util.unit.DataSize;

import fr.facteur.invoice.RuleViolation;

/** Unpacking batches: each batch rule with a passing and a failing archive, built at test time. */
class BatchArchiveTest {

    @TempDir
    Path dir;

    private static final BatchProperties LIMITS = BatchProperties.defaults();

    private Path zip(String name, Map<String, byte[]> entries) throws IOException {
        Path file = dir.resolve(name);
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(file))) {
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                out.putNextEntry(new ZipEntry(e.getKey()));
                out.write(e.getValue());
                out.closeEntry();
            }
        }
        return file;
    }

    /** A minimal ustar writer: enough to test the reader on real tar.gz bytes. */
    private Path tarGz(String name, Map<String, byte[]> entries, char type) throws IOException {
        Path file = dir.resolve(name);
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                byte[] header = new byte[512];
                byte[] n = e.getKey().getBytes(StandardCharsets.UTF_8);
                System.arraycopy(n, 0, header, 0, Math.min(100, n.length));
                put(header, 100, "0000644");
                put(header, 108, "0000000");
                put(header, 116, "0000000");
                put(header, 124, String.format("%011o", e.getValue().length));
                put(header, 136, String.format("%011o", 0));
                header[156] = (byte) type;
                put(header, 257, "ustar");
                put(header, 263, "00");
                for (int i = 148; i < 156; i++) {
                    header[i] = ' ';
                }
                long sum = 0;
                for (byte b : header) {
                    sum += b & 0xFF;
                }
                put(header, 148, String.format("%06o", sum));
                out.write(header);
                out.write(e.getValue());
                out.write(new byte[(512 - e.getValue().length % 512) % 512]);
            }
            out.write(new byte[1024]);
        }
        return file;
    }

    private static void put(byte[] header, int offset, String text) {
        byte[] b = text.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(b, 0, header, offset, b.length);
    }

    private BatchArchive.Opened open(Path file, BatchProperties limits) throws IOException {
        return BatchArchive.open(file, file.getFileName().toString(), limits,
                Files.createDirectories(dir.resolve("work-" + System.nanoTime())));
    }

    private static List<String> rules(BatchArchive.Opened opened) {
        return opened.violations().stream().map(RuleViolation::rule).toList();
    }

    private static Map<String, byte[]> invoices(int count) {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        for (int i = 1; i <= count; i++) {
            entries.put("factures/F-" + i + ".xml", ("<Invoice n='" + i + "'/>").getBytes(StandardCharsets.UTF_8));
        }
        return entries;
    }

    @Test
    void aZipIsUnpackedEntryByEntryInOrderSkippingFoldersAndClutter() throws IOException {
        Map<String, byte[]> entries = invoices(3);
        entries.put("__MACOSX/factures/._F-1.xml", new byte[] { 0 });
        BatchArchive.Opened opened = open(zip("lot.zip", entries), LIMITS);

        assertThat(opened.violations()).isEmpty();
        assertThat(opened.entries()).extracting(BatchArchive.Entry::name)
                .containsExactly("factures/F-1.xml", "factures/F-2.xml", "factures/F-3.xml");
        assertThat(Files.readString(opened.entries().get(1).file())).isEqualTo("<Invoice n='2'/>");
        assertThat(opened.entries().get(0).file().getFileName()).hasToString("0001.xml");
    }

    @Test
    void aTarGzIsUnpackedToo() throws IOException {
        BatchArchive.Opened opened = open(tarGz("lot.tar.gz", invoices(2), '0'), LIMITS);

        assertThat(opened.violations()).isEmpty();
        assertThat(opened.entries()).extracting(BatchArchive.Entry::name)
                .containsExactly("factures/F-1.xml", "factures/F-2.xml");
        assertThat(Files.readString(opened.entries().get(0).file())).isEqualTo("<Invoice n='1'/>");
    }

    @Test
    void fiveHundredInvoicesPassAndFiveHundredAndOneFail() throws IOException {
        assertThat(open(zip("500.zip", invoices(500)), LIMITS).entries()).hasSize(500);

        BatchArchive.Opened opened = open(zip("501.zip", invoices(501)), LIMITS);
        assertThat(rules(opened)).containsExactly(BatchRules.BATCH_TOO_MANY);
        assertThat(opened.violations().get(0).messageFr()).contains("500");
        assertThat(rules(open(tarGz("501.tgz", invoices(501), '0'), LIMITS))).containsExactly(BatchRules.BATCH_TOO_MANY);
    }

    @Test
    void aZipBombIsRefusedByItsRatioWithoutBeingInflated() throws IOException {
        byte[] zeros = new byte[20 * 1024 * 1024]; // 20 MB of zeros deflate to about 20 KB: a ratio of ~1000
        Path bomb = zip("bomb.zip", Map.of("F-1.xml", zeros));
        assertThat(Files.size(bomb)).isLessThan(100_000);

        BatchArchive.Opened opened = open(bomb, LIMITS);
        assertThat(rules(opened)).containsExactly(BatchRules.BATCH_RATIO);
        assertThat(opened.violations().get(0).location()).isEqualTo("bomb.zip!/F-1.xml");
        assertThat(rules(open(tarGz("bomb.tar.gz", Map.of("F-1.xml", zeros), '0'), LIMITS)))
                .containsExactly(BatchRules.BATCH_RATIO);
    }

    @Test
    void sizesAreCountedWhileStreamingPerEntryAndInTotal() throws IOException {
        BatchProperties small = new BatchProperties(500, DataSize.ofKilobytes(10), DataSize.ofKilobytes(6), 100);
        byte[] fiveKb = new byte[5 * 1024];
        assertThat(open(zip("ok.zip", Map.of("a.xml", fiveKb)), small).violations()).isEmpty();

        BatchArchive.Opened entry = open(zip("entry.zip", Map.of("a.xml", new byte[7 * 1024])), small);
        assertThat(rules(entry)).containsExactly(BatchRules.BATCH_TOO_LARGE);
        assertThat(entry.violations().get(0).location()).isEqualTo("entry.zip!/a.xml");

        Map<String, byte[]> three = new LinkedHashMap<>();
        three.put("a.xml", fiveKb);
        three.put("b.xml", fiveKb);
        three.put("c.xml", fiveKb);
        BatchArchive.Opened total = open(zip("total.zip", three), small);
        assertThat(rules(total)).containsExactly(BatchRules.BATCH_TOO_LARGE);
        assertThat(total.violations().get(0).location()).isEqualTo("total.zip");
    }

    @Test
    void nestedArchivesAreRefusedByNameAndByContent() throws IOException {
        ByteArrayOutputStream inner = new ByteArrayOutputStream();
        try (ZipOutputStream out = new ZipOutputStream(inner)) {
            out.putNextEntry(new ZipEntry("F-1.xml"));
            out.write("<Invoice/>".getBytes(StandardCharsets.UTF_8));
        }
        assertThat(rules(open(zip("named.zip", Map.of("inner.zip", inner.toByteArray())), LIMITS)))
                .containsExactly(BatchRules.BATCH_NESTED);
        assertThat(rules(open(zip("disguised.zip", Map.of("F-2.xml", inner.toByteArray())), LIMITS)))
                .containsExactly(BatchRules.BATCH_NESTED);
    }

    @Test
    void namesThatClimbOutOrAreAbsoluteOrLinksAreRefused() throws IOException {
        byte[] x = "<Invoice/>".getBytes(StandardCharsets.UTF_8);
        for (String name : List.of("../../etc/cron.d/evil.xml", "/tmp/abs.xml", "a\\..\\b.xml", "C:/win.xml",
                "ok/../../up.xml")) {
            BatchArchive.Opened opened = open(zip("evil.zip", Map.of(name, x)), LIMITS);
            assertThat(rules(opened)).as(name).containsExactly(BatchRules.BATCH_ENTRY_NAME);
        }
        assertThat(rules(open(tarGz("link.tar.gz", Map.of("F-1.xml", new byte[0]), '2'), LIMITS)))
                .containsExactly(BatchRules.BATCH_ENTRY_NAME);
        assertThat(rules(open(tarGz("up.tar.gz", Map.of("../F-1.xml", x), '0'), LIMITS)))
                .containsExactly(BatchRules.BATCH_ENTRY_NAME);
        // a name with dots that does not climb is fine
        assertThat(open(zip("fine.zip", Map.of("a/..b/F..1.xml", x)), LIMITS).violations()).isEmpty();
    }

    @Test
    void anUnreadableOrEmptyArchiveIsSaidSo() throws IOException {
        Path notZip = Files.writeString(dir.resolve("lot.zip"), "not a zip at all");
        assertThat(rules(open(notZip, LIMITS))).containsExactly(BatchRules.BATCH_UNREADABLE);
        Path notGz = Files.writeString(dir.resolve("lot.tar.gz"), "not gzip");
        assertThat(rules(open(notGz, LIMITS))).containsExactly(BatchRules.BATCH_UNREADABLE);
        assertThat(rules(open(zip("empty.zip", Map.of()), LIMITS))).containsExactly(BatchRules.BATCH_EMPTY);
    }

    @Test
    void batchNamesAreRecognised() {
        assertThat(BatchArchive.isBatch("LOT.ZIP")).isTrue();
        assertThat(BatchArchive.isBatch("lot.tar.gz")).isTrue();
        assertThat(BatchArchive.isBatch("lot.tgz")).isTrue();
        assertThat(BatchArchive.isBatch("F-1.xml")).isFalse();
        assertThat(BatchArchive.isBatch("F-1.pdf")).isFalse();
    }
}
