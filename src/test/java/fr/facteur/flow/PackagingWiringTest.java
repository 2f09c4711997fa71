package fr.facteur.flow;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

import fr.facteur.archive.Archive;
import fr.facteur.crypto.CmsSigner;
import fr.facteur.crypto.PemOperatorIdentity;
import fr.facteur.invoice.InvoiceProperties;
import fr.facteur.invoice.InvoiceReader;
import fr.facteur.invoice.InvoiceSchemas;
import fr.facteur.invoice.Understanding;
import fr.facteur.platform.FacteurProperties;

/**
 * The beans of invoice, crypto and flow as Spring wires them from facteur.* properties: a read file becomes a
 * packaged, signed flow, and start-up stops when the operator's identity is missing and may not be generated.
 */
class PackagingWiringTest {

    @TempDir
    Path dir;

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties({FacteurProperties.class, InvoiceProperties.class})
    @Import({Archive.class, InvoiceSchemas.class, InvoiceReader.class, PemOperatorIdentity.class, CmsSigner.class,
            FlowPackager.class})
    static class Beans {
    }

    private ApplicationContextRunner runner() {
        return new ApplicationContextRunner().withUserConfiguration(Beans.class).withPropertyValues(
                "facteur.data-dir=" + dir.resolve("data"), "facteur.certs-dir=" + dir.resolve("certs"),
                "facteur.operator.partner-code=ABC123", "facteur.invoice.max-size=2MB");
    }

    @Test
    void aReadInvoiceIsPackagedWithTheGeneratedOperatorIdentity() {
        runner().run(context -> {
            assertThat(context).hasNotFailed();
            Path invoice = Files.copy(Path.of("samples/ubl-invoice-acme.xml"), dir.resolve("in.xml"));

            Understanding understood = context.getBean(InvoiceReader.class).read(invoice);
            PackagedFlow flow = context.getBean(FlowPackager.class).pack(understood.facts(), invoice, "000000000001");

            assertThat(understood.isAccepted()).isTrue();
            assertThat(flow.name()).isEqualTo("FSO1100A_ABC123_000000000001");
            assertThat(context.getBean(CmsSigner.class).verifyDetached(flow.flowFile(),
                    Files.readAllBytes(flow.signatureFile())).getSubjectX500Principal().getName())
                    .isEqualTo("CN=Facteur operator ABC123");
            assertThat(dir.resolve("certs/operator/signing-key.pem")).exists();
        });
    }

    @Test
    void theMaxSizeIsConfigurable() {
        runner().withPropertyValues("facteur.invoice.max-size=1KB").run(context -> {
            Path invoice = Files.copy(Path.of("samples/ubl-invoice-acme.xml"), dir.resolve("in.xml"));

            assertThat(context.getBean(InvoiceReader.class).read(invoice).violations())
                    .extracting(v -> v.rule()).containsExactly("FILE-TOO-LARGE");
        });
    }

    @Test
    void startUpFailsWhenTheIdentityIsMissingAndMayNotBeGenerated() {
        runner().withPropertyValues("facteur.operator.generate-if-missing=false").run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause()
                    .hasMessageContaining(dir.resolve("certs/operator/signing-key.pem").toAbsolutePath().toString())
                    .hasMessageContaining("signing-cert.pem");
        });
    }
}
