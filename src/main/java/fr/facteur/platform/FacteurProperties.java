package fr.facteur.platform;

import java.nio.file.Path;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The operator's own settings ({@code facteur.*} in config/application.yaml), each overridable by an
 * environment variable (FACTEUR_DATA_DIR, FACTEUR_CHORUS_PRO_SFTP_HOST, ...).
 *
 * @param configDir   where tenants/ and the operator's settings live
 * @param dataDir     archive, broker journal, embedded database, work files
 * @param certsDir    operator keys and partners' certificates (demo keys are generated here on first run)
 * @param operator    the operator's identity towards Chorus Pro
 * @param chorusPro   the connection to Chorus Pro (or to the simulator)
 * @param database    embedded PostgreSQL (default) or an external one through spring.datasource.*
 */
@ConfigurationProperties("facteur")
public record FacteurProperties(
        @DefaultValue("config") Path configDir,
        @DefaultValue("data") Path dataDir,
        @DefaultValue("certs") Path certsDir,
        @DefaultValue Operator operator,
        @DefaultValue ChorusPro chorusPro,
        @DefaultValue Database database) {

    /**
     * @param partnerCode       the operator's Chorus Pro EDI partner code (shape AAA999)
     * @param generateIfMissing generate a self-signed signing key and certificate when none is found (demo, tests)
     */
    public record Operator(
            @DefaultValue("AAA999") String partnerCode,
            @DefaultValue("true") boolean generateIfMissing) {
    }

    /**
     * @param channel     sftp (api and as2 come with later issues)
     * @param sftp        the Chorus Pro (or simulator) SFTP account
     */
    public record ChorusPro(@DefaultValue("sftp") String channel, @DefaultValue Sftp sftp) {
    }

    /**
     * An SFTP account. Host keys are always checked against {@code knownHosts}.
     *
     * @param password   secret: never logged; prefer privateKey
     */
    public record Sftp(
            @DefaultValue("localhost") String host,
            @DefaultValue("2222") int port,
            @DefaultValue("chorus-pro") String user,
            Path privateKey,
            String password,
            Path knownHosts,
            @DefaultValue("/depot") String depositDir,
            @DefaultValue("/retours") String returnsDir,
            @DefaultValue("5s") Duration poll) {

        /**
         * The Camel sftp: endpoint URI of a folder of this account, host key always checked against knownHosts.
         *
         * @param options extra endpoint options without leading '&amp;' (may be empty)
         */
        public String camelUri(String folder, String options) {
            return SftpEndpoints.uri(user, host, port, folder, knownHosts, privateKey, password, options);
        }

        @Override
        public String toString() {
            return "Sftp[" + user + "@" + host + ":" + port + ", password=" + (password == null ? "none" : "****") + "]";
        }
    }

    /**
     * @param embedded start PostgreSQL from the bundled binaries under dataDir/postgres; set false in production and
     *                 point spring.datasource.* at the real server
     * @param port     port of the embedded server (0 = any free port)
     */
    public record Database(@DefaultValue("true") boolean embedded, @DefaultValue("0") int port) {
    }
}
