package fr.facteur.demo;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyPairResourceWriter;
import org.apache.sshd.common.file.virtualfs.VirtualFileSystemFactory;
import org.apache.sshd.common.session.Session;
import org.apache.sshd.common.session.SessionListener;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.keyprovider.SimpleGeneratorHostKeyProvider;
import org.apache.sshd.server.session.ServerSession;
import org.apache.sshd.sftp.server.DirectoryHandle;
import org.apache.sshd.sftp.server.Handle;
import org.apache.sshd.sftp.server.SftpEventListener;
import org.apache.sshd.sftp.server.SftpSubsystemFactory;

/**
 * A real SFTP server (Apache MINA SSHD) with one chrooted home per user, password and/or public-key login.
 * Hosts the demo suppliers' folders and the simulator's drop box, and serves as the SFTP peer in tests.
 */
public final class SftpServerHost implements AutoCloseable {

    private final SshServer server;
    private final VirtualFileSystemFactory homes = new VirtualFileSystemFactory();
    private final Map<String, String> passwords = new ConcurrentHashMap<>();
    private final Map<String, PublicKey> keys = new ConcurrentHashMap<>();
    private final Map<String, Runnable> listingHooks = new ConcurrentHashMap<>();
    /** SSH sessions opened since start, per user (counted at authentication) */
    private final Map<String, AtomicInteger> sessionsOpened = new ConcurrentHashMap<>();
    private SftpSubsystemFactory subsystem;

    private SftpServerHost(SshServer server) {
        this.server = server;
    }

    /**
     * @param bindHost    127.0.0.1 for the demo; the server is for local use
     * @param port        0 for any free port (tests)
     * @param hostKeyFile kept across restarts so that known_hosts files stay valid; generated (EC P-256) if absent
     */
    public static SftpServerHost start(String bindHost, int port, Path hostKeyFile) {
        try {
            Files.createDirectories(hostKeyFile.toAbsolutePath().getParent());
            SshServer sshd = SshServer.setUpDefaultServer();
            sshd.setHost(bindHost);
            sshd.setPort(port);
            SimpleGeneratorHostKeyProvider hostKeys = new SimpleGeneratorHostKeyProvider(hostKeyFile);
            hostKeys.setAlgorithm(KeyUtils.EC_ALGORITHM);
            hostKeys.setKeySize(256);
            sshd.setKeyPairProvider(hostKeys);
            SftpServerHost host = new SftpServerHost(sshd);
            sshd.setPasswordAuthenticator((user, password, session) -> password.equals(host.passwords.get(user)));
            sshd.setPublickeyAuthenticator((user, key, session) -> KeyUtils.compareKeys(key, host.keys.get(user)));
            SftpSubsystemFactory sftp = new SftpSubsystemFactory();
            sftp.addSftpEventListener(new SftpEventListener() {
                @Override
                public void open(ServerSession session, String remoteHandle, Handle localHandle) {
                    Runnable hook = host.listingHooks.get(session.getUsername());
                    if (hook != null && localHandle instanceof DirectoryHandle) {
                        hook.run();
                    }
                }
            });
            host.subsystem = sftp;
            sshd.addSessionListener(new SessionListener() {
                @Override
                public void sessionEvent(Session session, Event event) {
                    if (event == Event.Authenticated && session.getUsername() != null) {
                        host.sessionsOpened.computeIfAbsent(session.getUsername(),
                                u -> new AtomicInteger()).incrementAndGet();
                    }
                }
            });
            sshd.setSubsystemFactories(List.of(sftp));
            sshd.setFileSystemFactory(host.homes);
            sshd.start();
            return host;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the SFTP server on port " + port, e);
        }
    }

    /**
     * Adds (or replaces) a user whose SFTP root is {@code home}.
     *
     * @param password      null for key-only login
     * @param authorizedKey null for password-only login
     */
    public void addUser(String user, Path home, String password, PublicKey authorizedKey) {
        try {
            Files.createDirectories(home);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        homes.setUserHomeDir(user, home.toAbsolutePath());
        if (password != null) {
            passwords.put(user, password);
        }
        if (authorizedKey != null) {
            keys.put(user, authorizedKey);
        }
    }

    /**
     * Runs {@code hook} each time {@code user} opens a directory, before the directory's entries are sent: lets a
     * test change a folder exactly between two looks of a poller (null removes the hook).
     */
    public void onListing(String user, Runnable hook) {
        if (hook == null) {
            listingHooks.remove(user);
        } else {
            listingHooks.put(user, hook);
        }
    }

    /**
     * Adds a listener of every SFTP operation on this server (e.g. a rename completing an upload): lets a test count
     * what really reached a folder, outside the process that wrote it (the crash suite counts deposits this way).
     */
    public void addEventListener(SftpEventListener listener) {
        subsystem.addSftpEventListener(listener);
    }

    /** SSH sessions {@code user} opened (and authenticated) since the server started: lets a test count connections. */
    public int sessionsOpened(String user) {
        AtomicInteger count = sessionsOpened.get(user);
        return count == null ? 0 : count.get();
    }

    /** SSH sessions of {@code user} open now. */
    public long sessionsOpen(String user) {
        return server.getActiveSessions().stream()
                .filter(session -> user.equals(session.getUsername()) && session.isOpen()).count();
    }

    public int port() {
        return server.getPort();
    }

    public PublicKey hostKey() {
        try {
            return server.getKeyPairProvider().loadKeys(null).iterator().next().getPublic();
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** known_hosts lines for localhost and 127.0.0.1 on this port, in OpenSSH (and JSch) format. */
    public String knownHostsLines() {
        String key = PublicKeyEntry.toString(hostKey());
        String suffix = port() == 22 ? "" : ":" + port();
        String localhost = port() == 22 ? "localhost" : "[localhost]" + suffix;
        String loopback = port() == 22 ? "127.0.0.1" : "[127.0.0.1]" + suffix;
        return localhost + " " + key + "\n" + loopback + " " + key + "\n";
    }

    /** Writes a known_hosts file trusting this server. */
    public void writeKnownHosts(Path file) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.writeString(file, knownHostsLines());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Generates an EC P-256 client key pair and writes its private key in OpenSSH format (readable by JSch and
     * OpenSSH), owner-only; returns the pair so its public key can be authorised.
     */
    public static KeyPair writeClientKey(Path privateKeyFile, String comment) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            KeyPair pair = generator.generateKeyPair();
            Files.createDirectories(privateKeyFile.toAbsolutePath().getParent());
            try (OutputStream out = Files.newOutputStream(privateKeyFile)) {
                OpenSSHKeyPairResourceWriter.INSTANCE.writePrivateKey(pair, comment, null, out);
            }
            privateKeyFile.toFile().setReadable(false, false);
            privateKeyFile.toFile().setReadable(true, true);
            Files.writeString(privateKeyFile.resolveSibling(privateKeyFile.getFileName() + ".pub"),
                    PublicKeyEntry.toString(pair.getPublic()) + " " + comment + "\n");
            return pair;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot write a client key to " + privateKeyFile, e);
        }
    }

    /** Reads back the public key of a key written by {@link #writeClientKey}. */
    public static PublicKey readPublicKey(Path privateKeyFile) {
        try {
            String line = Files.readString(privateKeyFile.resolveSibling(privateKeyFile.getFileName() + ".pub")).trim();
            return PublicKeyEntry.parsePublicKeyEntry(line).resolvePublicKey(null, Map.of(), null);
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot read the public key beside " + privateKeyFile, e);
        }
    }

    @Override
    public void close() {
        try {
            server.stop(true);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
