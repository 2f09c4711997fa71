package fr.facteur.action;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * A supplier action as asked, through the API (body) or an action file (same fields plus {@code action} and
 * {@code invoiceNumber}).
 *
 * @param action           complete | recycle (action files only)
 * @param invoiceNumber    the invoice's number (action files only; the API names the invoice by its id)
 * @param comment          complete: the supplier's comment
 * @param attachments      complete: pieces, each a name (≤ 50 characters, extension from Chorus Pro's list) and its
 *                         content in base64 (each under 10 MB)
 * @param recipientSiret   recycle: the new recipient SIRET (unchanged when absent)
 * @param serviceCode      recycle: the new service code (unchanged when absent)
 * @param engagementNumber recycle: the new engagement number (unchanged when absent)
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record SupplierAction(String action, String invoiceNumber, String comment, List<Attachment> attachments,
        String recipientSiret, String serviceCode, String engagementNumber) {

    public SupplierAction {
        attachments = attachments == null ? List.of() : List.copyOf(attachments);
    }

    /** An attachment of a completion. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Attachment(String name, String contentBase64) {
    }

    /** What the gateway does with it. */
    public enum Kind {
        COMPLETE("SUSPENDUE", "COMPLETER"),
        RECYCLE("A_RECYCLER", "RECYCLER");

        private final String requiredStatus;
        private final String chorusProAction;

        Kind(String requiredStatus, String chorusProAction) {
            this.requiredStatus = requiredStatus;
            this.chorusProAction = chorusProAction;
        }

        /** The invoice status the action applies to. */
        public String requiredStatus() {
            return requiredStatus;
        }

        /** The action's name in the file deposited with Chorus Pro (PISTE: CompleterFacture, RecyclerFacture). */
        public String chorusProAction() {
            return chorusProAction;
        }
    }
}
