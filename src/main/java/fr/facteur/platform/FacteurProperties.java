package fr.facteur.platform;

import java.nio.file.Path;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.ConstructorBinding;
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
     * @param channel     sftp | api (PISTE) | as2
     * @param sftp        the Chorus Pro (or simulator) SFTP account; with channel as2 still used for the return files
     * @param api         the Chorus Pro API (PISTE) connection, used when channel=api
     * @param as2         the Chorus Pro (or simulator) AS2 partner, used when channel is as2
     */
    public record ChorusPro(@DefaultValue("sftp") String channel, @DefaultValue Sftp sftp, @DefaultValue Api api,
            @DefaultValue As2 as2) {

        @ConstructorBinding
        public ChorusPro {
        }

        /** Without API and AS2 blocks (SFTP-only callers and tests). */
        public ChorusPro(String channel, Sftp sftp) {
            this(channel, sftp, null, null);
        }
    }

    /**
     * The Chorus Pro API over PISTE (chorus-pro.md §5). URLs may hold placeholders resolved at the first call (the
     * demo's simulator answers on this very server: {@code ${local.server.port}}).
     *
     * @param tokenUrl       OAuth2 token endpoint (client credentials)
     * @param baseUrl        base of the /cpro API: {@code <baseUrl>/factures/v1/deposer/flux}
     * @param clientId       PISTE application id
     * @param clientSecret   secret: set it from the environment (FACTEUR_CHORUS_PRO_API_CLIENT_SECRET), never logged
     * @param login          Chorus Pro technical account (TECH_...@cpro.fr), sent in the cpro-account header
     * @param password       secret: the technical account's password (FACTEUR_CHORUS_PRO_API_PASSWORD)
     * @param connectTimeout TCP connect timeout of every call
     * @param readTimeout    longest wait for an answer; beyond it the call counts as a failure and is retried
     * @param tokenMargin    a cached token is renewed this long before it expires
     * @param poll           how often deposited flows and their invoices are polled for statuses
     * @param pollBatch      flows claimed by one instance at each poll
     * @param maxBackoff     longest pause of transmission after failures (Retry-After is honoured up to it)
     */
    public record Api(
            @DefaultValue("http://localhost:${local.server.port:${server.port:8080}}/simulator/piste/api/oauth/token")
            String tokenUrl,
            @DefaultValue("http://localhost:${local.server.port:${server.port:8080}}/simulator/piste/cpro")
            String baseUrl,
            @DefaultValue("facteur-demo") String clientId,
            @DefaultValue("demo-secret") String clientSecret,
            @DefaultValue("TECH_facteur@cpro.fr") String login,
            @DefaultValue("demo-password") String password,
            @DefaultValue("10s") Duration connectTimeout,
            @DefaultValue("60s") Duration readTimeout,
            @DefaultValue("60s") Duration tokenMargin,
            @DefaultValue("30s") Duration poll,
            @DefaultValue("20") int pollBatch,
            @DefaultValue("5m") Duration maxBackoff) {

        @Override
        public String toString() {
            return "Api[" + baseUrl + ", client " + clientId + ", account " + login + ", secrets ****]";
        }
    }

    /**
     * Chorus Pro (or the simulator) as an AS2 partner: flows are sent signed by the operator's identity and encrypted
     * for {@code certificate}, and the MDN must be signed by it (or by {@code nextCertificate}).
     *
     * @param url                     its AS2 receiving URL (the simulator's: http://localhost:4081/as2)
     * @param as2Id                   its AS2 id (AS2-To); ours is facteur.as2-outbound.as2-id
     * @param certificate             its certificate (PEM); relative paths against the working directory
     * @param nextCertificate         its next certificate during a rollover, or unset
     * @param timeout                 connect and response timeout of one attempt
     * @param encryption              AES128_CBC | AES256_CBC | AES128_GCM | AES256_GCM
     * @param asyncMdn                ask for the MDN asynchronously (needs facteur.as2-outbound.mdn-url)
     * @param allowExpiredCertificate send even when its certificates have expired
     */
    public record As2(
            @DefaultValue("http://localhost:4081/as2") java.net.URI url,
            @DefaultValue("CHORUSPRO") String as2Id,
            Path certificate,
            Path nextCertificate,
            @DefaultValue("5m") Duration timeout,
            @DefaultValue("AES256_CBC") String encryption,
            @DefaultValue("false") boolean asyncMdn,
            @DefaultValue("false") boolean allowExpiredCertificate) {
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
