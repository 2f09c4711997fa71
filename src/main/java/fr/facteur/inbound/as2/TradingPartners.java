package fr.facteur.inbound.as2;

import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.springframework.stereotype.Component;

import fr.facteur.crypto.Certificates;
import fr.facteur.platform.FacteurProperties;
import fr.facteur.tenant.Tenant;
import fr.facteur.tenant.TenantDirectory;

/**
 * Finds the partner an AS2-From names among the installed tenants (and Chorus Pro when configured), with the
 * certificates its signatures must verify with. Read at every message, so a tenant file changed on disk (a new
 * certificate) applies to the next message.
 */
@Component
public class TradingPartners {

    private final TenantDirectory tenants;
    private final ChorusProAs2Properties chorusPro;
    private final Path installationRoot;

    public TradingPartners(TenantDirectory tenants, ChorusProAs2Properties chorusPro, FacteurProperties properties) {
        this.tenants = tenants;
        this.chorusPro = chorusPro;
        this.installationRoot = properties.configDir().toAbsolutePath().getParent();
    }

    /** AS2 ids are compared exactly (RFC 4130 §6.2: case-sensitive). */
    public Optional<TradingPartner> find(String as2From) {
        if (as2From == null) {
            return Optional.empty();
        }
        for (Tenant tenant : tenants.installed()) {
            Tenant.As2Partner as2 = tenant.inbound().as2();
            if (as2 != null && as2From.equals(as2.as2Id())) {
                List<X509Certificate> certificates = new ArrayList<>();
                certificates.add(Certificates.readCertificatePem(as2.certificate()));
                if (as2.nextCertificate() != null) {
                    certificates.add(Certificates.readCertificatePem(as2.nextCertificate()));
                }
                return Optional.of(new TradingPartner(as2.as2Id(), tenant, List.copyOf(certificates),
                        as2.requireSignature(), as2.requireEncryption(), as2.allowSha1(),
                        as2.allowExpiredCertificate(), as2.asyncMdnHosts()));
            }
        }
        if (chorusPro.configured() && as2From.equals(chorusPro.as2Id()) && chorusPro.certificate() != null) {
            Path file = installationRoot.resolve(chorusPro.certificate());
            return Optional.of(new TradingPartner(chorusPro.as2Id(), null,
                    List.of(Certificates.readCertificatePem(file)), true, chorusPro.requireEncryption(), false, false,
                    Set.of()));
        }
        return Optional.empty();
    }
}
