package fr.facteur.relay;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.ProducerTemplate;
import org.springframework.beans.factory.ObjectProvider;
import org.apache.camel.builder.RouteBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import fr.facteur.archive.Archive;
import fr.facteur.as2.outbound.TenantAs2Returns;
import fr.facteur.observability.GatewayMetrics;
import fr.facteur.tenant.TenantDirectory;
import fr.facteur.tracking.DeliveryRepository;
import fr.facteur.tracking.ReturnFileRepository;
import fr.facteur.tracking.StatusEventRepository;

/** Wires the relay: its beans and the facteur.relay consumer (route "relay"). */
@Configuration(proxyBeanMethods = false)
class RelayConfiguration {

    @Bean
    RelayService relayService(TenantDirectory tenants, DeliveryRepository deliveries, ReturnFileRepository returnFiles,
            StatusEventRepository events, ProducerTemplate producer, Archive archive, ObjectMapper json,
            GatewayMetrics metrics, ObjectProvider<TenantAs2Returns> as2) {
        return new RelayService(tenants, deliveries, returnFiles, events,
                new ReturnRenderer(new CppStatutFilter(), json), new SupplierSftp(producer), archive, metrics,
                as2.getIfAvailable());
    }

    @Bean
    RouteBuilder relayRoute(RelayService relay, ObjectMapper json) {
        return new RelayRoute(relay, json);
    }
}
