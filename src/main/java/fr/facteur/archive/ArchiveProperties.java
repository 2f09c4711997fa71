package fr.facteur.archive;

import java.time.Period;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code facteur.archive.*}.
 *
 * @param retention how long an archived day is kept (10y: the Code de commerce's ten years, beyond the tax six);
 *                  days older than this are purged, the chain staying verifiable
 * @param purgeCron when the purge runs (daily at 03:30 by default); "-" disables it
 */
@ConfigurationProperties("facteur.archive")
public record ArchiveProperties(@DefaultValue("10y") Period retention,
        @DefaultValue("0 30 3 * * *") String purgeCron) {

    public ArchiveProperties {
        if (retention.isNegative() || retention.isZero()) {
            // a zero retention would purge today's files, still being written and not yet transmitted
            throw new IllegalArgumentException("facteur.archive.retention must be positive, got " + retention);
        }
    }
}
