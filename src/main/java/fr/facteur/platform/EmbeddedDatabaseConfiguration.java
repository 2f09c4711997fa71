package fr.facteur.platform;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.flyway.FlywayDataSource;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;

/**
 * The embedded default: a real PostgreSQL under {@code <data-dir>/postgres}. Off with
 * {@code facteur.database.embedded=false}, when spring.datasource.* points at the production server.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "facteur.database.embedded", havingValue = "true", matchIfMissing = true)
class EmbeddedDatabaseConfiguration {

    @Bean(destroyMethod = "close")
    EmbeddedPostgresServer embeddedPostgresServer(FacteurProperties properties) {
        return EmbeddedPostgresServer.start(properties.dataDir().resolve("postgres"), properties.database().port());
    }

    @Bean
    @Primary
    @FlywayDataSource
    DataSource dataSource(EmbeddedPostgresServer server) {
        HikariDataSource ds = new HikariDataSource();
        ds.setJdbcUrl(server.jdbcUrl());
        ds.setUsername(server.user());
        ds.setMaximumPoolSize(20);
        ds.setPoolName("facteur-embedded");
        return ds;
    }
}
