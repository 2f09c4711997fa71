package fr.facteur.invoice;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.io.TempDir;

/**
 * How long validating one invoice takes, per syntax: the whole {@link InvoiceReader#read} (size, root, XSD parse,
 * facts, EN 16931 schematron, B2G rules). Not part of the test suite (surefire runs *Test and *IT only); run with
 *
 * <pre>mvn -q test -Dtest=ValidationBenchmark -Dsurefire.failIfNoSpecifiedTests=false</pre>
 *
 * and read the figures in target/surefire-reports/fr.facteur.invoice.ValidationBenchmark-output.txt (surefire
 * redirects test output there). Results are recorded in docs/performance.md.
 *
 * <p>It only runs when named in {@code -Dtest} (surefire hands that property to the test JVM), so a package
 * pattern such as {@code -Dtest='fr.facteur.invoice.**'} skips it rather than spending a minute on it.
 */
@EnabledIf("fr.facteur.bench.Bench#enabled")
class ValidationBenchmark {

    private static final int WARM_UP = 100;
    private static final int MEASURED = 500;

    @TempDir
    Path dir;

    @Test
    void validationTimePerInvoice() {
        // fresh caches: the first read of each syntax pays the XSD and XSLT compilations
        InvoiceSchemas schemas = new InvoiceSchemas();
        En16931Schematron en16931 = new En16931Schematron();
        InvoiceReader reader = new InvoiceReader(InvoiceProperties.defaults(), schemas, en16931);

        System.out.printf(Locale.ROOT, "Validation benchmark: %d warm-up reads, then %d measured reads per syntax, "
                + "%d available processors, Java %s%n", WARM_UP, MEASURED, Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.version"));
        fr.facteur.tenant.Tenant lefevre = new fr.facteur.tenant.Tenant("lefevre", "Lefèvre",
                MappingTest.LEFEVRE_SIRET, null, java.util.Set.of("UBL"), null,
                new fr.facteur.tenant.Tenant.Mapping(MappingTest.XSLT));
        java.util.Map<String, Path> files = new java.util.LinkedHashMap<>();
        for (String fixture : new String[] { "ubl-invoice.xml", "ubl-credit-note.xml", "cii-invoice.xml",
                "cii-credit-note.xml" }) {
            files.put(fixture, InvoiceFixtures.file(dir, fixture));
        }
        files.put("factur-x.pdf", fr.facteur.testsupport.FacturXPdfs.embedding(InvoiceFixtures.text("cii-invoice.xml"))
                .writeTo(dir.resolve("factur-x.pdf")));
        files.put("legacy (mapped)", MappingTest.SAMPLE);
        for (java.util.Map.Entry<String, Path> entry : files.entrySet()) {
            String fixture = entry.getKey();
            Path file = entry.getValue();
            fr.facteur.tenant.Tenant tenant = fixture.startsWith("legacy") ? lefevre : InvoiceFixtures.acme();
            long start = System.nanoTime();
            assertThat(read(reader, file, tenant).isAccepted()).isTrue();
            double firstMs = (System.nanoTime() - start) / 1e6;

            for (int i = 0; i < WARM_UP; i++) {
                read(reader, file, tenant);
            }
            double[] ms = new double[MEASURED];
            for (int i = 0; i < MEASURED; i++) {
                long t = System.nanoTime();
                Understanding u = read(reader, file, tenant);
                ms[i] = (System.nanoTime() - t) / 1e6;
                assertThat(u.isAccepted()).isTrue();
            }
            Arrays.sort(ms);
            double mean = Arrays.stream(ms).average().orElseThrow();
            double p95 = ms[(int) Math.ceil(0.95 * MEASURED) - 1];
            System.out.printf(Locale.ROOT, "%-20s first read (incl. compilations) %8.1f ms | mean %6.2f ms | "
                    + "p95 %6.2f ms | min %6.2f ms | max %6.2f ms%n", fixture, firstMs, mean, p95, ms[0],
                    ms[MEASURED - 1]);
        }
        System.out.printf(Locale.ROOT, "Compilations: %d XSD sets, %d EN 16931 stylesheets%n", schemas.compilations(),
                en16931.compilations());
        assertThat(en16931.compilations()).isEqualTo(2);
    }

    /** A read whose mapped temporary file (legacy) is deleted, as the intake does. */
    private static Understanding read(InvoiceReader reader, Path file, fr.facteur.tenant.Tenant tenant) {
        Understanding u = reader.read(file, tenant);
        if (u.converted() != null) {
            try {
                java.nio.file.Files.deleteIfExists(u.converted());
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
        return u;
    }
}
