package fr.facteur.directory;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import fr.facteur.invoice.InvoiceFacts;
import fr.facteur.invoice.RuleViolation;

/**
 * The gateway rule of chorus-pro.md §4 (after OCA's {@code _chorus_check_validity}): an invoice whose recipient,
 * service code or engagement number the directory refuses would be rejected by Chorus Pro days later, so it is
 * rejected at intake instead and never leaves the gateway.
 *
 * <p>Until one import succeeded the directory is empty and the rule is skipped (logged once), so that a fresh
 * installation works before its first directory file.
 */
@Component
public class DirectoryRules {

    public static final String RECIPIENT_UNKNOWN = "DIR-RECIPIENT-UNKNOWN";
    public static final String RECIPIENT_INACTIVE = "DIR-RECIPIENT-INACTIVE";
    public static final String SERVICE_REQUIRED = "DIR-SERVICE-REQUIRED";
    public static final String SERVICE_UNKNOWN = "DIR-SERVICE-UNKNOWN";
    public static final String ENGAGEMENT_REQUIRED = "DIR-ENGAGEMENT-REQUIRED";
    public static final String SERVICE_OR_ENGAGEMENT = "DIR-SERVICE-OR-ENGAGEMENT";
    public static final String SERVICE_ENGAGEMENT_REQUIRED = "DIR-SERVICE-ENGAGEMENT-REQUIRED";

    /** A catch-all code suppliers put in BT-10; OCA treats it as no service. */
    static final String PSEUDO_SERVICE = "FACTURES_PUBLIQUES";

    static final String BT10 = "BT-10 (BuyerReference)";
    static final String BT13 = "BT-13 (OrderReference/ID)";
    static final String RECIPIENT = "Buyer SIRET (BT-46)";

    private static final Logger log = LoggerFactory.getLogger(DirectoryRules.class);

    private final DirectoryRepository directory;
    private final AtomicBoolean emptyLogged = new AtomicBoolean();

    public DirectoryRules(DirectoryRepository directory) {
        this.directory = directory;
    }

    /** Every violation of the five steps (empty when the invoice may go, or when there is no directory yet). */
    public List<RuleViolation> check(InvoiceFacts facts) {
        if (!directory.hasDirectory()) {
            if (emptyLogged.compareAndSet(false, true)) {
                log.warn("The directory is empty (never imported): recipients, services and engagements are not "
                        + "checked until a directory file is imported");
            }
            return List.of();
        }
        String siret = facts.buyerSiret();
        // 1. the recipient exists and is active
        Optional<DirectoryStructure> found = directory.structure(siret);
        if (found.isEmpty()) {
            return List.of(new RuleViolation(RECIPIENT_UNKNOWN, RECIPIENT,
                    "Le destinataire " + siret + " n'est pas dans l'annuaire des structures publiques",
                    "Recipient " + siret + " is not in the public-structures directory"));
        }
        DirectoryStructure structure = found.get();
        if (!structure.active()) {
            return List.of(new RuleViolation(RECIPIENT_INACTIVE, RECIPIENT,
                    "Le destinataire " + siret + " (" + structure.name() + ") n'est plus actif dans l'annuaire",
                    "Recipient " + siret + " (" + structure.name() + ") is no longer active in the directory"));
        }
        String service = blankToNull(facts.serviceCode());
        if (PSEUDO_SERVICE.equalsIgnoreCase(service)) {
            service = null;
        }
        String engagement = blankToNull(facts.engagementNumber());
        List<RuleViolation> violations = new ArrayList<>();
        // 2. a required service code, and any given code, must be an active service of that SIRET
        DirectoryService chosen = null;
        if (service == null) {
            if (structure.serviceRequired()) {
                violations.add(new RuleViolation(SERVICE_REQUIRED, BT10,
                        "Le destinataire " + siret + " exige un code service (" + BT10 + ")",
                        "Recipient " + siret + " requires a service code (" + BT10 + ")"));
            }
        } else {
            String code = service;
            chosen = directory.services(siret).stream().filter(s -> s.code().equals(code) && s.active())
                    .findFirst().orElse(null);
            if (chosen == null) {
                violations.add(new RuleViolation(SERVICE_UNKNOWN, BT10,
                        "Le service " + code + " n'est pas un service actif du destinataire " + siret + " (" + BT10 + ")",
                        "Service " + code + " is not an active service of recipient " + siret + " (" + BT10 + ")"));
            }
        }
        // 3. a required engagement number
        if (engagement == null && structure.engagementRequired()) {
            violations.add(new RuleViolation(ENGAGEMENT_REQUIRED, BT13,
                    "Le destinataire " + siret + " exige un numéro d'engagement juridique (" + BT13 + ")",
                    "Recipient " + siret + " requires an engagement number (" + BT13 + ")"));
        }
        // 4. service or engagement: at least one
        if (service == null && engagement == null && structure.serviceOrEngagement()) {
            violations.add(new RuleViolation(SERVICE_OR_ENGAGEMENT, BT10 + " / " + BT13,
                    "Le destinataire " + siret + " exige un code service (" + BT10 + ") ou un numéro d'engagement ("
                            + BT13 + ")",
                    "Recipient " + siret + " requires a service code (" + BT10 + ") or an engagement number ("
                            + BT13 + ")"));
        }
        // 5. the chosen service requires an engagement number; not repeated when step 3 already said so
        if (chosen != null && chosen.engagementRequired() && engagement == null && !structure.engagementRequired()) {
            violations.add(new RuleViolation(SERVICE_ENGAGEMENT_REQUIRED, BT13,
                    "Le service " + chosen.code() + " du destinataire " + siret
                            + " exige un numéro d'engagement juridique (" + BT13 + ")",
                    "Service " + chosen.code() + " of recipient " + siret + " requires an engagement number ("
                            + BT13 + ")"));
        }
        return List.copyOf(violations);
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
