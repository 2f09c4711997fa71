package fr.facteur.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import com.jcraft.jsch.ChannelSftp;
import com.jcraft.jsch.JSch;
import com.jcraft.jsch.JSchException;
import com.jcraft.jsch.Session;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The SFTP server and the keys it generates work with JSch, the client Camel's sftp: component uses. */
class SftpServerHostTest {

    @TempDir
    Path dir;
    SftpServerHost server;

    @BeforeEach
    void start() {
        server = SftpServerHost.start("127.0.0.1", 0, dir.resolve("host_key"));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void clientKeyLoginWithHostKeyCheckingWritesIntoTheUsersHome() throws Exception {
        Path key = dir.resolve("client/id_ecdsa");
        server.addUser("acme", dir.resolve("homes/acme"), null, SftpServerHost.writeClientKey(key, "acme").getPublic());
        server.writeKnownHosts(dir.resolve("client/known_hosts"));

        Session session = session("acme", key, dir.resolve("client/known_hosts"));
        ChannelSftp sftp = (ChannelSftp) session.openChannel("sftp");
        sftp.connect();
        sftp.put(new ByteArrayInputStream("hello".getBytes(StandardCharsets.UTF_8)), "/hello.txt");
        sftp.disconnect();
        session.disconnect();

        assertThat(dir.resolve("homes/acme/hello.txt")).hasContent("hello");
        assertThat(SftpServerHost.readPublicKey(key).getAlgorithm()).isEqualTo("EC");
    }

    @Test
    void aPersonCanLogInWithThePasswordOfTheDemoAccount() throws Exception {
        server.addUser("acme", dir.resolve("homes/acme"), "acme-demo", null);
        server.writeKnownHosts(dir.resolve("client/known_hosts"));
        JSch jsch = new JSch();
        jsch.setKnownHosts(dir.resolve("client/known_hosts").toString());
        Session session = jsch.getSession("acme", "localhost", server.port());
        session.setPassword("acme-demo");
        session.setConfig("StrictHostKeyChecking", "yes");
        session.setConfig("PreferredAuthentications", "password");
        session.connect(10_000);
        assertThat(session.isConnected()).isTrue();
        session.disconnect();

        Session wrong = jsch.getSession("acme", "localhost", server.port());
        wrong.setPassword("guess");
        wrong.setConfig("StrictHostKeyChecking", "yes");
        wrong.setConfig("PreferredAuthentications", "password");
        assertThatThrownBy(() -> wrong.connect(10_000)).isInstanceOf(JSchException.class).hasMessageContaining("Auth fail");
    }

    @Test
    void anUnknownHostKeyIsRefused() throws Exception {
        Path key = dir.resolve("client/id_ecdsa");
        server.addUser("acme", dir.resolve("homes/acme"), null, SftpServerHost.writeClientKey(key, "acme").getPublic());
        try (SftpServerHost impostor = SftpServerHost.start("127.0.0.1", 0, dir.resolve("impostor_key"))) {
            // known_hosts trusts the impostor's key on the real server's port: the real server must be refused
            Files.writeString(dir.resolve("client/known_hosts"),
                    impostor.knownHostsLines().replace(":" + impostor.port() + " ", ":" + server.port() + " "));
        }
        assertThatThrownBy(() -> session("acme", key, dir.resolve("client/known_hosts")))
                .isInstanceOf(JSchException.class)
                .hasMessageContaining("HostKey");
    }

    @Test
    void aWrongKeyCannotLogIn() throws Exception {
        server.addUser("acme", dir.resolve("homes/acme"), null,
                SftpServerHost.writeClientKey(dir.resolve("client/id_ecdsa"), "acme").getPublic());
        Path intruder = dir.resolve("intruder/id_ecdsa");
        SftpServerHost.writeClientKey(intruder, "intruder");
        server.writeKnownHosts(dir.resolve("client/known_hosts"));
        assertThatThrownBy(() -> session("acme", intruder, dir.resolve("client/known_hosts")))
                .isInstanceOf(JSchException.class)
                .hasMessageContaining("Auth fail");
    }

    private Session session(String user, Path key, Path knownHosts) throws JSchException {
        JSch jsch = new JSch();
        jsch.addIdentity(key.toString());
        jsch.setKnownHosts(knownHosts.toString());
        Session session = jsch.getSession(user, "localhost", server.port());
        session.setConfig("StrictHostKeyChecking", "yes");
        session.connect(10_000);
        return session;
    }
}
