package fr.facteur.demo;

import java.nio.file.Path;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The demo environment ({@code facteur.demo.*}): an SFTP server standing for the suppliers' servers and Chorus Pro's
 * drop box, on one machine.
 *
 * @param sftpPort  2222 by default
 * @param bindHost  127.0.0.1: the demo server is for local use
 * @param as2Port   4082 by default: where the demo AS2 supplier (martin) receives its answers and return flows
 *                  (started only with the demo and facteur.as2.enabled)
 * @param users     accounts on the demo server; their keys and known_hosts are generated on first run
 */
@ConfigurationProperties("facteur.demo")
public record DemoProperties(
        @DefaultValue("false") boolean enabled,
        @DefaultValue("2222") int sftpPort,
        @DefaultValue("127.0.0.1") String bindHost,
        @DefaultValue("4082") int as2Port,
        @DefaultValue List<User> users) {

    /**
     * @param name       login
     * @param password   for people trying the demo with a plain sftp client (optional)
     * @param privateKey where the gateway's key for this account is written (generated if absent)
     * @param knownHosts where the known_hosts file trusting the demo server is written
     * @param folders    folders created in the account's home
     */
    public record User(String name, String password, Path privateKey, Path knownHosts, List<String> folders) {
    }
}
