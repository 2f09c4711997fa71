package fr.facteur.as2.outbound;

import java.net.URI;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of outbound AS2 ({@code facteur.as2-outbound.*}), for every partner (Chorus Pro and tenants).
 *
 * @param as2Id        our AS2-From (the operator's AS2 id)
 * @param micAlgorithm sha-256 | sha-384 | sha-512: signature digest and the MIC asked back in the MDN
 * @param mdnUrl       our public URL for asynchronous MDNs (this gateway's {@code POST /as2/mdn} on the HTTP port,
 *                     8080); needed only by destinations that ask for async MDNs
 * @param attempts     HTTP attempts of one message before the failure goes back to the caller (the broker then
 *                     redelivers it later, with the same Message-ID)
 * @param backoff      wait after the first failed attempt, doubled after each next one
 * @param maxBackoff   the longest wait between two attempts
 */
@ConfigurationProperties("facteur.as2-outbound")
public record As2OutboundProperties(
        @DefaultValue("FACTEUR") String as2Id,
        @DefaultValue("sha-256") String micAlgorithm,
        URI mdnUrl,
        @DefaultValue("4") int attempts,
        @DefaultValue("2s") Duration backoff,
        @DefaultValue("1m") Duration maxBackoff) {
}
