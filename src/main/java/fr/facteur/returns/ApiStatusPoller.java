package fr.facteur.returns;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import fr.facteur.piste.PisteClient;
import fr.facteur.piste.PisteException;
import fr.facteur.piste.PisteStatuses;
import fr.facteur.tracking.ApiDepositRepository;
import fr.facteur.tracking.FlowRecord;
import fr.facteur.tracking.FlowRepository;

/**
 * Learns the statuses of flows deposited over the Chorus Pro API by asking for them, since no return file comes:
 * ConsulterCR until the flow's integration report is settled, then RechercherFactureParFournisseur and
 * ConsulterHistoriqueFacture for its invoices until each is in a final status (Rejetée, Mise en paiement).
 * What comes back goes through {@link ReturnFileProcessor#recordApiStatuses}, the same pipeline as CPPStatut files,
 * with the raw JSON kept as the return file.
 *
 * <p>Safe with several gateway instances: each round claims due flows with a lease ({@code for update skip locked}),
 * so a flow is polled by one instance at a time; a crashed instance's lease just expires. An answer identical to the
 * last one recorded is not recorded again (its statuses would be the same events anyway).
 */
public class ApiStatusPoller {

    private static final Logger log = LoggerFactory.getLogger(ApiStatusPoller.class);
    static final Duration LEASE = Duration.ofMinutes(5);

    private final PisteClient client;
    private final ApiDepositRepository deposits;
    private final FlowRepository flows;
    private final ReturnFileProcessor processor;
    private final ObjectMapper json;
    private final Duration interval;
    private final int batch;
    private final Clock clock;

    public ApiStatusPoller(PisteClient client, ApiDepositRepository deposits, FlowRepository flows,
            ReturnFileProcessor processor, ObjectMapper json, Duration interval, int batch, Clock clock) {
        this.client = client;
        this.deposits = deposits;
        this.flows = flows;
        this.processor = processor;
        this.json = json;
        this.interval = interval;
        this.batch = batch;
        this.clock = clock;
    }

    /** One round: every due flow this instance could claim. */
    public int poll() {
        List<ApiDepositRepository.Claimed> claimed = deposits.claimDue(batch, LEASE);
        for (ApiDepositRepository.Claimed flow : claimed) {
            try {
                pollOne(flow);
            } catch (PisteException e) {
                // Chorus Pro unavailable or refusing: ask again later, the statuses will still be there
                log.warn("Chorus Pro API: cannot poll flow {} ({}): {}", flow.numeroFluxDepot(), e.kind(),
                        e.getMessage());
                deposits.polled(flow.flowId(), null, null, false, clock.instant().plus(interval.multipliedBy(2)));
            } catch (RuntimeException e) {
                // left leased: tried again when the lease ends
                log.error("Chorus Pro API: polling flow {} failed: {}", flow.numeroFluxDepot(), e.toString(), e);
            }
        }
        return claimed.size();
    }

    private void pollOne(ApiDepositRepository.Claimed claimed) {
        FlowRecord flow = flows.find(claimed.flowId()).orElseThrow();
        String numero = claimed.numeroFluxDepot();
        Instant next = clock.instant().plus(interval);
        String reportCode = claimed.reportCode();
        if (reportCode == null) {
            PisteClient.Answer cr = client.consulterCR(numero);
            PisteStatuses.FlowReport report = PisteStatuses.flowReport(cr.json(),
                    OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC));
            if (report.code().isEmpty()) {
                deposits.polled(flow.id(), null, null, false, next);
                return;
            }
            reportCode = report.code().get();
            processor.recordApiStatuses("ConsulterCR_" + numero + ".json", cr.raw(),
                    ReturnFileProcessor.API_FLOW_STATUS, List.of(flowLine(flow, numero, report)));
            if ("93".equals(reportCode)) {
                deposits.polled(flow.id(), reportCode, null, true, next);
                return;
            }
        }
        InvoiceRound round = invoices(flow, numero);
        String sha = sha256(round.raw());
        if (!sha.equals(claimed.lastAnswerSha256()) && !round.lines().isEmpty()) {
            processor.recordApiStatuses("ConsulterHistoriqueFacture_" + numero + "_" + (claimed.polls() + 1)
                    + ".json", round.raw(), ReturnFileProcessor.API_INVOICE_STATUS, round.lines());
        }
        deposits.polled(flow.id(), reportCode, sha, round.allFinal(), next);
    }

    private record InvoiceRound(byte[] raw, List<ReturnLine> lines, boolean allFinal) {
    }

    private InvoiceRound invoices(FlowRecord flow, String numero) {
        PisteClient.Answer found = client.rechercherFactureParFournisseur(numero);
        ObjectNode kept = json.createObjectNode();
        kept.put("numeroFluxDepot", numero);
        kept.set("rechercherFactureParFournisseur", found.json());
        ArrayNode histories = kept.putArray("consulterHistoriqueFacture");
        List<ApiDepositRepository.FlowInvoice> ours = deposits.invoicesOf(flow.id());
        Map<String, ApiDepositRepository.FlowInvoice> byNumber = ours.stream()
                .collect(Collectors.toMap(ApiDepositRepository.FlowInvoice::number, Function.identity(), (a, b) -> b));
        List<ReturnLine> lines = new ArrayList<>();
        List<PisteStatuses.FoundInvoice> invoices = PisteStatuses.foundInvoices(found.json());
        boolean allFinal = !invoices.isEmpty();
        for (PisteStatuses.FoundInvoice invoice : invoices) {
            PisteClient.Answer history = client.consulterHistoriqueFacture(invoice.idFacture());
            histories.add(history.json());
            ApiDepositRepository.FlowInvoice our = byNumber.get(invoice.numeroFacture());
            // an invoice Chorus Pro names that we do not know is still recorded, as an unmatched line
            String supplier = our != null ? our.sellerSiret() : ours.isEmpty() ? null : ours.get(0).sellerSiret();
            for (PisteStatuses.Passage passage : PisteStatuses.passages(history.json())) {
                String code = passage.code().orElse(passage.apiStatus());
                lines.add(new ReturnLine.InvoiceStatus(lines.size() + 1, "1", supplier,
                        our == null ? null : our.buyerSiret(), code, passage.comment(),
                        passage.at() == null ? null : passage.at().toString(), passage.at(), invoice.numeroFacture(),
                        null));
            }
            if (!PisteStatuses.isFinal(PisteStatuses.currentStatus(history.json()))) {
                allFinal = false;
            }
        }
        try {
            return new InvoiceRound(json.writeValueAsBytes(kept), lines, allFinal);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ReturnLine.FlowStatus flowLine(FlowRecord flow, String numero, PisteStatuses.FlowReport report) {
        List<ReturnLine.ErrorLine> errors = new ArrayList<>();
        int n = 0;
        for (PisteStatuses.ReportError e : report.errors()) {
            errors.add(new ReturnLine.ErrorLine(String.valueOf(++n), e.invoiceNumber() == null ? "TECHNIQUE" : "DP",
                    e.code(), e.label(), e.invoiceNumber()));
        }
        return new ReturnLine.FlowStatus(1, report.code().orElseThrow(), numero, report.etat(),
                report.at().toString(), report.at(), "CPP", flow.name(), errors);
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
