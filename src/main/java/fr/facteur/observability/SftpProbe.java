package fr.facteur.observability;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import com.jcraft.jsch.ChannelSftp;
import com.jcraft.jsch.JSchException;
import com.jcraft.jsch.Session;
import com.jcraft.jsch.SftpException;

import fr.facteur.platform.SftpEndpoints;

/**
 * Checks that an SFTP account is usable the way the gateway uses it: connect with the host key checked against the
 * account's known_hosts (never accepted blindly), log in, list the folder the gateway reads or writes.
 *
 * <p>The session is opened by {@link SftpEndpoints#openSession}, with the policy of Camel's endpoints and of the
 * gateway's own SFTP writers, so a probe that passes means they can connect with the same settings.
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
            session = SftpEndpoints.openSession(target.user(), target.host(), target.port(), target.knownHosts(),
                    target.privateKey(), target.password(), (int) timeout.toMillis(), (int) timeout.toMillis());
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
