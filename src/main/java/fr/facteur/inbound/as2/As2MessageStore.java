package fr.facteur.inbound.as2;

import java.util.Optional;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

import fr.facteur.as2.Disposition;

/** The as2_message table: what each partner sent us over AS2 and the MDN we answered. */
@Repository
public class As2MessageStore {

    private final JdbcTemplate jdbc;

    public As2MessageStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** A received message as recorded. */
    public record Received(long id, String partnerAs2Id, String messageId, String tenantId, Disposition disposition,
            String detail, boolean signed, boolean encrypted, boolean compressed, String mic, String fileName,
            String intakeOutcome, String mdnMessageId, String mdnContentType, byte[] mdn, String mdnDelivery,
            String asyncUrl) {
    }

    public Optional<Received> find(String partnerAs2Id, String messageId) {
        return jdbc.query("""
                select id, partner_as2_id, message_id, tenant_id, disposition, detail, signed, encrypted, compressed,
                       mic, file_name, intake_outcome, mdn_message_id, mdn_content_type, mdn, mdn_delivery, async_url
                  from as2_message where partner_as2_id = ? and message_id = ?""",
                (rs, i) -> new Received(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        Disposition.valueOf(rs.getString(5)), rs.getString(6), rs.getBoolean(7), rs.getBoolean(8),
                        rs.getBoolean(9), rs.getString(10), rs.getString(11), rs.getString(12), rs.getString(13),
                        rs.getString(14), rs.getBytes(15), rs.getString(16), rs.getString(17)),
                partnerAs2Id, messageId).stream().findFirst();
    }

    /**
     * Records a message. A row that already exists for this partner and Message-ID is replaced only when it was not
     * processed: a processed message is never recorded twice, a refused one may be corrected and sent again.
     *
     * @return the row id, -1 when a processed row with that Message-ID was already there
     */
    public long record(Received m) {
        return jdbc.query("""
                insert into as2_message (partner_as2_id, message_id, tenant_id, disposition, detail, signed, encrypted,
                       compressed, mic, file_name, intake_outcome, mdn_message_id, mdn_content_type, mdn, mdn_delivery,
                       async_url)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                on conflict (partner_as2_id, message_id) do update set
                       tenant_id = excluded.tenant_id, received_at = now(), disposition = excluded.disposition,
                       detail = excluded.detail, signed = excluded.signed, encrypted = excluded.encrypted,
                       compressed = excluded.compressed, mic = excluded.mic, file_name = excluded.file_name,
                       intake_outcome = excluded.intake_outcome, mdn_message_id = excluded.mdn_message_id,
                       mdn_content_type = excluded.mdn_content_type, mdn = excluded.mdn,
                       mdn_delivery = excluded.mdn_delivery, async_url = excluded.async_url
                 where as2_message.disposition <> 'PROCESSED'
                returning id""", (rs, i) -> rs.getLong(1),
                m.partnerAs2Id(), m.messageId(), m.tenantId(), m.disposition().name(), m.detail(), m.signed(),
                m.encrypted(), m.compressed(), m.mic(), m.fileName(), m.intakeOutcome(), m.mdnMessageId(),
                m.mdnContentType(), m.mdn(), m.mdnDelivery(), m.asyncUrl()).stream().findFirst().orElse(-1L);
    }

    public void markDelivery(long id, String delivery) {
        jdbc.update("update as2_message set mdn_delivery = ? where id = ?", delivery, id);
    }
}
