package fr.facteur.inbound.as2;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * The AS2 receiving endpoint ({@code facteur.as2.*}).
 *
 * @param enabled          start the AS2 server (off in the built-in defaults so test contexts never fight over
 *                         port 4080; on in config/application.yaml)
 * @param bindHost         interface to listen on
 * @param port             4080 by default; 0 picks a free port (tests)
 * @param path             the URL path partners post to
 * @param as2Id            the operator's AS2 id: the AS2-To partners must use, the AS2-From of our MDNs
 * @param maxSize          larger messages are refused with 413 before anything is processed
 * @param asyncMdnTimeout  connect and request timeout when posting an asynchronous MDN
 * @param threads          concurrent requests served
 */
@ConfigurationProperties("facteur.as2")
public record As2Properties(
        @DefaultValue("false") boolean enabled,
        @DefaultValue("0.0.0.0") String bindHost,
        @DefaultValue("4080") int port,
        @DefaultValue("/as2") String path,
        @DefaultValue("FACTEUR") String as2Id,
        @DefaultValue("100MB") DataSize maxSize,
        @DefaultValue("30s") Duration asyncMdnTimeout,
        @DefaultValue("4") int threads) {
}
