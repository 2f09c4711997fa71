package fr.facteur.relay;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The relay's own settings ({@code facteur.relay.*}).
 *
 * @param tick          how often the dispatcher looks for work (it is also woken when a message arrives)
 * @param workers       tenants served in parallel by one instance
 * @param orderWait     how long a status is held waiting for its lifecycle predecessor (see {@link LifecycleOrder})
 * @param backoffFirst  wait after a supplier endpoint's first failure; doubled at each failure...
 * @param backoffMax    ...up to this; deliveries wait (never dropped) and resume by themselves
 * @param webhookTrustStore         a PKCS12 trust store that replaces the JVM's default trust for webhooks (suppliers
 *                                  behind a private CA); none by default
 * @param webhookTrustStorePassword its password (secret, never logged)
 * @param sftpKeepOpen  how long a connection to a supplier's SFTP server stays open after its last delivery, for the
 *                      next deliveries of a burst; 0 opens one connection per step (two per file: upload, rename)
 */
@ConfigurationProperties("facteur.relay")
public record RelayProperties(
        @DefaultValue("1s") Duration tick,
        @DefaultValue("4") int workers,
        @DefaultValue("10m") Duration orderWait,
        @DefaultValue("2s") Duration backoffFirst,
        @DefaultValue("5m") Duration backoffMax,
        java.nio.file.Path webhookTrustStore,
        String webhookTrustStorePassword,
        @DefaultValue("5s") Duration sftpKeepOpen) {

    @Override
    public String toString() {
        return "RelayProperties[tick=" + tick + ", workers=" + workers + ", orderWait=" + orderWait + ", backoffFirst="
                + backoffFirst + ", backoffMax=" + backoffMax + ", webhookTrustStore=" + webhookTrustStore + ", sftpKeepOpen=" + sftpKeepOpen + "]";
    }
}
