package fr.facteur.relay;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import javax.sql.DataSource;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import fr.facteur.archive.Archive;
import fr.facteur.messaging.Queues;
import fr.facteur.observability.GatewayMetrics;
import fr.facteur.returns.TrackingFixtures;
import fr.facteur.tenant.TenantDirectory;
import fr.facteur.tracking.DeliveryRepository;
import fr.facteur.tracking.ReturnFileRepository;
import fr.facteur.tracking.StatusEventRepository;

/** The relay wires up, and its route consumes facteur.relay transacted, with no Camel retry of its own. */
class RelayWiringTest {

    @TempDir
    Path dir;

    @Test
    void theRelayRouteConsumesTheRelayQueueTransacted() throws Exception {
        DataSource dataSource = new DriverManagerDataSource("jdbc:postgresql://localhost:1/none");
        JdbcTemplate jdbc = new JdbcTemplate(dataSource);
        DefaultCamelContext camel = new DefaultCamelContext();
        new ApplicationContextRunner()
                .withUserConfiguration(RelayConfiguration.class)
                .withBean(TenantDirectory.class, InMemoryTenants::new)
                .withBean(DeliveryRepository.class, () -> new DeliveryRepository(jdbc))
                .withBean(ReturnFileRepository.class, () -> new ReturnFileRepository(jdbc))
                .withBean(StatusEventRepository.class, () -> new StatusEventRepository(jdbc))
                .withBean(org.apache.camel.CamelContext.class, () -> camel)
                .withBean(Archive.class, () -> TrackingFixtures.archive(dir))
                .withBean(ObjectMapper.class, ObjectMapper::new)
                .withBean(GatewayMetrics.class, () -> new GatewayMetrics(new SimpleMeterRegistry()))
                .withBean(JdbcTemplate.class, () -> jdbc)
                .withBean(org.springframework.transaction.PlatformTransactionManager.class,
                        () -> new org.springframework.jdbc.datasource.DataSourceTransactionManager(dataSource))
                .run(context -> {
                    assertThat(context).hasSingleBean(RelayService.class).hasSingleBean(RelayDispatcher.class)
                            .hasSingleBean(RelayOutbox.class);
                    camel.addRoutes(context.getBean(RouteBuilder.class));
                    assertThat(camel.getRouteDefinition(RelayRoute.ROUTE_ID).getInput().getEndpointUri())
                            .isEqualTo(Queues.consumer(Queues.RELAY, 2));
                });
    }
}
