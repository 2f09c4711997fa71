package fr.facteur.relay;

import java.time.Clock;
import java.time.Duration;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.beans.factory.ObjectProvider;
import org.apache.camel.builder.RouteBuilder;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import fr.facteur.archive.Archive;
import fr.facteur.as2.outbound.TenantAs2Returns;
import fr.facteur.observability.GatewayMetrics;
import fr.facteur.tenant.TenantDirectory;
import fr.facteur.tracking.DeliveryRepository;
import fr.facteur.tracking.ReturnFileRepository;
import fr.facteur.tracking.StatusEventRepository;

/** Wires the relay: its beans, the outbox dispatcher and the facteur.relay consumer (route "relay"). */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(RelayProperties.class)
class RelayConfiguration {

    @Bean
    WebhookSender webhookSender(RelayProperties properties) {
        // secrets are read from the environment at each delivery (a rotated secret needs no restart)
        return new WebhookSender(webhookTrust(properties), System::getenv, Clock.systemUTC());
    }

    /** The JVM's default trust (null), or only the configured trust store's certificates. */
    static javax.net.ssl.SSLContext webhookTrust(RelayProperties properties) {
        if (properties.webhookTrustStore() == null) {
            return null;
        }
        char[] password = properties.webhookTrustStorePassword() == null ? null
                : properties.webhookTrustStorePassword().toCharArray();
        try (java.io.InputStream in = java.nio.file.Files.newInputStream(properties.webhookTrustStore())) {
            java.security.KeyStore store = java.security.KeyStore.getInstance("PKCS12");
            store.load(in, password);
            javax.net.ssl.TrustManagerFactory trust = javax.net.ssl.TrustManagerFactory
                    .getInstance(javax.net.ssl.TrustManagerFactory.getDefaultAlgorithm());
            trust.init(store);
            javax.net.ssl.SSLContext context = javax.net.ssl.SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return context;
        } catch (java.io.IOException | java.security.GeneralSecurityException e) {
            throw new IllegalStateException("facteur.relay.webhook-trust-store " + properties.webhookTrustStore()
                    + " cannot be read as a PKCS12 trust store: " + e.getMessage(), e);
        }
    }

    /** Closed with the context: its open connections to suppliers' servers go with it. */
    @Bean
    SupplierSftp supplierSftp(RelayProperties properties) {
        return new SupplierSftp(properties.sftpKeepOpen() == null ? Duration.ZERO : properties.sftpKeepOpen());
    }

    @Bean
    RelayService relayService(TenantDirectory tenants, DeliveryRepository deliveries, ReturnFileRepository returnFiles,
            StatusEventRepository events, SupplierSftp supplierSftp, WebhookSender webhook, Archive archive,
            ObjectMapper json, GatewayMetrics metrics, ObjectProvider<TenantAs2Returns> as2,
            ObjectProvider<fr.facteur.platform.FacteurProperties> facteur) {
        fr.facteur.platform.FacteurProperties settings = facteur.getIfAvailable();
        String partnerCode = settings == null || settings.operator() == null ? null
                : settings.operator().partnerCode();
        return new RelayService(tenants, deliveries, returnFiles, events,
                new ReturnRenderer(new CppStatutFilter(), json, new CppStatutComposer(json, partnerCode)),
                supplierSftp, webhook, archive, metrics, as2.getIfAvailable());
    }

    @Bean
    RelayOutbox relayOutbox(JdbcTemplate jdbc, ObjectMapper json) {
        return new RelayOutbox(jdbc, json, Clock.systemUTC());
    }

    @Bean
    RelayDispatcher relayDispatcher(RelayOutbox outbox, RelayService relay, TenantDirectory tenants,
            DeliveryRepository deliveries, PlatformTransactionManager transactionManager, RelayProperties properties) {
        return new RelayDispatcher(outbox, relay, tenants, deliveries, new TransactionTemplate(transactionManager),
                properties, Clock.systemUTC());
    }

    @Bean
    RouteBuilder relayRoute(RelayOutbox outbox, RelayDispatcher dispatcher, PlatformTransactionManager transactionManager,
            ObjectMapper json) {
        return new RelayRoute(outbox, dispatcher, new TransactionTemplate(transactionManager), json);
    }
}
