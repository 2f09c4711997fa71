package fr.facteur.simulator;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Publishes integration reports (CPPStatut CPPFluxStatuts, 90/93/96) in the returns folder. IdFlux is the deposited
 * flow's name, which is what the gateway correlates on; ComplementStatut is the numeroFluxDepot.
 *
 * <p>A recorded flow's report is rebuilt from the tables, so a report that a crash prevented is published at the
 * next scan, identical to what it would have been.
 */
final class IntegrationReports {

    private final SimulatorStore store;
    private final CppStatutWriter writer;
    private final ReturnsFolder folder;
    private final String producerId;
    private final String partnerCode;

    IntegrationReports(SimulatorStore store, CppStatutWriter writer, ReturnsFolder folder, String producerId,
            String partnerCode) {
        this.store = store;
        this.writer = writer;
        this.folder = folder;
        this.producerId = producerId;
        this.partnerCode = partnerCode;
    }

    /** Writes the report of a recorded flow (once: a report already on disk is kept) and marks it published. */
    Path publish(SimulatorStore.StoredFlow flow) {
        String name = ReturnsFolder.reportName(flow.numeroFluxDepot());
        Path target = folder.dir().resolve(name);
        if (!Files.exists(target)) {
            List<FlowError> errors = store.errors(flow.id());
            CppStatutWriter.FlowStatusUnit unit = new CppStatutWriter.FlowStatusUnit(flow.status(),
                    flow.numeroFluxDepot(), comment(flow, errors), flow.receivedAt(), producerId, flow.fileName(),
                    errors);
            target = folder.write(name, writer.flowStatuses(envelope(flow.receivedAt(), name), List.of(unit)));
        }
        store.markReported(flow.id(), name);
        return target;
    }

    /** Refuses a second deposit under the name of an already recorded flow (which is not recorded again). */
    Path publishAlreadyReceived(String fileName, SimulatorStore.StoredFlow first, Instant now, boolean sameContent) {
        String name = ReturnsFolder.refusalName(now, store.nextReturnFileSequence());
        String when = "reçu le " + CppStatutWriter.timestamp(first.receivedAt()) + " sous le numéro "
                + first.numeroFluxDepot();
        FlowError error = sameContent
                ? FlowError.ofFlow(FlowErrorCode.FLUX_DEJA_RECU, "Flux " + fileName + " : flux déjà reçu", when)
                : FlowError.ofFlow(FlowErrorCode.NOM_FLUX_DEJA_UTILISE, "Flux " + fileName + " : ce nom de flux "
                        + "est déjà celui d'un autre flux, de contenu différent ; déposez-le sous un nouveau nom",
                        "premier flux de ce nom " + when);
        // no ComplementStatut: this deposit has no numeroFluxDepot of its own
        CppStatutWriter.FlowStatusUnit unit = new CppStatutWriter.FlowStatusUnit(IntegrationStatus.ERREUR_RECEPTION,
                null, sameContent ? "Flux rejeté : flux déjà reçu" : "Flux rejeté : nom de flux déjà utilisé", now,
                producerId, fileName, List.of(error));
        return folder.write(name, writer.flowStatuses(envelope(now, name), List.of(unit)));
    }

    private String comment(SimulatorStore.StoredFlow flow, List<FlowError> errors) {
        return switch (flow.status()) {
            case RECU -> "Flux intégré : " + plural(store.countInvoices(flow.id()), "facture intégrée",
                    "factures intégrées");
            case ERREUR_RECEPTION -> "Flux rejeté : " + plural(errors.size(), "erreur", "erreurs");
            case RECU_INTEGRATION_PARTIELLE -> "Intégration partielle : "
                    + plural(store.countInvoices(flow.id()), "facture intégrée", "factures intégrées") + ", "
                    + plural(rejectedInvoices(errors), "facture rejetée", "factures rejetées");
        };
    }

    private static long rejectedInvoices(List<FlowError> errors) {
        return errors.stream().map(FlowError::invoiceNumber).filter(Objects::nonNull).distinct().count();
    }

    private static String plural(long count, String one, String many) {
        return count + " " + (count == 1 ? one : many);
    }

    private CppStatutWriter.Envelope envelope(Instant producedAt, String fileName) {
        return new CppStatutWriter.Envelope(producedAt, ReturnsFolder.fileId(fileName), partnerCode, producerId);
    }
}
