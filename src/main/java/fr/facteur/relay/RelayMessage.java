package fr.facteur.relay;

import java.util.List;

/**
 * A piece of work for the relay: something to deliver to one supplier. Travels as JSON on facteur.relay.
 *
 * <ul>
 * <li>ACK, REJECTION, DUPLICATE: the answer to a file the supplier sent; {@code content} is the rendered report
 * (JSON), {@code fileName} the supplier's file it answers.</li>
 * <li>RETURN: status events learnt from a Chorus Pro return file; the relay filters and formats them under the
 * tenant's rules.</li>
 * </ul>
 *
 * @param key unique per delivery (delivery.delivery_key): a redelivered message is never delivered twice
 */
public record RelayMessage(Kind kind, String tenantId, String key, Long documentId, String fileName, String content,
        Long returnFileId, List<Long> eventIds) {

    public enum Kind {
        ACK, REJECTION, DUPLICATE, RETURN
    }

    public static RelayMessage answer(Kind kind, String tenantId, String key, long documentId, String fileName,
            String report) {
        return new RelayMessage(kind, tenantId, key, documentId, fileName, report, null, List.of());
    }

    public static RelayMessage returnEvents(String tenantId, long returnFileId, List<Long> eventIds) {
        return new RelayMessage(Kind.RETURN, tenantId, "return:" + returnFileId + ":" + tenantId, null, null, null,
                returnFileId, List.copyOf(eventIds));
    }
}
