package fr.facteur.returns;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;

import javax.sql.DataSource;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.transaction.PlatformTransactionManager;

import fr.facteur.archive.Archive;
import fr.facteur.observability.GatewayMetrics;
import fr.facteur.platform.FacteurProperties;
import fr.facteur.relay.RelayPublisher;
import fr.facteur.tracking.ReturnFileRepository;
import fr.facteur.tracking.StatusEventRepository;

/** The returns beans wire up, and the polling route exists only when returns are on and Chorus Pro is over SFTP. */
class ReturnsWiringTest {

    @TempDir
    Path dir;

    private ApplicationContextRunner runner() {
        DataSource dataSource = new DriverManagerDataSource("jdbc:postgresql://localhost:1/none");
        FacteurProperties properties = new FacteurProperties(dir, dir, dir, null, new FacteurProperties.ChorusPro("sftp",
                new FacteurProperties.Sftp("localhost", 22, "chorus-pro", null, null, dir.resolve("known_hosts"),
                        "/depot", "/retours", Duration.ofSeconds(5))), null);
        return new ApplicationContextRunner()
                .withUserConfiguration(ReturnsConfiguration.class, ReturnsRoute.class, ReturnsController.class)
                .withBean(DataSource.class, () -> dataSource)
                .withBean(PlatformTransactionManager.class, () -> new DataSourceTransactionManager(dataSource))
                .withBean(ReturnFileRepository.class, () -> new ReturnFileRepository(new JdbcTemplate(dataSource)))
                .withBean(StatusEventRepository.class, () -> new StatusEventRepository(new JdbcTemplate(dataSource)))
                .withBean(Archive.class, () -> TrackingFixtures.archive(dir))
                .withBean(GatewayMetrics.class, () -> new GatewayMetrics(new SimpleMeterRegistry()))
                .withBean(RelayPublisher.class, CapturingRelayPublisher::new)
                .withBean(ObjectMapper.class, ObjectMapper::new)
                .withBean(FacteurProperties.class, () -> properties);
    }

    @Test
    void byDefaultTheReturnFolderIsPolled() {
        runner().run(context -> {
            assertThat(context).hasSingleBean(ReturnFileProcessor.class).hasSingleBean(ReturnsController.class);
            assertThat(context).hasSingleBean(ReturnsRoute.class);
            assertThat(context.getBean(ReturnsRoute.class).endpointUri())
                    .startsWith("sftp://chorus-pro@localhost:22/retours?strictHostKeyChecking=yes")
                    .contains("delay=5000", "readLock=none", "filter=#chorusProReturnsStableFilter", "idempotentEager=true", "move=${header.FacteurMoveTo}/");
        });
    }

    @Test
    void returnsCanBeSwitchedOff() {
        runner().withPropertyValues("facteur.returns.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean(ReturnsRoute.class));
    }

    @Test
    void noSftpPollingWhenChorusProIsReachedAnotherWay() {
        runner().withPropertyValues("facteur.chorus-pro.channel=api")
                .run(context -> assertThat(context).doesNotHaveBean(ReturnsRoute.class));
    }
}
