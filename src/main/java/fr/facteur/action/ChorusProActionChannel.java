package fr.facteur.action;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import fr.facteur.piste.PisteClient;
import fr.facteur.piste.PisteException;
import fr.facteur.piste.PisteStatuses;
import fr.facteur.platform.FacteurProperties;
import fr.facteur.tracking.InvoiceQueries.InvoiceSummary;

/**
 * Hands an accepted supplier action to Chorus Pro by the connection the operator configured
 * ({@code facteur.chorus-pro.channel}):
 * <ul>
 * <li>{@code api}: PISTE's own services (chorus-pro.md §5): each attachment uploaded with AjouterFichierDansSysteme,
 * then CompleterFacture with their ids and the comment, or RecyclerFacture with the new recipient, service code and
 * engagement number. The invoice is named by Chorus Pro's {@code identifiantFactureCPP}, found with
 * RechercherFactureParFournisseur on its flow's {@code numeroFluxDepot} (the gateway keeps the flow's number, not
 * Chorus Pro's invoice id).</li>
 * <li>{@code sftp} (and {@code as2}, whose return files also use the SFTP account): an action file in Chorus Pro's
 * SFTP drop box (the simulator's in the demo), beside the flows, under a temporary name renamed when complete; the
 * file mirrors CompleterFacture / RecyclerFacture (README "Supplier actions").</li>
 * </ul>
 */
@Component
class ChorusProActionChannel {

    private final ProducerTemplate producer;
    private final String endpoint;
    private final String partnerCode;
    private final boolean api;
    private final ObjectProvider<PisteClient> piste;
    private final JdbcTemplate jdbc;
    private final ObjectMapper json;

    ChorusProActionChannel(ProducerTemplate producer, FacteurProperties properties, ObjectProvider<PisteClient> piste,
            JdbcTemplate jdbc, ObjectMapper json) {
        this.producer = producer;
        FacteurProperties.Sftp sftp = properties.chorusPro().sftp();
        this.endpoint = sftp.camelUri(sftp.depositDir(), String.join("&", "tempPrefix=.part-", "fileExist=Override",
                "connectTimeout=10000", "timeout=60000"));
        this.partnerCode = properties.operator().partnerCode();
        this.api = "api".equalsIgnoreCase(properties.chorusPro().channel());
        this.piste = piste;
        this.jdbc = jdbc;
        this.json = json;
    }

    /** Chorus Pro said no (the action is recorded REJECTED with its reason). */
    static final class Refused extends RuntimeException {
        Refused(String message) {
            super(message);
        }
    }

    /**
     * Sends the action.
     *
     * @param action the action as deposited (see {@link SupplierActions}): action, supplierSiret, invoiceNumber, and
     *               comment + attachments, or recipientSiret + serviceCode + engagementNumber
     * @return what Chorus Pro got, recorded in supplier_action.chorus_pro_file: the deposited file's name, or
     *         {@code API:<service>:<identifiantFactureCPP>}
     * @throws Refused         Chorus Pro refused it for good
     * @throws RuntimeException Chorus Pro could not be reached
     */
    String send(long actionId, SupplierAction.Kind kind, InvoiceSummary invoice, Map<String, Object> action) {
        if (!api) {
            String name = fileName(actionId);
            try {
                producer.sendBodyAndHeaders(endpoint, json.writeValueAsBytes(action), Map.of(Exchange.FILE_NAME, name));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
            return name;
        }
        PisteClient client = piste.getObject();
        try {
            long id = identifiantFactureCpp(client, invoice);
            if (kind == SupplierAction.Kind.COMPLETE) {
                List<PisteClient.PieceJointe> pieces = new ArrayList<>();
                @SuppressWarnings("unchecked")
                List<Map<String, String>> attachments = (List<Map<String, String>>) action.get("attachments");
                for (Map<String, String> attachment : attachments) {
                    String name = attachment.get("name");
                    String extension = name.substring(name.lastIndexOf('.') + 1).toUpperCase(Locale.ROOT);
                    PisteClient.Answer uploaded = client.ajouterFichier(name, attachment.get("contentBase64"),
                            mimeType(extension), extension);
                    pieces.add(new PisteClient.PieceJointe(uploaded.json().path("pieceJointeId").asLong(), name));
                }
                client.completerFacture(id, (String) action.get("comment"), pieces);
                return "API:" + PisteClient.COMPLETER + ":" + id;
            }
            client.recyclerFacture(id, (String) action.get("recipientSiret"), (String) action.get("serviceCode"),
                    (String) action.get("engagementNumber"));
            return "API:" + PisteClient.RECYCLER + ":" + id;
        } catch (PisteException e) {
            if (e.retryable()) {
                throw e;
            }
            throw new Refused("Chorus Pro refused the " + kind.name().toLowerCase(Locale.ROOT) + ": "
                    + e.getMessage());
        }
    }

    /** Chorus Pro's id of our invoice: the one of that number among its flow's invoices. */
    private long identifiantFactureCpp(PisteClient client, InvoiceSummary invoice) {
        String numero = jdbc.query("select f.numero_flux_depot from flow f join invoice i on i.flow_id = f.id "
                + "where i.id = ?", rs -> rs.next() ? rs.getString(1) : null, invoice.id());
        if (numero == null) {
            throw new Refused("invoice " + invoice.number() + " has no Chorus Pro deposit number: it was not "
                    + "deposited over the API");
        }
        return PisteStatuses.foundInvoices(client.rechercherFactureParFournisseur(numero).json()).stream()
                .filter(f -> invoice.number().equals(f.numeroFacture())).mapToLong(PisteStatuses.FoundInvoice::idFacture)
                .findFirst().orElseThrow(() -> new Refused("Chorus Pro lists no invoice " + invoice.number()
                        + " in flow " + numero));
    }

    private static String mimeType(String extension) {
        return switch (extension) {
            case "PDF" -> "application/pdf";
            case "XML" -> "application/xml";
            case "ZIP" -> "application/zip";
            case "CSV" -> "text/csv";
            case "TXT" -> "text/plain";
            case "PNG" -> "image/png";
            case "JPG", "JPEG" -> "image/jpeg";
            case "TIF", "TIFF" -> "image/tiff";
            default -> "application/octet-stream";
        };
    }

    /** The deposited name of action {@code actionId}. */
    String fileName(long actionId) {
        return "ACTION_" + partnerCode + "_" + String.format("%012d", actionId) + ".action.json";
    }
}
