package fr.facteur.observability;

import java.time.Clock;
import java.time.Duration;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.stereotype.Component;

import fr.facteur.platform.FacteurProperties;

/**
 * Health {@code chorusPro}: can the gateway open its Chorus Pro SFTP account (facteur.chorus-pro.sftp) and list the
 * deposit folder? DOWN means flows wait in facteur.transmit (nothing is lost, the broker retries). Checked at most
 * every 30 s.
 */
@Component
public class ChorusProHealthIndicator implements HealthIndicator {

    static final Duration CACHE = Duration.ofSeconds(30);
    static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final CachedCheck<SftpProbe.Result> check;

    @Autowired
    public ChorusProHealthIndicator(FacteurProperties properties) {
        this(properties, new SftpProbe(TIMEOUT), Clock.systemUTC());
    }

    ChorusProHealthIndicator(FacteurProperties properties, SftpProbe probe, Clock clock) {
        FacteurProperties.Sftp sftp = properties.chorusPro().sftp();
        SftpProbe.Target target = new SftpProbe.Target(sftp.user(), sftp.host(), sftp.port(), sftp.privateKey(),
                sftp.password(), sftp.knownHosts(), sftp.depositDir());
        this.check = new CachedCheck<>(() -> probe.probe(target), CACHE, clock);
    }

    @Override
    public Health health() {
        SftpProbe.Result result = check.get();
        Health.Builder health = result.up() ? Health.up() : Health.down().withDetail("reason", result.reason());
        return health.withDetail("sftp", result.target()).withDetail("checkedAt", check.checkedAt().toString()).build();
    }
}
