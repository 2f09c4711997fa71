package fr.facteur.demo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import fr.facteur.platform.FacteurProperties;
import fr.facteur.tenant.TenantPrerequisite;

/**
 * Starts the demo SFTP server (port 2222) with one account per demo supplier (homes under
 * &lt;data&gt;/demo-sftp/&lt;user&gt;) and one for Chorus Pro's drop box, and generates what the gateway needs to
 * log in: a key per account and a known_hosts file trusting the server. Nothing here is used in production.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "facteur.demo.enabled", havingValue = "true")
class DemoEnvironment {

    private static final Logger log = LoggerFactory.getLogger(DemoEnvironment.class);

    /** The demo suppliers' keys and known_hosts exist before the tenant registry first reads the tenant files. */
    @Bean
    TenantPrerequisite demoAccountsReady(SftpServerHost demoSftpServer) {
        return new TenantPrerequisite() {
        };
    }

    @Bean(destroyMethod = "close")
    SftpServerHost demoSftpServer(DemoProperties demo, FacteurProperties properties) {
        Path base = properties.configDir().toAbsolutePath().getParent();
        SftpServerHost server = SftpServerHost.start(demo.bindHost(), demo.sftpPort(),
                properties.certsDir().resolve("demo-sftp").resolve("host_key"));
        for (DemoProperties.User user : demo.users()) {
            Path home = properties.dataDir().resolve("demo-sftp").resolve(user.name()).toAbsolutePath();
            PublicKey key = null;
            if (user.privateKey() != null) {
                Path keyFile = base.resolve(user.privateKey());
                if (!Files.exists(keyFile)) {
                    SftpServerHost.writeClientKey(keyFile, "facteur-demo-" + user.name());
                }
                key = SftpServerHost.readPublicKey(keyFile);
            }
            if (user.knownHosts() != null) {
                server.writeKnownHosts(base.resolve(user.knownHosts()));
            }
            server.addUser(user.name(), home, user.password(), key);
            for (String folder : user.folders()) {
                try {
                    Files.createDirectories(home.resolve(folder));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
        log.info("Demo SFTP server on {}:{} with accounts {}", demo.bindHost(), server.port(),
                demo.users().stream().map(DemoProperties.User::name).toList());
        return server;
    }
}
