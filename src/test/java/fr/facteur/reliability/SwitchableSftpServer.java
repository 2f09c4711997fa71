package fr.facteur.reliability;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.CopyOption;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.file.virtualfs.VirtualFileSystemFactory;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.keyprovider.SimpleGeneratorHostKeyProvider;
import org.apache.sshd.server.session.ServerSession;
import org.apache.sshd.sftp.server.SftpEventListener;
import org.apache.sshd.sftp.server.SftpSubsystemFactory;

/**
 * A real SFTP server (MINA SSHD) that a test can take away and bring back on the same port with the same host key:
 * while stopped, nothing listens on the port (connections are refused), as when a partner's server is down. It
 * records every upload completed on it (the rename of a temporary file to its final name, which is how the gateway
 * finishes each upload) in the order they happened, so a test sees what reached the partner, in which order and how
 * many times.
 */
final class SwitchableSftpServer implements AutoCloseable {

    /**
     * An upload completed: the final name a file got, the folder it is in (its last path element), by whom, when.
     * A poller moving a file it took to a done/ folder is a rename too: tell them apart by folder.
     */
    record Upload(String user, String folder, String name, long atMillis) {
    }

    private final Path hostKeyFile;
    private final Map<String, Path> homes = new ConcurrentHashMap<>();
    private final Map<String, PublicKey> keys = new ConcurrentHashMap<>();
    private final List<Upload> uploads = new ArrayList<>();
    private volatile int port;
    private SshServer server;

    private SwitchableSftpServer(Path hostKeyFile) {
        this.hostKeyFile = hostKeyFile;
    }

    /** Starts on a free port of 127.0.0.1; later restarts reuse that port. */
    static SwitchableSftpServer start(Path hostKeyFile) {
        SwitchableSftpServer server = new SwitchableSftpServer(hostKeyFile);
        server.up();
        return server;
    }

    void addUser(String user, Path home, PublicKey key) {
        try {
            Files.createDirectories(home);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        homes.put(user, home.toAbsolutePath());
        keys.put(user, key);
        synchronized (this) {
            if (server != null) {
                ((VirtualFileSystemFactory) server.getFileSystemFactory()).setUserHomeDir(user, home.toAbsolutePath());
            }
        }
    }

    /** Takes the server away: open sessions are closed, the port no longer listens. */
    synchronized void down() {
        if (server == null) {
            return;
        }
        try {
            server.stop(true);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server = null;
    }

    /** Brings it back (or starts it), on the same port, with the same host key and accounts. */
    synchronized void up() {
        if (server != null) {
            return;
        }
        try {
            Files.createDirectories(hostKeyFile.toAbsolutePath().getParent());
            SshServer sshd = SshServer.setUpDefaultServer();
            sshd.setHost("127.0.0.1");
            sshd.setPort(port);
            SimpleGeneratorHostKeyProvider hostKeys = new SimpleGeneratorHostKeyProvider(hostKeyFile);
            hostKeys.setAlgorithm(KeyUtils.EC_ALGORITHM);
            hostKeys.setKeySize(256);
            sshd.setKeyPairProvider(hostKeys);
            sshd.setPublickeyAuthenticator((user, key, session) -> KeyUtils.compareKeys(key, keys.get(user)));
            VirtualFileSystemFactory files = new VirtualFileSystemFactory();
            homes.forEach(files::setUserHomeDir);
            sshd.setFileSystemFactory(files);
            SftpSubsystemFactory sftp = new SftpSubsystemFactory();
            sftp.addSftpEventListener(new SftpEventListener() {
                @Override
                public void moved(ServerSession session, Path srcPath, Path dstPath, Collection<CopyOption> opts,
                        Throwable thrown) {
                    String name = dstPath.getFileName().toString();
                    if (thrown == null && !name.startsWith(".")) {
                        synchronized (uploads) {
                            Path parent = dstPath.getParent();
                            String folder = parent == null || parent.getFileName() == null ? ""
                                    : parent.getFileName().toString();
                            uploads.add(new Upload(session.getUsername(), folder, name, System.currentTimeMillis()));
                        }
                    }
                }
            });
            sshd.setSubsystemFactories(List.of(sftp));
            sshd.start();
            port = sshd.getPort();
            server = sshd;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the SFTP server on port " + port, e);
        }
    }

    int port() {
        return port;
    }

    /** The uploads completed so far, in order. */
    List<Upload> uploads() {
        synchronized (uploads) {
            return List.copyOf(uploads);
        }
    }

    /** Writes a known_hosts file trusting this server as localhost and 127.0.0.1 on its port. */
    void writeKnownHosts(Path file) {
        try {
            String key = PublicKeyEntry.toString(
                    new SimpleGeneratorHostKeyProvider(hostKeyFile).loadKeys(null).iterator().next().getPublic());
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.writeString(file, "[localhost]:" + port + " " + key + "\n[127.0.0.1]:" + port + " " + key + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        down();
    }
}
