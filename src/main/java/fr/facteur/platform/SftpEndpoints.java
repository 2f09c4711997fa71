package fr.facteur.platform;

import java.nio.file.Path;

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
}
