package fr.facteur.console;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Service;

import fr.facteur.crypto.Certificates;
import fr.facteur.crypto.OperatorIdentity;
import fr.facteur.directory.DirectoryCoverage;
import fr.facteur.observability.SftpProbe;
import fr.facteur.tenant.Tenant;
import fr.facteur.tenant.TenantRegistry;
import fr.facteur.tenant.TenantStatus;

/**
 * The configuration check report: what will break, or is about to. Invalid tenant files; certificates expired or
 * expiring within {@link #SOON}; weak keys (RSA under 2048 bits, EC under 256) and SHA-1/MD5 signatures; key and
 * known_hosts files that have gone; SFTP accounts the gateway cannot log in to (checked the way the routes connect,
 * host key included); recipients and service codes the tenants' invoices went to that the imported directory does
 * not hold. Findings are ERROR (does not work) or WARNING (will not work soon, or should not be used).
 */
@Service
public class ConfigCheck {

    static final Duration SOON = Duration.ofDays(30);

    private final TenantRegistry registry;
    private final ObjectProvider<OperatorIdentity> operator;
    private final SftpProbe probe;
    private final Clock clock;
    private final DirectoryCoverage directory;

    @Autowired
    public ConfigCheck(TenantRegistry registry, ObjectProvider<OperatorIdentity> operator, DirectoryCoverage directory) {
        this(registry, operator, new SftpProbe(Duration.ofSeconds(5)), Clock.systemUTC(), directory);
    }

    ConfigCheck(TenantRegistry registry, ObjectProvider<OperatorIdentity> operator, SftpProbe probe, Clock clock,
            DirectoryCoverage directory) {
        this.registry = registry;
        this.operator = operator;
        this.probe = probe;
        this.clock = clock;
        this.directory = directory;
    }

    /** @param subject what the finding is about: "operator", or a tenant id */
    public record Finding(String severity, String subject, String check, String message) {
    }

    /** @param certificates every certificate seen, with its expiry, for the console's tenant list */
    public record Report(Instant checkedAt, int errors, int warnings, List<Finding> findings,
            List<CertificateExpiry> certificates) {
    }

    public record CertificateExpiry(String subject, String file, Instant notAfter, long daysLeft) {
    }

    public Report run() {
        Instant now = clock.instant();
        List<Finding> findings = new ArrayList<>();
        List<CertificateExpiry> certificates = new ArrayList<>();
        OperatorIdentity identity = operator.getIfAvailable();
        if (identity != null) {
            certificate("operator", null, identity.certificate(), now, findings, certificates);
        }
        List<CompletableFuture<Finding>> probes = new ArrayList<>();
        // a few at a time: hundreds of tenants must not open hundreds of connections at once
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            for (TenantStatus status : registry.statuses()) {
                if (status.state() == TenantStatus.State.INVALID) {
                    status.errors().forEach(error -> findings.add(new Finding("ERROR", status.id(), "tenant-file", error)));
                    continue;
                }
                Tenant tenant = status.tenant();
                Tenant.SftpAccount sftp = tenant.inbound().sftp();
                if (sftp != null) {
                    file(tenant.id(), "sftp private key", sftp.privateKey(), findings);
                    file(tenant.id(), "sftp known_hosts", sftp.knownHosts(), findings);
                    SftpProbe.Target target = new SftpProbe.Target(sftp.user(), sftp.host(), sftp.port(),
                            sftp.privateKey(), sftp.password(), sftp.knownHosts(), sftp.dir());
                    probes.add(CompletableFuture.supplyAsync(() -> {
                        SftpProbe.Result result = probe.probe(target);
                        return result.up() ? null : new Finding("ERROR", tenant.id(), "sftp-reachable",
                                "cannot use the SFTP account " + result.target() + ": " + result.reason());
                    }, pool));
                }
                Tenant.As2Partner as2 = tenant.inbound().as2();
                if (as2 != null) {
                    certificateFile(tenant.id(), as2.certificate(), now, findings, certificates);
                    if (as2.nextCertificate() != null) {
                        certificateFile(tenant.id(), as2.nextCertificate(), now, findings, certificates);
                    }
                    if (as2.allowSha1()) {
                        findings.add(new Finding("WARNING", tenant.id(), "weak-algorithm",
                                "inbound.as2.allow-sha1 accepts SHA-1 signatures"));
                    }
                }
            }
            probes.forEach(p -> {
                Finding finding = p.join();
                if (finding != null) {
                    findings.add(finding);
                }
            });
        } finally {
            pool.shutdownNow();
        }
        findings.addAll(directoryFindings(directory.unknownEntries()));
        findings.sort(Comparator.comparing(Finding::severity).thenComparing(Finding::subject));
        certificates.sort(Comparator.comparing(CertificateExpiry::notAfter));
        long errors = findings.stream().filter(f -> f.severity().equals("ERROR")).count();
        return new Report(now, (int) errors, findings.size() - (int) errors, findings, certificates);
    }

    /**
     * WARNINGs, not ERRORs: the gateway works, but these invoices were (or would now be) refused, and the directory
     * file or the supplier's customer data needs a look.
     */
    static List<Finding> directoryFindings(List<DirectoryCoverage.UnknownEntry> entries) {
        return entries.stream().map(e -> {
            String what = switch (e.problem()) {
                case "recipient-unknown" -> "recipient " + e.siret() + ", which is not in the directory";
                case "recipient-inactive" -> "recipient " + e.siret() + ", inactive in the directory";
                case "service-unknown" -> "service " + e.serviceCode() + " of recipient " + e.siret()
                        + ", which the directory does not list";
                default -> "service " + e.serviceCode() + " of recipient " + e.siret() + ", inactive in the directory";
            };
            return new Finding("WARNING", e.tenantId(), "unknown-directory-entry", e.invoices()
                    + " invoice(s) addressed to " + what + " (last received " + e.lastSeen().toInstant() + ")");
        }).toList();
    }

    private static void file(String subject, String what, Path file, List<Finding> findings) {
        if (file != null && !Files.isReadable(file)) {
            findings.add(new Finding("ERROR", subject, "missing-file", what + " " + file + " is missing or unreadable"));
        }
    }

    private void certificateFile(String subject, Path file, Instant now, List<Finding> findings,
            List<CertificateExpiry> certificates) {
        if (file == null) {
            return;
        }
        X509Certificate certificate;
        try {
            certificate = Certificates.readCertificatePem(file);
        } catch (RuntimeException e) {
            findings.add(new Finding("ERROR", subject, "missing-file", "certificate " + file + " cannot be read"));
            return;
        }
        certificate(subject, file, certificate, now, findings, certificates);
    }

    static void certificate(String subject, Path file, X509Certificate certificate, Instant now, List<Finding> findings,
            List<CertificateExpiry> certificates) {
        Instant notAfter = certificate.getNotAfter().toInstant();
        long days = Duration.between(now, notAfter).toDays();
        certificates.add(new CertificateExpiry(subject, file == null ? null : file.toString(), notAfter, days));
        String name = file == null ? "the certificate" : "certificate " + file.getFileName();
        if (notAfter.isBefore(now)) {
            findings.add(new Finding("ERROR", subject, "certificate-expiry", name + " expired on " + notAfter));
        } else if (notAfter.isBefore(now.plus(SOON))) {
            findings.add(new Finding("WARNING", subject, "certificate-expiry", name + " expires on " + notAfter
                    + " (in " + days + " days)"));
        }
        PublicKey key = certificate.getPublicKey();
        if (key instanceof RSAPublicKey rsa && rsa.getModulus().bitLength() < 2048) {
            findings.add(new Finding("ERROR", subject, "weak-key", name + " has a " + rsa.getModulus().bitLength()
                    + "-bit RSA key (2048 at least)"));
        } else if (key instanceof ECPublicKey ec && ec.getParams().getCurve().getField().getFieldSize() < 256) {
            findings.add(new Finding("ERROR", subject, "weak-key", name + " has an EC key under 256 bits"));
        }
        String algorithm = certificate.getSigAlgName().toUpperCase(Locale.ROOT);
        if (algorithm.contains("SHA1") || algorithm.contains("MD5")) {
            findings.add(new Finding("WARNING", subject, "weak-algorithm", name + " is signed with " + algorithm));
        }
    }
}
