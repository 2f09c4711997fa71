package fr.facteur.simulator;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Period;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import fr.facteur.as2.outbound.As2HttpEndpoint;
import fr.facteur.as2.outbound.As2Receiver;
import fr.facteur.crypto.Certificates;
import fr.facteur.crypto.OperatorIdentity;
import fr.facteur.platform.FacteurProperties;

/**
 * The simulator's AS2 endpoint ({@code facteur.simulator.as2.enabled=true}, with the simulator on): flows received
 * by AS2 enter the simulator's intake exactly like the drop box's, and each is answered with a signed MDN. Built on
 * the outbound package's small receiving side, not on camel-as2.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = {"facteur.simulator.enabled", "facteur.simulator.as2.enabled"}, havingValue = "true")
@EnableConfigurationProperties(SimulatorAs2Properties.class)
class SimulatorAs2Configuration {

    private static final Logger log = LoggerFactory.getLogger(SimulatorAs2Configuration.class);

    @Bean(destroyMethod = "close")
    As2HttpEndpoint chorusProSimulatorAs2(SimulatorAs2Properties as2, FacteurProperties facteur, Simulator simulator,
            OperatorIdentity operator) {
        Path certificateFile = facteur.dataDir().resolve(as2.certificate());
        Path keyFile = facteur.dataDir().resolve(as2.privateKey());
        if (!Files.exists(certificateFile) && !Files.exists(keyFile)) {
            // like the operator's demo identity: generated once, never committed
            KeyPair keys = Certificates.rsaKeyPair(2048);
            Certificates.writeCertificatePem(certificateFile,
                    Certificates.selfSigned(keys, "CN=Chorus Pro simulator AS2", Period.ofYears(2)));
            Certificates.writePrivateKeyPem(keyFile, keys.getPrivate());
        }
        X509Certificate certificate = Certificates.readCertificatePem(certificateFile);
        PrivateKey key = Certificates.readPrivateKeyPem(keyFile);
        X509Certificate gateway = as2.partnerCertificate() != null
                ? Certificates.readCertificatePem(as2.partnerCertificate()) : operator.certificate();
        Clock clock = Clock.systemUTC();
        As2Receiver receiver = new As2Receiver(as2.as2Id(), key, certificate,
                from -> from.equals(as2.partnerAs2Id()) ? List.of(gateway) : List.of(),
                (from, messageId, fileName, content) -> simulator.receive(fileName, content, "AS2", clock.instant()));
        As2HttpEndpoint endpoint = As2HttpEndpoint.start(as2.host(), as2.port(), as2.path(), receiver);
        log.info("Chorus Pro simulator: AS2 endpoint http://{}:{}{} as {}, certificate {}", as2.host(), endpoint.port(),
                as2.path(), as2.as2Id(), certificateFile.toAbsolutePath());
        return endpoint;
    }
}
