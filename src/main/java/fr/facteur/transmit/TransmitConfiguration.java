package fr.facteur.transmit;

import org.apache.camel.ProducerTemplate;
import org.springframework.beans.factory.ObjectProvider;
import org.apache.camel.builder.RouteBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import fr.facteur.archive.Archive;
import fr.facteur.as2.outbound.As2Sender;
import fr.facteur.messaging.Queues;
import fr.facteur.observability.GatewayMetrics;
import fr.facteur.platform.FacteurProperties;
import fr.facteur.tracking.FlowRepository;
import fr.facteur.tracking.InvoiceRepository;

/** Wires the Chorus Pro channel chosen in configuration and the facteur.transmit consumer. */
@Configuration(proxyBeanMethods = false)
class TransmitConfiguration {

    @Bean
    ChorusProChannel chorusProChannel(FacteurProperties properties, ProducerTemplate producer, Archive archive,
            ObjectProvider<As2Sender> as2) {
        String channel = properties.chorusPro().channel();
        if ("as2".equals(channel)) {
            return new As2ChorusProChannel(as2.getObject(), archive, properties.chorusPro().as2());
        }
        if (!"sftp".equals(channel)) {
            throw new IllegalStateException("facteur.chorus-pro.channel=" + channel + " is not supported yet (sftp, as2)");
        }
        return new SftpChorusProChannel(producer, archive, properties.chorusPro().sftp());
    }

    @Bean
    TransmitService transmitService(FlowRepository flows, InvoiceRepository invoices, ChorusProChannel channel,
            GatewayMetrics metrics) {
        return new TransmitService(flows, invoices, channel, metrics);
    }

    /** Transacted consumer: the broker owns redelivery (backoff, then DLQ.facteur.transmit); no Camel retry here. */
    @Bean
    RouteBuilder transmitRoute() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from(Queues.consumer(Queues.TRANSMIT, 2)).routeId("chorus-pro.transmit")
                        .errorHandler(noErrorHandler())
                        .bean("transmitService", "transmit(${body})");
            }
        };
    }
}
