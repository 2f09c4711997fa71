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
        PisteClient.Answer answer = client.deposerFlux(flow.name(), archive.resolve(flow.archivePath()), syntaxe,
                false);
        String numero = answer.json().path("numeroFluxDepot").asText("");
        if (numero.isBlank() || numero.length() > 40) {
            throw PisteException.unavailable(200, null, "DeposerFluxFacture answered without a usable numeroFluxDepot",
                    null);
        }
        deposits.recordDeposit(flow.id(), numero);
        log.info("{}: flow {} deposited over the API as {}", flow.tenantId(), flow.name(), numero);
    }
}
