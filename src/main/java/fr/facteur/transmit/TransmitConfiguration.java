package fr.facteur.transmit;

import java.time.Duration;

import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import fr.facteur.archive.Archive;
import fr.facteur.messaging.BrokerProperties;
import fr.facteur.as2.outbound.As2Sender;
import fr.facteur.messaging.Queues;
import fr.facteur.observability.ChorusProConnection;
import fr.facteur.observability.GatewayMetrics;
import fr.facteur.piste.PisteClient;
import fr.facteur.platform.FacteurProperties;
import fr.facteur.platform.StagedSftpWriter;
import fr.facteur.tracking.ApiDepositRepository;
import fr.facteur.tracking.FlowRepository;
import fr.facteur.tracking.InvoiceRepository;

/** Wires the Chorus Pro channel chosen in configuration and the facteur.transmit consumer. */
@Configuration(proxyBeanMethods = false)
class TransmitConfiguration {

    static final String ROUTE_ID = "chorus-pro.transmit";

    /** Connections to Chorus Pro's drop box, kept while flows go and closed after a minute idle. */
    @Bean(destroyMethod = "close")
    StagedSftpWriter chorusProSftp() {
        return new StagedSftpWriter(Duration.ofMinutes(1), "chorus-pro-sftp-sweeper");
    }

    @Bean
    ChorusProChannel chorusProChannel(FacteurProperties properties, StagedSftpWriter chorusProSftp, Archive archive,
            FlowRepository flows, ObjectProvider<PisteClient> piste, ApiDepositRepository deposits,
            ObjectProvider<As2Sender> as2) {
        String channel = properties.chorusPro().channel();
        return switch (channel) {
            case "sftp" -> new SftpChorusProChannel(chorusProSftp, archive, flows, properties.chorusPro().sftp());
            case "api" -> new ApiChorusProChannel(piste.getObject(), archive, deposits);
            case "as2" -> new As2ChorusProChannel(as2.getObject(), archive, properties.chorusPro().as2());
            default -> throw new IllegalStateException("facteur.chorus-pro.channel=" + channel
                    + " is not supported (sftp, api, as2)");
        };
    }

    @Bean(destroyMethod = "close")
    TransmitPause transmitPause(CamelContext camel) {
        return new TransmitPause(camel, ROUTE_ID);
    }

    @Bean
    TransmitService transmitService(FlowRepository flows, InvoiceRepository invoices, ChorusProChannel channel,
            GatewayMetrics metrics, ChorusProConnection connection, TransmitPause pause, FacteurProperties properties,
            BrokerProperties broker) {
        connection.describe(properties.chorusPro().channel(), flows::countWaitingForTransmission);
        return new TransmitService(flows, invoices, channel, metrics, connection, pause,
                properties.chorusPro().api().maxBackoff(), broker.maxDeliveryAttempts());
    }

    /**
     * Transacted consumer: the broker owns redelivery (no Camel retry here). Chorus Pro unavailable: the message
     * rolls back and the consumer pauses (see {@link TransmitPause}); facteur.transmit has no delivery limit, so an
     * outage of any length loses nothing. A flow refused for good is dead-lettered by hand, with its reason, in the
     * same transaction.
     */
    @Bean
    RouteBuilder transmitRoute() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from(Queues.consumer(Queues.TRANSMIT, 2)).routeId(ROUTE_ID)
                        .errorHandler(noErrorHandler())
                        // doTry rather than onException: there is no error handler on this route
                        .doTry()
                            .bean("transmitService", "transmit(${body}, ${header.JMSXDeliveryCount})")
                        .doCatch(FlowRefusedException.class)
                            .setHeader("FacteurFailure", simple("${exception.message}"))
                            .to(Queues.producer(Queues.DLQ_PREFIX + Queues.TRANSMIT))
                        .end();
            }
        };
    }
}
