package fr.facteur.platform;

import java.nio.file.Path;

/** Builds Camel sftp: endpoint URIs, always with host-key checking against a known_hosts file. */
public final class SftpEndpoints {

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
                .append("&knownHostsFile=").append(knownHosts.toAbsolutePath());
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
