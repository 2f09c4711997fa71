package fr.facteur.relay;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import fr.facteur.archive.Archive;
import fr.facteur.archive.Archived;
import fr.facteur.as2.outbound.TenantAs2Returns;
import fr.facteur.observability.GatewayMetrics;
import fr.facteur.tenant.Tenant;
import fr.facteur.tenant.TenantDirectory;
import fr.facteur.tracking.DeliveryRepository;
import fr.facteur.tracking.ReturnFileRepository;
import fr.facteur.tracking.ReturnFileRepository.ReturnFileRecord;
import fr.facteur.tracking.StatusEventRepository;
import fr.facteur.tracking.StatusEventRepository.RelayableEvent;

/**
 * Delivers one {@link RelayMessage} to its supplier under the tenant's rules (tenant file, {@code returns}):
 * <ul>
 * <li>ACK, REJECTION, DUPLICATE: {@code <supplier file>.ack.json}, {@code .rejected.json},
 * {@code .duplicate.json}, with the report the intake wrote;</li>
 * <li>RETURN: the tenant's events of one return file, and only this tenant's (checked again against the
 * database), minus those its {@code events} list leaves out, in its {@code format} (see {@link ReturnRenderer});
 * when nothing is left, nothing is sent but the delivery is recorded (file name "-") so it is not tried again.</li>
 * </ul>
 * Channels: {@code sftp} (the tenant's return folder), {@code as2} (to inbound.as2.url, see TenantAs2Returns) or {@code none} (recorded as channel NONE, not sent).
 *
 * <p>Exactly once: a message whose delivery key is recorded is skipped. Over SFTP the file is staged under a
 * temporary name, recorded, and only renamed once that record is committed ({@link #publishStaged}); a crash
 * before the commit stages it again, invisibly, and a crash after it finishes the rename, so the supplier sees each
 * file once. A webhook resent after a crash carries the same Idempotency-Key, an AS2 return the same Message-ID.
 * Failures are thrown to the {@link RelayDispatcher}, which backs off and retries, so nothing is dropped silently.
 */
public class RelayService {

    private static final Logger log = LoggerFactory.getLogger(RelayService.class);
    /** delivery.file_name when nothing was left to deliver. */
    static final String NOTHING_DELIVERED = "-";
    /** A tenant file without a returns block: everything recorded, nothing sent. */
    private static final Tenant.Returns NO_RETURNS = new Tenant.Returns("none", null, "cppstatut", Set.of());

    private final TenantDirectory tenants;
    private final DeliveryRepository deliveries;
    private final ReturnFileRepository returnFiles;
    private final StatusEventRepository events;
    private final ReturnRenderer renderer;
    private final SupplierSftp sftp;
    private final WebhookSender webhook;
    private final Archive archive;
    private final GatewayMetrics metrics;
    /** returns.channel: as2; null when outbound AS2 is not wired (unit tests). */
    private final TenantAs2Returns as2;

    public RelayService(TenantDirectory tenants, DeliveryRepository deliveries, ReturnFileRepository returnFiles,
            StatusEventRepository events, ReturnRenderer renderer, SupplierSftp sftp, WebhookSender webhook,
            Archive archive, GatewayMetrics metrics) {
        this(tenants, deliveries, returnFiles, events, renderer, sftp, webhook, archive, metrics, null);
    }

    /** @param as2 sends return flows to tenants whose returns.channel is as2; null when outbound AS2 is not wired */
    public RelayService(TenantDirectory tenants, DeliveryRepository deliveries, ReturnFileRepository returnFiles,
            StatusEventRepository events, ReturnRenderer renderer, SupplierSftp sftp, WebhookSender webhook,
            Archive archive, GatewayMetrics metrics, TenantAs2Returns as2) {
        this.as2 = as2;
        this.tenants = tenants;
        this.deliveries = deliveries;
        this.returnFiles = returnFiles;
        this.events = events;
        this.renderer = renderer;
        this.sftp = sftp;
        this.webhook = webhook;
        this.archive = archive;
        this.metrics = metrics;
    }

    public void deliver(RelayMessage message) {
        Tenant tenant = installed(message.tenantId(), message.key());
        if (deliveries.exists(message.key())) {
            log.info("{}: {} already delivered, skipped", tenant.id(), message.key());
            return;
        }
        Tenant.Returns rules = tenant.returns() != null ? tenant.returns() : NO_RETURNS;
        String channel = rules.channel() == null ? "none" : rules.channel().toLowerCase(Locale.ROOT);
        Optional<ReturnRenderer.Rendered> rendered = switch (message.kind()) {
            case ACK, REJECTION, DUPLICATE -> Optional.of(answer(tenant, message));
            case RETURN -> returnEvents(tenant, rules, message);
        };
        if (rendered.isEmpty()) {
            deliveries.record(message.key(), tenant.id(), message.kind().name(), channel.toUpperCase(Locale.ROOT),
                    NOTHING_DELIVERED, null, message.documentId(), message.returnFileId());
            log.info("{}: nothing of return file #{} is for this tenant after its events filter", tenant.id(),
                    message.returnFileId());
            return;
        }
        ReturnRenderer.Rendered file = rendered.get();
        Archived kept = archive.store(file.content());
        String staged = send(tenant, channel, message.key(), file);
        deliveries.record(message.key(), tenant.id(), message.kind().name(), channel.toUpperCase(Locale.ROOT),
                file.fileName(), kept.relativePath(), message.documentId(), message.returnFileId(), staged);
        metrics.relayDelivered(tenant.id(), message.kind().name());
        log.info("{}: {} delivered as {} ({})", tenant.id(), message.key(), file.fileName(), channel);
    }

    /**
     * Delivers the return events of several messages as one digest document, under {@code key} (one per tenant
     * and period, so a digest resent after a crash carries the same idempotency key and file name).
     */
    public void deliverDigest(String tenantId, List<RelayMessage> messages, String key, String baseName) {
        Tenant tenant = installed(tenantId, key);
        if (deliveries.exists(key)) {
            log.info("{}: digest {} already delivered, skipped", tenant.id(), key);
            return;
        }
        Tenant.Returns rules = tenant.returns() != null ? tenant.returns() : NO_RETURNS;
        String channel = rules.channel() == null ? "none" : rules.channel().toLowerCase(Locale.ROOT);
        List<ReturnRenderer.DigestPart> parts = new java.util.ArrayList<>();
        List<ReturnFileRecord> files = new java.util.ArrayList<>();
        for (RelayMessage message : messages) {
            if (message.kind() != RelayMessage.Kind.RETURN) {
                throw new IllegalArgumentException(message.key() + " is not a return: it has no place in a digest");
            }
            ReturnFileRecord file = returnFile(message);
            files.add(file);
            parts.add(new ReturnRenderer.DigestPart(archive.resolve(file.archivePath()),
                    wantedEvents(tenant, rules, message, file), fromApi(file), tenant.name()));
        }
        Optional<ReturnRenderer.Rendered> rendered = renderer.renderDigest(rules.format(), tenant.siret(),
                safeFileName(baseName), parts);
        if (rendered.isEmpty()) {
            deliveries.record(key, tenant.id(), "DIGEST", channel.toUpperCase(Locale.ROOT), NOTHING_DELIVERED, null,
                    null, null);
            log.info("{}: nothing of digest {} is left after the events filter", tenant.id(), key);
            return;
        }
        ReturnRenderer.Rendered file = rendered.get();
        Archived kept = archive.store(file.content());
        String staged = send(tenant, channel, key, file);
        deliveries.record(key, tenant.id(), "DIGEST", channel.toUpperCase(Locale.ROOT), file.fileName(),
                kept.relativePath(), null, null, staged);
        metrics.relayDelivered(tenant.id(), "DIGEST");
        log.info("{}: digest {} of {} return files delivered as {} ({})", tenant.id(), key, messages.size(),
                file.fileName(), channel);
    }

    /**
     * Hands a rendered document to the tenant's channel; throws when it could not be handed over.
     *
     * @return SFTP: the temporary name the file waits under until {@link #publishStaged} renames it; null for the
     *         other channels, whose delivery is complete when this returns
     */
    private String send(Tenant tenant, String channel, String key, ReturnRenderer.Rendered file) {
        switch (channel) {
            case "sftp" -> {
                return sftp.stage(tenant, file.fileName(), file.content());
            }
            case "webhook" -> webhook.post(tenant, key, file.fileName(), file.content());
            case "none" -> log.info("{}: returns.channel is none, {} recorded but not sent", tenant.id(), file.fileName());
            case "as2" -> {
                if (as2 == null) {
                    throw new IllegalStateException(tenant.id() + ": returns.channel as2 but outbound AS2 is not wired");
                }
                as2.send(tenant, key, file.fileName(), file.content());
            }
            default -> throw new IllegalStateException(tenant.id() + ": unknown returns.channel " + channel);
        }
        return null;
    }

    /**
     * Renames the tenant's staged SFTP deliveries to their own names, oldest first, each one recorded as published
     * as soon as it is (the caller commits). A delivery is staged and recorded in one transaction and published in
     * the next, so a crash at any point neither loses the file nor shows it twice: killed before the rename, the
     * file is published after the restart; killed after it, the staged file is gone and nothing is renamed again.
     *
     * @return how many were waiting
     */
    public int publishStaged(String tenantId) {
        List<DeliveryRepository.ToPublish> waiting = deliveries.toPublish(tenantId);
        if (waiting.isEmpty()) {
            return 0;
        }
        Tenant tenant = installed(tenantId, "its staged deliveries");
        for (DeliveryRepository.ToPublish delivery : waiting) {
            boolean renamed = sftp.publish(tenant, delivery.stagedName(), delivery.fileName());
            deliveries.published(delivery.id());
            if (!renamed) {
                log.info("{}: {} was already published as {} (renamed before a restart)", tenantId,
                        delivery.deliveryKey(), delivery.fileName());
            }
        }
        return waiting.size();
    }

    private Tenant installed(String tenantId, String key) {
        return tenants.find(tenantId).orElseThrow(() -> new TenantNotInstalledException(tenantId, key));
    }

    private ReturnRenderer.Rendered answer(Tenant tenant, RelayMessage message) {
        if (message.content() == null || message.fileName() == null) {
            throw new IllegalArgumentException(message.kind() + " " + message.key() + " carries no report or file name");
        }
        if (message.documentId() != null) {
            String owner = deliveries.documentTenant(message.documentId()).orElse(tenant.id());
            if (!owner.equals(tenant.id())) {
                throw new IllegalStateException("refusing to deliver " + message.key() + " to " + tenant.id()
                        + ": document " + message.documentId() + " belongs to " + owner);
            }
        }
        String suffix = switch (message.kind()) {
            case ACK -> ".ack.json";
            case REJECTION -> ".rejected.json";
            case DUPLICATE -> ".duplicate.json";
            case RETURN -> throw new IllegalArgumentException("not an answer");
        };
        return new ReturnRenderer.Rendered(safeFileName(message.fileName()) + suffix,
                message.content().getBytes(StandardCharsets.UTF_8));
    }

    private Optional<ReturnRenderer.Rendered> returnEvents(Tenant tenant, Tenant.Returns rules, RelayMessage message) {
        if (message.returnFileId() == null) {
            throw new IllegalArgumentException("RETURN " + message.key() + " names no return file");
        }
        ReturnFileRecord file = returnFile(message);
        List<RelayableEvent> wanted = wantedEvents(tenant, rules, message, file);
        if (fromApi(file)) {
            // no CPPStatut file to cut down: a cppstatut subscriber gets one written from its events
            return renderer.renderFromApi(rules.format(), tenant.siret(), tenant.name(), safeFileName(file.name()),
                    wanted);
        }
        return renderer.render(rules.format(), tenant.siret(), safeFileName(file.name()),
                archive.resolve(file.archivePath()), wanted);
    }

    /** Statuses learnt over the Chorus Pro API: the archived "return file" is the JSON answer. */
    private static boolean fromApi(ReturnFileRecord file) {
        return file.kind() != null && file.kind().startsWith("API_");
    }

    private ReturnFileRecord returnFile(RelayMessage message) {
        if (message.returnFileId() == null) {
            throw new IllegalArgumentException("RETURN " + message.key() + " names no return file");
        }
        return returnFiles.find(message.returnFileId()).orElseThrow(() ->
                new IllegalStateException("return file #" + message.returnFileId() + " of " + message.key()
                        + " is not recorded"));
    }

    /** The message's events that are this tenant's (checked again in the database) and that it subscribed to. */
    private List<RelayableEvent> wantedEvents(Tenant tenant, Tenant.Returns rules, RelayMessage message,
            ReturnFileRecord file) {
        List<Long> ids = message.eventIds() == null ? List.of() : message.eventIds();
        List<RelayableEvent> own = events.eventsToRelay(tenant.id(), file.id(), ids);
        if (own.size() != ids.size()) {
            log.warn("{}: {} of the {} events of {} are not this tenant's events of return file #{}: not relayed",
                    tenant.id(), ids.size() - own.size(), ids.size(), message.key(), file.id());
        }
        return own.stream().filter(e -> rules.relays(e.status())).toList();
    }

    /** File names are data, never paths: the last segment, anything outside [A-Za-z0-9._-] replaced. */
    static String safeFileName(String name) {
        String base = name.replace('\\', '/');
        base = base.substring(base.lastIndexOf('/') + 1);
        String safe = base.replaceAll("[^A-Za-z0-9._-]", "_").replaceAll("^\\.+", "_");
        if (safe.isEmpty()) {
            return "unnamed";
        }
        return safe.length() > 200 ? safe.substring(0, 200) : safe;
    }
}
