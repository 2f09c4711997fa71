package fr.facteur.as2.outbound;

import java.time.Duration;

import fr.facteur.crypto.Certificates;
import fr.facteur.tenant.Tenant;

/**
 * Sends a tenant its answers and return flows by AS2 (returns.channel: as2), to inbound.as2.url, encrypted for
 * the tenant's own certificate (its next one once the current one has expired) and with a synchronous MDN signed by
 * that tenant: another tenant's certificate is never used.
 */
public class TenantAs2Returns {

    private static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(2);

    private final As2Sender sender;

    public TenantAs2Returns(As2Sender sender) {
        this.sender = sender;
    }

    /**
     * @param reference the relay's delivery key: one Message-ID per delivery, whatever the redeliveries
     * @throws As2DeliveryException when not delivered
     */
    public void send(Tenant tenant, String reference, String fileName, byte[] content) {
        Tenant.As2Partner as2 = tenant.inbound() == null ? null : tenant.inbound().as2();
        if (as2 == null || as2.url() == null) {
            throw new IllegalStateException(tenant.id() + ": returns.channel is as2 but inbound.as2.url is not set");
        }
        As2Destination to = new As2Destination("RETURNS", tenant.id(), as2.as2Id(), as2.url(),
                Certificates.readCertificatePem(as2.certificate()),
                as2.nextCertificate() == null ? null : Certificates.readCertificatePem(as2.nextCertificate()),
                as2.timeout() == null ? DEFAULT_TIMEOUT : as2.timeout(), as2.encryption(), false,
                as2.allowExpiredCertificate());
        String type = fileName.endsWith(".json") ? "application/json"
                : fileName.endsWith(".csv") ? "text/csv" : "application/xml";
        sender.send(to, "returns:" + tenant.id() + ":" + reference, fileName, type, content);
    }
}
