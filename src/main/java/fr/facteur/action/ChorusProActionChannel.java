package fr.facteur.action;

import java.util.Map;

import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.springframework.stereotype.Component;

import fr.facteur.platform.FacteurProperties;

/**
 * Deposits an action file in Chorus Pro's SFTP drop box (the simulator's in the demo), beside the flows, under a
 * temporary name renamed when complete. The file mirrors PISTE's CompleterFacture / RecyclerFacture, so that the API
 * channel can map the same content onto those calls.
 */
@Component
class ChorusProActionChannel {

    private final ProducerTemplate producer;
    private final String endpoint;
    private final String partnerCode;

    ChorusProActionChannel(ProducerTemplate producer, FacteurProperties properties) {
        this.producer = producer;
        FacteurProperties.Sftp sftp = properties.chorusPro().sftp();
        this.endpoint = sftp.camelUri(sftp.depositDir(), String.join("&", "tempPrefix=.part-", "fileExist=Override",
                "connectTimeout=10000", "timeout=60000"));
        this.partnerCode = properties.operator().partnerCode();
    }

    /** The deposited name of action {@code actionId}. */
    String fileName(long actionId) {
        return "ACTION_" + partnerCode + "_" + String.format("%012d", actionId) + ".action.json";
    }

    void deposit(String fileName, byte[] content) {
        producer.sendBodyAndHeaders(endpoint, content, Map.of(Exchange.FILE_NAME, fileName));
    }
}
