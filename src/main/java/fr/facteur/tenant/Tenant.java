package fr.facteur.tenant;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;

import fr.facteur.platform.SftpEndpoints;

/**
 * One supplier (tenant), as installed from a valid config/tenants/&lt;id&gt;.yaml. Immutable; a changed file
 * installs a new instance.
 *
 * @param formats accepted syntaxes: UBL, CII, FACTURX
 * @param mapping how this supplier's own format becomes UBL, null when it sends UBL, CII or Factur-X itself
 */
public record Tenant(String id, String name, String siret, Inbound inbound, Set<String> formats, Returns returns,
        Mapping mapping) {

    /** A tenant without a mapping (most of them). */
    public Tenant(String id, String name, String siret, Inbound inbound, Set<String> formats, Returns returns) {
        this(id, name, siret, inbound, formats, returns, null);
    }

    /**
     * A supplier whose ERP cannot produce UBL or CII: its files (XML whose root is none of the invoice syntaxes) go
     * through this XSLT, and the UBL it produces is validated and sent.
     *
     * @param xslt the stylesheet, resolved against the installation root (like certificates)
     */
    public record Mapping(Path xslt) {
    }

    /**
     * @param sftp null when the tenant does not send over SFTP
     * @param as2  null when the tenant does not speak AS2
     */
    public record Inbound(SftpAccount sftp, As2Partner as2) {
    }

    /**
     * The supplier as an AS2 trading partner. The operator has one AS2 identity (key and certificate) shared by all
     * tenants; a tenant differs by its AS2 id and its public certificates, against which its signatures are checked.
     *
     * @param as2Id                   the partner's AS2-From on messages it sends us (and AS2-To on those we send it)
     * @param certificate             the partner's current public certificate (PEM)
     * @param nextCertificate         its next certificate during a rollover window, else null
     * @param requireSignature        refuse unsigned messages
     * @param requireEncryption       refuse unencrypted messages
     * @param allowSha1               accept sha-1 MICs and signatures inbound (never used outbound)
     * @param allowExpiredCertificate accept a message signed with an expired certificate
     * @param url                     the partner's AS2 receiving URL (returns over AS2), null when it receives none
     * @param asyncMdnHosts           hosts to which asynchronous MDNs may be sent (Receipt-Delivery-Option)
     * @param timeout                 connect and read timeout when we send to this partner
     * @param encryption              content encryption we use towards this partner: AES128_CBC, AES256_CBC,
     *                                AES128_GCM, AES256_GCM
     */
    public record As2Partner(String as2Id, Path certificate, Path nextCertificate, boolean requireSignature,
            boolean requireEncryption, boolean allowSha1, boolean allowExpiredCertificate, java.net.URI url,
            Set<String> asyncMdnHosts, Duration timeout, String encryption) {
    }

    /**
     * The supplier's SFTP server, polled by the gateway. Host keys are always checked against {@code knownHosts}.
     *
     * @param password secret, never logged; null when a private key is used
     */
    public record SftpAccount(String host, int port, String user, Path privateKey, String password, Path knownHosts,
            String dir, Duration poll) {

        /**
         * The Camel sftp: endpoint URI for a folder of this account, always with host-key checking against the
         * account's known_hosts (never strictHostKeyChecking=no). Secrets are passed RAW so no character is lost.
         *
         * @param folder  folder on the server (e.g. the inbound dir, or the returns dir)
         * @param options extra endpoint options without leading '&amp;' (may be empty)
         */
        public String camelUri(String folder, String options) {
            return SftpEndpoints.uri(user, host, port, folder, knownHosts, privateKey, password, options);
        }

        @Override
        public String toString() {
            return "SftpAccount[" + user + "@" + host + ":" + port + dir + ", password=" + (password == null ? "none" : "****") + "]";
        }
    }

    /**
     * How the supplier wants its answers and return flows.
     *
     * @param channel sftp | as2 | webhook | none
     * @param sftpDir folder on the supplier's SFTP server (the inbound connection) where returns are written
     * @param format  cppstatut | json | csv
     * @param events  relayed events (INTEGRATION_REPORT, DEPOSEE, ..., MISE_EN_PAIEMENT); all when the file gives none
     * @param webhook where a webhook tenant receives its returns, null for other channels
     * @param timing  immediate (default) or digest
     * @param digestEvery the period of a digest tenant, null otherwise
     */
    public record Returns(String channel, String sftpDir, String format, Set<String> events, Webhook webhook,
            String timing, Duration digestEvery) {

        /** Relay timings: each return file's events as soon as they arrive, or one document per period. */
        public static final String IMMEDIATE = "immediate";
        public static final String DIGEST = "digest";

        /** A tenant without webhook and with immediate timing (the defaults). */
        public Returns(String channel, String sftpDir, String format, Set<String> events) {
            this(channel, sftpDir, format, events, null, IMMEDIATE, null);
        }

        public boolean relays(String event) {
            return events.isEmpty() || events.contains(event);
        }

        public boolean digest() {
            return DIGEST.equals(timing);
        }
    }

    /**
     * Where a {@code webhook} tenant receives its returns: an HTTPS POST of each rendered document, signed with
     * HMAC-SHA256 under a secret shared with the supplier.
     *
     * @param url       https (http only towards localhost / 127.0.0.1, for tests and local demos)
     * @param secretEnv the environment variable holding the shared secret: the tenant file never holds it, and the
     *                  secret is never logged
     * @param timeout   connect and response timeout of one attempt
     */
    public record Webhook(java.net.URI url, String secretEnv, Duration timeout) {
    }

    /** All lifecycle events a tenant can subscribe to, in CPPStatut order. */
    public static final List<String> EVENTS = List.of("INTEGRATION_REPORT", "DEPOSEE", "EN_COURS_ACHEMINEMENT",
            "MISE_A_DISPOSITION", "REJETEE", "SUSPENDUE", "SERVICE_FAIT", "MANDATEE", "MISE_A_DISPOSITION_COMPTABLE",
            "COMPTABILISEE", "MISE_EN_PAIEMENT", "COMPLETEE", "A_RECYCLER");
}
