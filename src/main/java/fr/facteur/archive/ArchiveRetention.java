package fr.facteur.archive;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Purges archived days older than {@code facteur.archive.retention}, once a day. The chain stays verifiable: before
 * a day goes, its last link is written to the anchor the verification starts from (see {@link ArchiveChain#purgeBefore}).
 */
@Component
public class ArchiveRetention {

    private static final Logger LOG = LoggerFactory.getLogger(ArchiveRetention.class);

    private final Archive archive;
    private final ArchiveProperties properties;

    public ArchiveRetention(Archive archive, ArchiveProperties properties) {
        this.archive = archive;
        this.properties = properties;
    }

    @Scheduled(cron = "${facteur.archive.purge-cron:0 30 3 * * *}", zone = "UTC")
    void scheduled() {
        try {
            purge(LocalDate.now(ZoneOffset.UTC));
        } catch (IllegalStateException refused) {
            // nothing deleted; the operator must look at the archive check before old days can go
            LOG.error("{}", refused.getMessage());
        }
    }

    /** Purges every day strictly before {@code today - retention}; returns the purged days. */
    public List<String> purge(LocalDate today) {
        LocalDate cutoff = today.minus(properties.retention());
        List<String> purged = archive.chain().purgeBefore(cutoff);
        if (!purged.isEmpty()) {
            LOG.info("archive retention {}: purged {} day(s) before {}: {}", properties.retention(), purged.size(),
                    cutoff, purged);
        }
        return purged;
    }
}
