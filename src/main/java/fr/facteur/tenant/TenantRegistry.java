package fr.facteur.tenant;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.ContextRefreshedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import fr.facteur.platform.FacteurProperties;

/**
 * The tenants of {@code <configDir>/tenants/*.yaml}, kept in step with the files without a restart.
 *
 * <p>Every scan reads each file; a file whose content (SHA-256) is unchanged and was valid is not validated again,
 * while an invalid file is validated on every scan, because what it lacks is often a key or known_hosts file that
 * appears later (the demo generates them at start-up). Rules that span files (a SIRET or an id used twice) are applied
 * over all files in file-name order, so the state is a function of the files alone: the file that sorts later is the
 * invalid one, whatever the order in which they appeared.
 *
 * <p>Changes are published as {@link TenantEvent}s: {@code Installed} when a valid tenant appears or its file changes
 * in a way that changes the tenant (install or replace), {@code Removed} when an installed tenant's file is deleted or
 * becomes invalid. The tenants found at start-up are loaded in the constructor, so that they are known before Camel
 * routes start, and announced once on the first {@link ContextRefreshedEvent}, when the listeners exist. An invalid file
 * never stops the others; it is logged at WARN once per change and reported by {@link #statuses()}.
 *
 * <p>Thread-safe: scans are serialised, reads ({@link #find}, {@link #statuses()} ...) use immutable snapshots.
 */
@Component
public class TenantRegistry implements TenantDirectory {

    private static final Logger log = LoggerFactory.getLogger(TenantRegistry.class);

    private final Path tenantsDir;
    private final TenantFileParser parser;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    private final Object scanLock = new Object();
    /** Guarded by scanLock: the last scan's view of each file, by file name. */
    private Map<String, ScannedFile> files = Map.of();
    /** Guarded by scanLock: whether the start-up tenants were announced, after which every change is published. */
    private boolean announced;
    /** Guarded by scanLock: the last reason the folder could not be listed, to log it once. */
    private String listingProblem;

    private volatile Snapshot snapshot = new Snapshot(List.of(), Map.of(), Map.of());

    /**
     * The Spring bean: {@code <facteur.config-dir>/tenants}, passwords from the process environment.
     *
     * @param prerequisites whatever must exist before the first load (the demo's generated keys); asking for them
     *                      here makes Spring create them first, so demo tenants are valid from the first scan
     */
    @Autowired
    public TenantRegistry(FacteurProperties properties, ApplicationEventPublisher events,
            ObjectProvider<TenantPrerequisite> prerequisites) {
        this(properties.configDir(), System::getenv, events, Clock.systemUTC(), prerequisites.orderedStream().toList());
    }

    public TenantRegistry(FacteurProperties properties, ApplicationEventPublisher events) {
        this(properties.configDir(), System::getenv, events, Clock.systemUTC());
    }

    private TenantRegistry(Path configDir, Function<String, String> environment, ApplicationEventPublisher events,
            Clock clock, List<TenantPrerequisite> readyPrerequisites) {
        this(configDir, environment, events, clock);
    }

    /**
     * @param configDir   the config directory: tenant files are in its tenants/ folder, and relative paths in them
     *                    resolve against its parent (the installation root)
     * @param environment reads an environment variable, for password-env
     * @param events      where {@link TenantEvent}s are published
     */
    public TenantRegistry(Path configDir, Function<String, String> environment, ApplicationEventPublisher events,
            Clock clock) {
        Path config = configDir.toAbsolutePath().normalize();
        Path installationRoot = config.getParent() == null ? config : config.getParent();
        this.tenantsDir = config.resolve("tenants");
        this.parser = new TenantFileParser(installationRoot, environment);
        this.events = events;
        this.clock = clock;
        rescan();
    }

    /**
     * Publishes an {@code Installed} event for every tenant installed so far, once: the tenants loaded in the constructor
     * could not be announced then, because listeners are registered later. Until then, scans only update the state.
     */
    @EventListener(ContextRefreshedEvent.class)
    public void announceInstalledTenants() {
        synchronized (scanLock) {
            if (announced) {
                return; // a child context (e.g. a separate management port) refreshes too
            }
            announced = true;
            snapshot.byId().values().forEach(tenant -> publish(new TenantEvent.Installed(tenant)));
        }
    }

    /** Every {@code facteur.tenants.scan-interval} (milliseconds or a duration such as 2s; default 2 s). */
    @Scheduled(fixedDelayString = "${facteur.tenants.scan-interval:2000}")
    public void scheduledRescan() {
        try {
            rescan();
        } catch (RuntimeException e) {
            // keep the schedule alive: the next scan may succeed
            log.error("Scanning the tenant files in {} failed", tenantsDir, e);
        }
    }

    /**
     * Reads the tenant folder now, updates the registry and publishes the resulting events before returning.
     * Synchronous and thread-safe: concurrent calls run one after the other.
     */
    public void rescan() {
        synchronized (scanLock) {
            List<Path> paths = listTenantFiles();
            if (paths == null) {
                return; // the folder could not be listed: keep what runs rather than remove every tenant
            }
            Instant now = clock.instant();
            Map<String, ScannedFile> previous = files;
            Map<String, ScannedFile> next = new TreeMap<>();
            for (Path path : paths) {
                ScannedFile scanned = scan(path, previous.get(path.getFileName().toString()), now);
                if (scanned != null) {
                    next.put(scanned.fileName(), scanned);
                }
            }
            applyCrossFileRules(next, previous, now);

            Map<String, Tenant> before = snapshot.byId();
            List<TenantStatus> statuses = next.values().stream().map(ScannedFile::status).toList();
            snapshot = Snapshot.of(statuses);
            files = next;
            logChanges(previous, next);
            if (announced) {
                publishChanges(before, snapshot.byId());
            }
        }
    }

    @Override
    public Optional<Tenant> find(String id) {
        return Optional.ofNullable(snapshot.byId().get(id));
    }

    @Override
    public Optional<Tenant> findBySiret(String siret) {
        return Optional.ofNullable(snapshot.bySiret().get(siret));
    }

    /** The installed tenants, by id. */
    @Override
    public Collection<Tenant> installed() {
        return snapshot.byId().values();
    }

    /** Every tenant file, installed or invalid, by file name. */
    public List<TenantStatus> statuses() {
        return snapshot.statuses();
    }

    /**
     * The status of tenant {@code id} (the file name without extension). Should two files share it (acme.yaml and
     * acme.yml), the installed one.
     */
    public Optional<TenantStatus> status(String id) {
        List<TenantStatus> matching = snapshot.statuses().stream().filter(status -> status.id().equals(id)).toList();
        return matching.stream().filter(status -> status.state() == TenantStatus.State.INSTALLED).findFirst()
                .or(() -> matching.stream().findFirst());
    }

    /** The folder's *.yaml / *.yml files; empty when there is no folder; null when it cannot be listed. */
    private List<Path> listTenantFiles() {
        if (!Files.isDirectory(tenantsDir)) {
            reportListingProblem("no tenant folder at " + tenantsDir + ": no tenants");
            return List.of();
        }
        List<Path> paths = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(tenantsDir, TenantRegistry::isTenantFile)) {
            entries.forEach(paths::add);
        } catch (IOException e) {
            reportListingProblem("cannot list " + tenantsDir + " (" + e + "); keeping the tenants as they are");
            return null;
        }
        listingProblem = null;
        return paths;
    }

    private void reportListingProblem(String problem) {
        if (!problem.equals(listingProblem)) {
            log.warn("Tenant files: {}", problem);
            listingProblem = problem;
        }
    }

    /** Editors' hidden files (.acme.yaml.swp, .#acme.yaml) are not tenants. */
    private static boolean isTenantFile(Path path) {
        String name = path.getFileName().toString();
        String lower = name.toLowerCase(Locale.ROOT);
        return !name.startsWith(".") && (lower.endsWith(".yaml") || lower.endsWith(".yml")) && Files.isRegularFile(path);
    }

    /** Reads one file and validates it unless it is the same valid content as last time; null if it just vanished. */
    private ScannedFile scan(Path path, ScannedFile previous, Instant now) {
        String fileName = path.getFileName().toString();
        byte[] content;
        try {
            content = Files.readAllBytes(path);
        } catch (NoSuchFileException e) {
            return null; // deleted between listing and reading: the next scan sees it gone
        } catch (IOException e) {
            ParsedTenantFile unreadable = parser.parse(path); // reports the read failure as the file's problem
            return new ScannedFile(fileName, new byte[0], unreadable, now, null);
        }
        byte[] hash = sha256(content);
        if (previous != null && previous.parsed().isValid() && Arrays.equals(previous.hash(), hash)) {
            return new ScannedFile(fileName, hash, previous.parsed(), previous.checkedAt(), null);
        }
        return new ScannedFile(fileName, hash, parser.parse(fileName, content), now, null);
    }

    /**
     * Ids and SIRETs must be unique across files. Every file claims what it declares, valid or not, in file-name order,
     * so that a file becoming valid never takes a SIRET away from a file that sorts earlier.
     */
    private void applyCrossFileRules(Map<String, ScannedFile> files, Map<String, ScannedFile> previous, Instant now) {
        Map<String, String> fileById = new HashMap<>();
        Map<String, String> idBySiret = new HashMap<>();
        for (Map.Entry<String, ScannedFile> entry : files.entrySet()) {
            ScannedFile file = entry.getValue();
            ParsedTenantFile parsed = file.parsed();
            List<String> errors = new ArrayList<>(parsed.errors());
            String firstWithId = fileById.putIfAbsent(parsed.id(), parsed.file());
            if (firstWithId != null) {
                errors.add(parsed.id() + ": id " + parsed.id() + " is already used by the file " + firstWithId);
            }
            if (parsed.siret() != null && Siret.isValid(parsed.siret())) {
                String firstWithSiret = idBySiret.putIfAbsent(parsed.siret(), parsed.id());
                if (firstWithSiret != null && !firstWithSiret.equals(parsed.id())) {
                    errors.add(parsed.id() + ": siret " + parsed.siret() + " is already used by tenant " + firstWithSiret);
                }
            }
            entry.setValue(file.withStatus(status(file, errors, previous.get(entry.getKey()), now)));
        }
    }

    private static TenantStatus status(ScannedFile file, List<String> errors, ScannedFile previous, Instant now) {
        ParsedTenantFile parsed = file.parsed();
        if (!errors.isEmpty()) {
            return new TenantStatus(parsed.file(), parsed.id(), parsed.name(), parsed.siret(), TenantStatus.State.INVALID,
                    errors, null, null, file.checkedAt());
        }
        Tenant tenant = parsed.tenant();
        TenantStatus before = previous == null ? null : previous.status();
        Instant installedAt = before != null && tenant.equals(before.tenant()) ? before.installedAt() : now;
        return new TenantStatus(parsed.file(), parsed.id(), tenant.name(), tenant.siret(), TenantStatus.State.INSTALLED,
                List.of(), tenant, installedAt, file.checkedAt());
    }

    /** Each invalid file is logged once per change of its problems, not on every scan. */
    private void logChanges(Map<String, ScannedFile> previous, Map<String, ScannedFile> next) {
        for (String fileName : previous.keySet()) {
            if (!next.containsKey(fileName)) {
                log.info("Tenant file {} was removed", fileName);
            }
        }
        for (ScannedFile file : next.values()) {
            TenantStatus now = file.status();
            TenantStatus before = previous.containsKey(file.fileName()) ? previous.get(file.fileName()).status() : null;
            if (now.state() == TenantStatus.State.INVALID) {
                if (before == null || !before.errors().equals(now.errors())) {
                    log.warn("Tenant file {} is invalid, tenant {} is not installed:\n  {}", now.file(), now.id(),
                            String.join("\n  ", now.errors()));
                }
            } else if (before == null || before.tenant() == null) {
                log.info("Tenant {} installed from {}", now.id(), now.file());
            } else if (!before.tenant().equals(now.tenant())) {
                log.info("Tenant {} updated from {}", now.id(), now.file());
            }
        }
    }

    /** Removals first, so that a listener never runs two tenants with the same SIRET, even for a moment. */
    private void publishChanges(Map<String, Tenant> before, Map<String, Tenant> after) {
        before.keySet().stream().filter(id -> !after.containsKey(id))
                .forEach(id -> publish(new TenantEvent.Removed(id)));
        after.values().stream().filter(tenant -> !tenant.equals(before.get(tenant.id())))
                .forEach(tenant -> publish(new TenantEvent.Installed(tenant)));
    }

    /** A failing listener must not keep the other events of the scan from the other listeners and tenants. */
    private void publish(TenantEvent event) {
        try {
            events.publishEvent(event);
        } catch (RuntimeException e) {
            log.error("A listener failed on {}", event, e);
        }
    }

    private static byte[] sha256(byte[] content) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(content);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    /** One file as seen by a scan: its content hash, its own validation, and its status after the cross-file rules. */
    private record ScannedFile(String fileName, byte[] hash, ParsedTenantFile parsed, Instant checkedAt,
            TenantStatus status) {

        ScannedFile withStatus(TenantStatus status) {
            return new ScannedFile(fileName, hash, parsed, checkedAt, status);
        }
    }

    /** What readers see; replaced whole at the end of each scan. */
    private record Snapshot(List<TenantStatus> statuses, Map<String, Tenant> byId, Map<String, Tenant> bySiret) {

        static Snapshot of(List<TenantStatus> statuses) {
            Map<String, Tenant> byId = new TreeMap<>();
            Map<String, Tenant> bySiret = new HashMap<>();
            for (TenantStatus status : statuses) {
                if (status.state() == TenantStatus.State.INSTALLED) {
                    byId.put(status.id(), status.tenant());
                    bySiret.put(status.tenant().siret(), status.tenant());
                }
            }
            return new Snapshot(List.copyOf(statuses), Collections.unmodifiableMap(byId), Map.copyOf(bySiret));
        }
    }
}
