package fr.facteur.observability;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import com.jcraft.jsch.ChannelSftp;
import com.jcraft.jsch.JSch;
import com.jcraft.jsch.JSchException;
import com.jcraft.jsch.Session;
import com.jcraft.jsch.SftpException;

/**
 * Checks that an SFTP account is usable the way the gateway uses it: connect with the host key checked against the
 * account's known_hosts (never accepted blindly), log in, list the folder the gateway reads or writes.
 *
 * <p>JSch is the SSH library Camel's sftp component already uses, so a probe that passes means the routes can connect
 * with the same settings.
 */
public final class SftpProbe {

    /** Where an SFTP account is, and how the gateway logs in; secrets are never part of a result. */
    public record Target(String user, String host, int port, Path privateKey, String password, Path knownHosts,
            String folder) {

        String describe() {
            return user + "@" + host + ":" + port + folder;
        }
    }

    /** @param reason why it is down, for an operator; null when up */
    public record Result(boolean up, String target, String reason) {
    }

    private final Duration timeout;

    public SftpProbe(Duration timeout) {
        this.timeout = timeout;
    }

    public Result probe(Target target) {
        if (target.knownHosts() == null || !Files.isReadable(target.knownHosts())) {
            return new Result(false, target.describe(), "known_hosts " + target.knownHosts() + " is not readable");
        }
        Session session = null;
        try {
            JSch jsch = new JSch();
            jsch.setKnownHosts(target.knownHosts().toAbsolutePath().toString());
            if (target.privateKey() != null) {
                jsch.addIdentity(target.privateKey().toAbsolutePath().toString());
            }
            session = jsch.getSession(target.user(), target.host(), target.port());
            if (target.password() != null) {
                session.setPassword(target.password());
            }
            session.setConfig("StrictHostKeyChecking", "yes");
            session.setConfig("kex", fr.facteur.platform.SftpEndpoints.KEY_EXCHANGES);
            session.setTimeout((int) timeout.toMillis());
            session.connect((int) timeout.toMillis());
            ChannelSftp sftp = (ChannelSftp) session.openChannel("sftp");
            sftp.connect((int) timeout.toMillis());
            try {
                sftp.ls(target.folder());
            } finally {
                sftp.disconnect();
            }
            return new Result(true, target.describe(), null);
        } catch (JSchException | SftpException | RuntimeException e) {
            // a down partner is an answer, not an error of the health endpoint
            return new Result(false, target.describe(), e.getClass().getSimpleName() + ": " + e.getMessage());
        } finally {
            if (session != null) {
                session.disconnect();
            }
        }
    }
}
