package fr.facteur.as2.outbound;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * Receives asynchronous MDNs at {@code POST /as2/mdn} on the HTTP port (8080): the URL to give partners as
 * facteur.as2-outbound.mdn-url. The MDN is matched with its pending message in the database by Original-Message-ID,
 * so whichever gateway instance the load balancer picks can take it, and is verified with the partner's
 * certificates recorded with the message. A forged or unknown MDN changes nothing.
 */
@RestController
class AsyncMdnController {

    private static final Logger log = LoggerFactory.getLogger(AsyncMdnController.class);

    private final As2Sender sender;

    AsyncMdnController(As2Sender sender) {
        this.sender = sender;
    }

    @PostMapping(path = "/as2/mdn")
    ResponseEntity<String> receive(@RequestHeader(HttpHeaders.CONTENT_TYPE) String contentType,
            @RequestBody byte[] body) {
        try {
            String messageId = sender.receiveAsyncMdn(contentType, body);
            return ResponseEntity.ok("MDN of " + messageId + " received\n");
        } catch (SecurityException e) {
            log.warn("async MDN refused: {}", e.getMessage());
            return ResponseEntity.status(403).body("MDN refused: " + e.getMessage() + "\n");
        } catch (IllegalArgumentException e) {
            log.warn("async MDN not matched: {}", e.getMessage());
            return ResponseEntity.badRequest().body("MDN not matched: " + e.getMessage() + "\n");
        }
    }
}
