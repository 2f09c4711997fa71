package fr.facteur.observability;

import java.util.Map;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /api/chorus-pro/connection}: the state of the connection to Chorus Pro (see {@link ChorusProConnection}). */
@RestController
class ChorusProConnectionController {

    private final ChorusProConnection connection;

    ChorusProConnectionController(ChorusProConnection connection) {
        this.connection = connection;
    }

    @GetMapping("/api/chorus-pro/connection")
    Map<String, Object> connection() {
        return connection.view();
    }
}
