package fr.facteur.platform;

import java.nio.file.Path;

import com.jcraft.jsch.JSch;
import com.jcraft.jsch.JSchException;
import com.jcraft.jsch.Session;

/** Builds Camel sftp: endpoint URIs, always with host-key checking against a known_hosts file. */
public final class SftpEndpoints {

    /** Key exchanges offered to SFTP servers, strongest first: a post-quantum hybrid (ML-KEM), then curves. */
    public static final String KEY_EXCHANGES = String.join(",", "mlkem768x25519-sha256", "curve25519-sha256",
            "curve25519-sha256@libssh.org", "ecdh-sha2-nistp256", "ecdh-sha2-nistp384", "ecdh-sha2-nistp521",
            "diffie-hellman-group-exchange-sha256", "diffie-hellman-group16-sha512", "diffie-hellman-group14-sha256");

    /**
     * Before every connection JSch proves that each algorithm of its CheckKexes list works by running it, and its
     * default list includes sntrup761x25519: a key generation in BouncyCastle's pure-Java NTRU Prime per connection,
     * which took over 70% of the gateway's CPU under load (polls, deliveries and probes each connect). Only the
     * algorithms that may be missing at run time (they need BouncyCastle) are checked.
     */
    static {
        com.jcraft.jsch.JSch.setConfig("CheckKexes", "mlkem768x25519-sha256,curve25519-sha256,curve25519-sha256@libssh.org");
    }

    private SftpEndpoints() {
    }

    /**
     * @param privateKey null for password login
     * @param password   null for key login; passed RAW so that no character is lost or interpreted
     * @param options    extra endpoint options without leading '&amp;' (may be empty)
     */
    public static String uri(String user, String host, int port, String folder, Path knownHosts, Path privateKey,
            String password, String options) {
        if (knownHosts == null) {
            throw new IllegalStateException("a known_hosts file is required for " + user + "@" + host
                    + ": host keys are always checked");
        }
        StringBuilder uri = new StringBuilder("sftp://").append(user).append('@').append(host).append(':').append(port)
                .append(folder.startsWith("/") ? folder : "/" + folder)
                .append("?strictHostKeyChecking=yes&useUserKnownHostsFile=false")
                .append("&knownHostsFile=").append(knownHosts.toAbsolutePath())
                .append("&keyExchangeProtocols=").append(KEY_EXCHANGES);
        if (privateKey != null) {
            uri.append("&privateKeyFile=").append(privateKey.toAbsolutePath());
        }
        if (password != null) {
            uri.append("&password=RAW(").append(password).append(')');
        }
        if (options != null && !options.isBlank()) {
            uri.append('&').append(options);
        }
        return uri.toString();
    }

    /**
     * Opens an SSH session with the same policy as {@link #uri} (host key checked against {@code knownHosts}, the
     * same key exchanges), for the writers that drive SFTP themselves because they need operations Camel's producer
     * does not offer separately (upload under a temporary name now, rename later: StagedSftpWriter) or to probe
     * an account (observability.SftpProbe).
     *
     * @param privateKey null for password login
     * @param password   null for key login
     */
    public static Session openSession(String user, String host, int port, Path knownHosts, Path privateKey,
            String password, int connectTimeoutMillis, int readTimeoutMillis) throws JSchException {
        if (knownHosts == null) {
            throw new IllegalStateException("a known_hosts file is required for " + user + "@" + host
                    + ": host keys are always checked");
        }
        JSch jsch = new JSch();
        jsch.setKnownHosts(knownHosts.toAbsolutePath().toString());
        if (privateKey != null) {
            jsch.addIdentity(privateKey.toAbsolutePath().toString());
        }
        Session session = jsch.getSession(user, host, port);
        session.setConfig("StrictHostKeyChecking", "yes");
        session.setConfig("kex", KEY_EXCHANGES);
        if (password != null) {
            session.setPassword(password);
        }
        session.setTimeout(readTimeoutMillis);
        try {
            session.connect(connectTimeoutMillis);
        } catch (JSchException | RuntimeException e) {
            session.disconnect(); // nothing half-open is left behind a failed connection
            throw e;
        }
        return session;
    }
}
