package fr.facteur.simulator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Chorus Pro's SFTP deposit folder, as the simulator sees it on disk. A flow is complete when the flow file and its
 * detached signature {@code <name>.p7s} are both there under their final names: uploads in progress use a
 * temporary name ({@code .xxx}, {@code *.part}, {@code *.tmp}) and are left alone. A flow whose signature has not
 * come after signature-wait is rejected for a missing signature.
 *
 * <p>Processed files are moved to the processed folder rather than deleted: an operator (or a test) can look at
 * exactly what was deposited and check the signature with openssl, and the drop box stays small. Idempotence does
 * not depend on them: flow names are recorded in sim_flow.
 */
final class DropBox {

    private static final Logger log = LoggerFactory.getLogger(DropBox.class);
    static final String SIGNATURE_SUFFIX = ".p7s";
    static final String CHANNEL = "SFTP";

    private final SimulatorProperties.Folders folders;
    private final Duration signatureWait;
    private final DetachedSignatureVerifier signatures;
    private final FlowIntake intake;
    private final IntegrationReports reports;
    private final SimulatorStore store;
    private final SupplierActionInbox actions;

    DropBox(SimulatorProperties.Folders folders, Duration signatureWait, DetachedSignatureVerifier signatures,
            FlowIntake intake, IntegrationReports reports, SimulatorStore store, SupplierActionInbox actions) {
        this.actions = actions;
        this.folders = folders;
        this.signatureWait = signatureWait;
        this.signatures = signatures;
        this.intake = intake;
        this.reports = reports;
        this.store = store;
    }

    /**
     * Takes every complete flow in the drop box: checks, records, reports and moves it.
     *
     * @return the integration reports written, in the order the flows were taken (by name)
     */
    List<Path> scan(Instant now) {
        List<Path> reportsWritten = new ArrayList<>();
        for (Path flow : candidates()) {
            try {
                take(flow, now).ifPresent(reportsWritten::add);
            } catch (RuntimeException e) {
                // one bad file must not block the others; it stays and is tried again at the next scan
                log.warn("Simulator: cannot process deposited flow {}: {}", flow.getFileName(), e.toString(), e);
            }
        }
        for (Path action : actionFiles()) {
            try {
                actions.take(action, now);
                moveToProcessed(action, null, now);
            } catch (RuntimeException e) {
                log.warn("Simulator: cannot process action file {}: {}", action.getFileName(), e.toString(), e);
            }
        }
        return reportsWritten;
    }

    /** Supplier actions ({@code *.action.json}, see {@link SupplierActionInbox}), by name. */
    private List<Path> actionFiles() {
        if (!Files.isDirectory(folders.drop())) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(folders.drop())) {
            return files.filter(Files::isRegularFile)
                    .filter(f -> SupplierActionInbox.isActionName(f.getFileName().toString())).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the simulator's drop box " + folders.drop(), e);
        }
    }

    private Optional<Path> take(Path flow, Instant now) {
        String name = flow.getFileName().toString();
        Path signature = flow.resolveSibling(name + SIGNATURE_SUFFIX);
        boolean signed = Files.isRegularFile(signature);
        if (!signed && lastModified(flow).plus(signatureWait).isAfter(now)) {
            return Optional.empty(); // its signature may still be on its way
        }

        Optional<SimulatorStore.StoredFlow> known = store.findFlow(name);
        Path report;
        if (known.isPresent() && known.get().reportFile() == null) {
            // recorded, but the report was not written (crash): finish the job, do not treat it as a second deposit
            report = reports.publish(known.get());
        } else if (known.isPresent() && !Files.exists(folders.processed().resolve(name))
                && sameBytes(known.get(), flow)) {
            // recorded and reported, but the simulator stopped before moving it out of the drop box: this is the
            // deposit already reported, not a second one (a real Chorus Pro does not stop with the gateway; the
            // simulator runs inside it and is killed with it in the crash suite)
            moveToProcessed(flow, signed ? signature : null, now);
            log.info("Simulator: flow {} was already taken and reported before a stop; moved out of the drop box",
                    name);
            return Optional.empty();
        } else if (known.isPresent()) {
            // 93 "flux déjà reçu" only for the same flow again (same name, same bytes: a redelivery); another content
            // under a used name is a different mistake and says so
            boolean sameFlow = known.get().contentSha256() == null
                    || known.get().contentSha256().equals(FlowIntake.sha256(flow));
            report = reports.publishAlreadyReceived(name, known.get(), now, sameFlow);
        } else {
            List<FlowError> channelErrors = signed
                    ? signatures.check(name, flow, signature, now).map(List::of).orElse(List.of())
                    : List.of(FlowError.ofFlow(FlowErrorCode.SIGNATURE_ABSENTE, "Flux " + name
                            + " : signature détachée absente (fichier " + name + SIGNATURE_SUFFIX + " attendu)",
                            "aucune signature reçue " + signatureWait.toSeconds() + " s après le flux"));
            SimulatorStore.StoredFlow recorded = intake.receive(
                    new FlowIntake.Deposit(name, flow, CHANNEL, now, channelErrors));
            report = reports.publish(recorded);
        }
        moveToProcessed(flow, signed ? signature : null, now);
        log.info("Simulator: flow {} taken, report {}", name, report.getFileName());
        return Optional.of(report);
    }

    /**
     * Takes a flow that came by another channel than the drop box (AS2), already kept at {@code content} and already
     * authenticated by that channel (S/MIME signature): same intake, same reports, same duplicate handling.
     *
     * @return the integration report written
     */
    Path receive(String name, Path content, String channel, Instant now) {
        Optional<SimulatorStore.StoredFlow> known = store.findFlow(name);
        Path report;
        if (known.isPresent() && known.get().reportFile() == null) {
            report = reports.publish(known.get());
        } else if (known.isPresent()) {
            boolean sameFlow = known.get().contentSha256() == null
                    || known.get().contentSha256().equals(FlowIntake.sha256(content));
            report = reports.publishAlreadyReceived(name, known.get(), now, sameFlow);
        } else {
            report = reports.publish(intake.receive(new FlowIntake.Deposit(name, content, channel, now, List.of())));
        }
        log.info("Simulator: flow {} received by {}, report {}", name, channel, report.getFileName());
        return report;
    }

    /** Flow files in the drop box, by name; signatures and uploads in progress are not flows. */
    private List<Path> candidates() {
        if (!Files.isDirectory(folders.drop())) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(folders.drop())) {
            return files.filter(Files::isRegularFile).filter(f -> isFlowName(f.getFileName().toString())).sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the simulator's drop box " + folders.drop(), e);
        }
    }

    private static boolean sameBytes(SimulatorStore.StoredFlow known, Path flow) {
        return known.contentSha256() != null && known.contentSha256().equals(FlowIntake.sha256(flow));
    }

    static boolean isFlowName(String name) {
        return !name.startsWith(".") && !name.endsWith(".part") && !name.endsWith(".tmp")
                && !name.endsWith(SIGNATURE_SUFFIX) && !name.endsWith(SupplierActionInbox.SUFFIX);
    }

    private void moveToProcessed(Path flow, Path signatureOrNull, Instant now) {
        try {
            Files.createDirectories(folders.processed());
            String name = flow.getFileName().toString();
            Path target = folders.processed().resolve(name);
            if (Files.exists(target) || Files.exists(target.resolveSibling(name + SIGNATURE_SUFFIX))) {
                // a second deposit under the same name: keep both, the later one suffixed with its reception time
                target = folders.processed().resolve(name + "." + now.toEpochMilli());
            }
            if (signatureOrNull != null) {
                Files.move(signatureOrNull, target.resolveSibling(target.getFileName() + SIGNATURE_SUFFIX),
                        StandardCopyOption.REPLACE_EXISTING);
            }
            Files.move(flow, target, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot move " + flow + " out of the drop box", e);
        }
    }

    private static Instant lastModified(Path file) {
        try {
            return Files.getLastModifiedTime(file).toInstant();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
