package fr.facteur.observability;

import java.time.Clock;
import java.time.Duration;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.stereotype.Component;

import fr.facteur.platform.FacteurProperties;

/**
 * Health {@code chorusPro}: the state of transmission ({@link ChorusProConnection}: UP, DEGRADED, DOWN, since,
 * last error, backlog) and, over SFTP, can the gateway open its Chorus Pro SFTP account (facteur.chorus-pro.sftp) and list the
 * deposit folder? DOWN means flows wait in facteur.transmit (nothing is lost, the broker retries). Checked at most
 * every 30 s.
 */
@Component
public class ChorusProHealthIndicator implements HealthIndicator {

    static final Duration CACHE = Duration.ofSeconds(30);
    static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final CachedCheck<SftpProbe.Result> check;
    private final ChorusProConnection connection;
    private final boolean sftpChannel;

    @Autowired
    public ChorusProHealthIndicator(FacteurProperties properties, ChorusProConnection connection) {
        this(properties, new SftpProbe(TIMEOUT), Clock.systemUTC(), connection);
    }

    ChorusProHealthIndicator(FacteurProperties properties, SftpProbe probe, Clock clock) {
        this(properties, probe, clock, new ChorusProConnection(clock));
    }

    ChorusProHealthIndicator(FacteurProperties properties, SftpProbe probe, Clock clock,
            ChorusProConnection connection) {
        this.connection = connection;
        // over the API there is no SFTP account to probe: the connection state of the calls is the health
        this.sftpChannel = "sftp".equals(properties.chorusPro().channel());
        FacteurProperties.Sftp sftp = properties.chorusPro().sftp();
        SftpProbe.Target target = new SftpProbe.Target(sftp.user(), sftp.host(), sftp.port(), sftp.privateKey(),
                sftp.password(), sftp.knownHosts(), sftp.depositDir());
        this.check = new CachedCheck<>(() -> probe.probe(target), CACHE, clock);
    }

    @Override
    public Health health() {
        if (!sftpChannel) {
            Health.Builder health = connection.state() == ChorusProConnection.State.DOWN ? Health.down() : Health.up();
            return health.withDetail("connection", connection.view()).build();
        }
        SftpProbe.Result result = check.get();
        if (result.up() && connection.state() == ChorusProConnection.State.DOWN) {
            return Health.down().withDetail("reason", "deposits fail").withDetail("sftp", result.target())
                    .withDetail("connection", connection.view()).build();
        }
        Health.Builder health = result.up() ? Health.up() : Health.down().withDetail("reason", result.reason());
        return health.withDetail("sftp", result.target()).withDetail("checkedAt", check.checkedAt().toString())
                .withDetail("connection", connection.view()).build();
    }
}
