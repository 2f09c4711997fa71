package fr.facteur.simulator;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.springframework.transaction.support.TransactionTemplate;

import fr.facteur.invoice.InvoiceFacts;
import fr.facteur.invoice.RuleViolation;
import fr.facteur.invoice.Understanding;

/**
 * What Chorus Pro does with a deposited flow, whatever channel brought it: checks the name and interface code, the
 * content (through the reader: syntax, XSD, facts) against the interface, each invoice against the business rules,
 * then assigns a numeroFluxDepot and records the flow, its error lines and its integrated invoices with their
 * planned lifecycle, in one transaction.
 *
 * <p>Channel-level checks (the detached signature over SFTP; later the S/MIME of AS2 or the API's own) are the
 * channel's job: it passes their failures in {@link Deposit#channelErrors()}.
 */
final class FlowIntake {

    /** XSD reports can be long; the first ones are enough to fix a file. */
    static final int MAX_FORMAT_ERRORS = 100;
    /** chorus-pro.md §1: an E1 flow carries at most 500 invoices. */
    static final int MAX_INVOICES_PER_BATCH = 500;

    /**
     * A flow as a channel received it.
     *
     * @param fileName      the deposited name, {@code <interface>_<partner>_<flowId>}
     * @param content       the flow file
     * @param channel       SFTP (API, AS2 later)
     * @param channelErrors what the channel refused (e.g. the signature); the flow is rejected if any
     */
    record Deposit(String fileName, Path content, String channel, Instant receivedAt, List<FlowError> channelErrors) {
    }

    /** An invoice of the flow that passed the flow-level checks, with the supplier's name found in the file. */
    private record Candidate(InvoiceFacts facts, String supplierName) {
    }

    private final InvoiceFileReader reader;
    private final InvoiceChecks checks;
    private final Scenarios scenarios;
    private final SimulatorStore store;
    private final TransactionTemplate transactions;
    private final Duration stepDelay;

    FlowIntake(InvoiceFileReader reader, InvoiceChecks checks, Scenarios scenarios, SimulatorStore store,
            TransactionTemplate transactions, Duration stepDelay) {
        this.reader = reader;
        this.checks = checks;
        this.scenarios = scenarios;
        this.store = store;
        this.transactions = transactions;
        this.stepDelay = stepDelay;
    }

    /** Checks and records a deposit; the caller then publishes its integration report. */
    SimulatorStore.StoredFlow receive(Deposit deposit) {
        String name = deposit.fileName();
        List<FlowError> flowErrors = new ArrayList<>(deposit.channelErrors());
        Optional<FlowName> flowName = FlowName.parse(name);
        Optional<InterfaceCode> interfaceCode = flowName.flatMap(n -> InterfaceCode.of(n.interfaceCode()));
        flowErrors.addAll(nameErrors(name, flowName, interfaceCode));

        List<Candidate> candidates = new ArrayList<>();
        if (flowErrors.isEmpty()) {
            // only a flow whose interface is known and supported gets its content read
            readContent(deposit, interfaceCode.orElseThrow(), flowErrors, candidates);
        }
        String interfaceName = flowName.map(FlowName::interfaceCode).orElse(null);
        return transactions.execute(tx -> record(deposit, interfaceName, flowErrors, candidates));
    }

    private static List<FlowError> nameErrors(String name, Optional<FlowName> flowName,
            Optional<InterfaceCode> interfaceCode) {
        if (flowName.isEmpty()) {
            return List.of(FlowError.ofFlow(FlowErrorCode.NOM_FLUX_INVALIDE, "Flux " + name
                    + " : nom de fichier non conforme, <code interface>_<code partenaire>_<identifiant> attendu "
                    + "(par exemple FSO1100A_AAA999_000000000001)", null));
        }
        if (interfaceCode.isEmpty()) {
            return List.of(FlowError.ofFlow(FlowErrorCode.INTERFACE_INCONNUE, "Flux " + name + " : code interface "
                    + flowName.get().interfaceCode() + " inconnu", "codes interface acceptés : FSO1100A (UBL E1), "
                    + "FSO1106A (CII 16B E1)"));
        }
        if (!interfaceCode.get().supported()) {
            return List.of(FlowError.ofFlow(FlowErrorCode.INTERFACE_NON_PRISE_EN_CHARGE, "Flux " + name
                    + " : interface non prise en charge par le simulateur (" + interfaceCode.get().name() + ", "
                    + interfaceCode.get().title() + ")", "le simulateur accepte FSO1100A (UBL E1) et FSO1106A "
                    + "(CII 16B E1)"));
        }
        return List.of();
    }

    private void readContent(Deposit deposit, InterfaceCode interfaceCode, List<FlowError> flowErrors,
            List<Candidate> candidates) {
        if (!isZip(deposit.content())) {
            readInvoice(deposit.fileName(), deposit.content(), interfaceCode, flowErrors, candidates);
            return;
        }
        // a batch (chorus-pro.md §1: zip): every invoice must pass the flow-level checks, then each is checked on
        // its own, so some may be integrated and others rejected (96, IN_INTEGRE_PARTIEL)
        Path dir = null;
        try {
            dir = java.nio.file.Files.createTempDirectory("sim-batch-");
            int count = 0;
            try (java.util.zip.ZipInputStream zip = new java.util.zip.ZipInputStream(
                    java.nio.file.Files.newInputStream(deposit.content()))) {
                for (java.util.zip.ZipEntry entry; (entry = zip.getNextEntry()) != null;) {
                    if (entry.isDirectory()) {
                        continue;
                    }
                    if (++count > MAX_INVOICES_PER_BATCH) {
                        flowErrors.add(FlowError.ofFlow(FlowErrorCode.FLUX_ILLISIBLE, "Flux " + deposit.fileName()
                                + " : plus de " + MAX_INVOICES_PER_BATCH + " factures dans le lot", null));
                        return;
                    }
                    // the entry's own name, never a path: a zip may not write outside the batch folder
                    String entryName = Path.of(entry.getName()).getFileName().toString();
                    Path file = dir.resolve(entryName);
                    java.nio.file.Files.copy(zip, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                    readInvoice(deposit.fileName() + " (" + entryName + ")", file, interfaceCode, flowErrors,
                            candidates);
                }
            }
            if (count == 0) {
                flowErrors.add(FlowError.ofFlow(FlowErrorCode.FLUX_ILLISIBLE, "Flux " + deposit.fileName()
                        + " : le lot ne contient aucune facture", null));
            }
        } catch (java.io.IOException e) {
            flowErrors.add(FlowError.ofFlow(FlowErrorCode.FLUX_ILLISIBLE, "Flux " + deposit.fileName()
                    + " : le lot zip ne peut pas être lu", e.getMessage()));
        } finally {
            deleteQuietly(dir);
        }
    }

    private void readInvoice(String name, Path content, InterfaceCode interfaceCode, List<FlowError> flowErrors,
            List<Candidate> candidates) {
        Understanding understanding;
        try {
            understanding = reader.read(content);
        } catch (RuntimeException unreadable) {
            flowErrors.add(FlowError.ofFlow(FlowErrorCode.FLUX_ILLISIBLE, "Flux " + name
                    + " : le contenu du flux ne peut pas être lu", unreadable.getMessage()));
            return;
        }
        if (!understanding.isAccepted()) {
            for (RuleViolation violation : understanding.violations().stream().limit(MAX_FORMAT_ERRORS).toList()) {
                flowErrors.add(FlowError.ofFlow(FlowErrorCode.FORMAT_INVALIDE, "Flux " + name + " : "
                        + violation.messageFr(), violation.rule()
                        + (violation.location() == null ? "" : " — " + violation.location())));
            }
            return;
        }
        InvoiceFacts facts = understanding.facts();
        if (facts == null) {
            flowErrors.add(FlowError.ofFlow(FlowErrorCode.FLUX_ILLISIBLE, "Flux " + name
                    + " : aucune facture n'a pu être lue dans le flux", null));
            return;
        }
        if (facts.syntax() == null || !interfaceCode.accepts(facts.syntax())) {
            flowErrors.add(FlowError.ofFlow(FlowErrorCode.INTERFACE_CONTENU_INCOHERENT, "Flux " + name
                    + " : le contenu (" + (facts.syntax() == null ? "inconnu" : facts.syntax().format())
                    + ") ne correspond pas à l'interface " + interfaceCode.name() + " (" + interfaceCode.title() + ")",
                    null));
            return;
        }
        candidates.add(new Candidate(facts, SellerNames.of(content, facts.syntax()).orElse(null)));
    }

    /** The content's SHA-256 (hex): a second deposit under the same name is "déjà reçu" only with the same bytes. */
    static String sha256(Path file) {
        try (java.io.InputStream in = java.nio.file.Files.newInputStream(file)) {
            java.security.MessageDigest digest = java.security.MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[64 * 1024];
            for (int n; (n = in.read(buffer)) > 0;) {
                digest.update(buffer, 0, n);
            }
            return java.util.HexFormat.of().formatHex(digest.digest());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean isZip(Path file) {
        try (java.io.InputStream in = java.nio.file.Files.newInputStream(file)) {
            byte[] magic = in.readNBytes(4);
            return magic.length == 4 && magic[0] == 'P' && magic[1] == 'K' && magic[2] == 3 && magic[3] == 4;
        } catch (java.io.IOException e) {
            return false;
        }
    }

    private static void deleteQuietly(Path dir) {
        if (dir == null) {
            return;
        }
        try (java.util.stream.Stream<Path> files = java.nio.file.Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (java.io.IOException ignored) {
            // a temporary folder left behind is harmless
        }
    }

    private SimulatorStore.StoredFlow record(Deposit deposit, String interfaceName, List<FlowError> flowErrors,
            List<Candidate> candidates) {
        List<FlowError> errors = new ArrayList<>(flowErrors);
        List<Candidate> integrated = new ArrayList<>();
        int rejected = 0;
        // two invoices of one flow with the same number are duplicates too
        Set<String> inThisFlow = new HashSet<>();
        for (Candidate candidate : candidates) {
            List<FlowError> invoiceErrors = checks.check(candidate.facts(),
                    (siret, number) -> inThisFlow.contains(siret + "|" + number) || store.invoiceExists(siret, number));
            if (invoiceErrors.isEmpty()) {
                integrated.add(candidate);
                inThisFlow.add(candidate.facts().sellerSiret() + "|" + candidate.facts().number());
            } else {
                errors.addAll(invoiceErrors);
                rejected++;
            }
        }
        IntegrationStatus status = IntegrationStatus.of(!flowErrors.isEmpty(), integrated.size(), rejected);
        String numero = "CPP001" + FlowName.interfaceNumber(deposit.fileName())
                + String.format("%015d", store.nextNumeroSequence());
        SimulatorStore.StoredFlow flow = store.insertFlow(deposit.fileName(), numero, interfaceName,
                deposit.channel(), status, deposit.receivedAt(), sha256(deposit.content()));
        store.insertErrors(flow.id(), errors);
        if (status != IntegrationStatus.ERREUR_RECEPTION) {
            for (Candidate invoice : integrated) {
                store.insertInvoice(flow.id(), invoice.facts(), invoice.supplierName(),
                        scenarios.forRecipient(invoice.facts().buyerSiret()), deposit.receivedAt(),
                        deposit.receivedAt().plus(stepDelay));
            }
        }
        return flow;
    }
}
