package fr.facteur.transmit;

import java.util.Map;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import fr.facteur.archive.Archive;
import fr.facteur.piste.PisteClient;
import fr.facteur.piste.PisteException;
import fr.facteur.tracking.ApiDepositRepository;
import fr.facteur.tracking.FlowRecord;

/**
 * Deposits flows through the Chorus Pro API (DeposerFluxFacture), the flow base64-encoded in {@code fichierFlux}
 * under its usual name, and records the {@code numeroFluxDepot} Chorus Pro gives it: the status poller then asks
 * Chorus Pro about the flow by that number.
 *
 * <p>Idempotent: a flow whose deposit is recorded is not deposited again (a redelivery after a crash between the
 * deposit's bookkeeping and the acknowledgement). The detached signature has no place in DeposerFluxFacture: the
 * flow is sent with {@code avecSignature=false}, and its .p7s stays in the archive.
 */
class ApiChorusProChannel implements ChorusProChannel {

    private static final Logger log = LoggerFactory.getLogger(ApiChorusProChannel.class);

    /** syntaxeFlux of each interface code the gateway produces (chorus-pro.md §2.1). */
    static final Map<String, String> SYNTAXE_FLUX = Map.of(
            "FSO1100A", "IN_DP_E1_UBL_INVOICE",
            "FSO1106A", "IN_DP_E1_CII_16B",
            "FSO1117A", "IN_DP_E2_CII_FACTURX");

    /** codeRetour of a deposit under a name Chorus Pro (the simulator) has already received. */
    static final int ALREADY_RECEIVED = 20010;

    private final PisteClient client;
    private final Archive archive;
    private final ApiDepositRepository deposits;

    ApiChorusProChannel(PisteClient client, Archive archive, ApiDepositRepository deposits) {
        this.client = client;
        this.archive = archive;
        this.deposits = deposits;
    }

    @Override
    public void deposit(FlowRecord flow) {
        Optional<String> known = deposits.numeroOf(flow.id());
        if (known.isPresent()) {
            log.info("{}: flow {} was already deposited as {}, not sent again", flow.tenantId(), flow.name(),
                    known.get());
            return;
        }
        String syntaxe = SYNTAXE_FLUX.get(flow.interfaceCode());
        if (syntaxe == null) {
            throw PisteException.refused(0, "no syntaxeFlux for interface " + flow.interfaceCode());
        }
        String numero;
        try {
            numero = client.deposerFlux(flow.name(), archive.resolve(flow.archivePath()), syntaxe, false).json()
                    .path("numeroFluxDepot").asText("");
        } catch (PisteException e) {
            numero = alreadyReceived(flow, e).orElseThrow(() -> e);
        }
        if (numero.isBlank() || numero.length() > 40) {
            throw PisteException.unavailable(200, null, "DeposerFluxFacture answered without a usable numeroFluxDepot",
                    null);
        }
        deposits.recordDeposit(flow.id(), numero);
        log.info("{}: flow {} deposited over the API as {}", flow.tenantId(), flow.name(), numero);
    }

    /**
     * "Flux déjà reçu" (codeRetour {@value #ALREADY_RECEIVED}) for one of our names means an earlier attempt did
     * reach Chorus Pro but its answer was lost (a time-out after Chorus Pro had taken the flow): flow names are ours
     * and unique, so the flow is deposited, under the number the answer gives.
     */
    private static Optional<String> alreadyReceived(FlowRecord flow, PisteException e) {
        if (e.answer() == null || e.answer().path("codeRetour").asInt() != ALREADY_RECEIVED) {
            return Optional.empty();
        }
        String numero = e.answer().path("numeroFluxDepot").asText("");
        if (numero.isBlank()) {
            return Optional.empty();
        }
        log.warn("{}: flow {} was already received by Chorus Pro as {} (an earlier answer was lost)",
                flow.tenantId(), flow.name(), numero);
        return Optional.of(numero);
    }
}
