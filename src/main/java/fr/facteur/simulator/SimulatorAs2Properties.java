package fr.facteur.simulator;

import java.nio.file.Path;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The simulator's AS2 receiving endpoint ({@code facteur.simulator.as2.*}), for a gateway whose Chorus Pro connection
 * is AS2 (facteur.chorus-pro.channel=as2). Return files keep going through the SFTP returns folder.
 *
 * @param enabled       listen (off unless set; needs facteur.simulator.enabled)
 * @param host          interface to listen on
 * @param port          its own port (not the gateway's 4080)
 * @param path          the AS2 URL path
 * @param as2Id         the simulator's AS2 id (the gateway's facteur.chorus-pro.as2.as2-id)
 * @param certificate   the simulator's certificate (PEM): give it to the gateway as facteur.chorus-pro.as2.certificate;
 *                      relative paths against facteur.data-dir; generated with its key when both are missing
 * @param privateKey    the simulator's private key (PEM, PKCS#8), decrypts flows and signs MDNs
 * @param partnerAs2Id  the AS2-From accepted: the gateway's facteur.as2-outbound.as2-id
 * @param partnerCertificate the gateway's certificate (PEM); unset = the operator identity of this process (demo)
 */
@ConfigurationProperties("facteur.simulator.as2")
public record SimulatorAs2Properties(
        @DefaultValue("false") boolean enabled,
        @DefaultValue("0.0.0.0") String host,
        @DefaultValue("4081") int port,
        @DefaultValue("/as2") String path,
        @DefaultValue("CHORUSPRO") String as2Id,
        @DefaultValue("simulator-as2/as2-cert.pem") Path certificate,
        @DefaultValue("simulator-as2/as2-key.pem") Path privateKey,
        @DefaultValue("FACTEUR") String partnerAs2Id,
        Path partnerCertificate) {
}
