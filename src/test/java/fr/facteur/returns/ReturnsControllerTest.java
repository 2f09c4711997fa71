package fr.facteur.returns;

import static org.hamcrest.Matchers.matchesPattern;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.nio.file.Path;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.http.converter.json.Jackson2ObjectMapperBuilder;
import org.springframework.http.converter.json.MappingJackson2HttpMessageConverter;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;

import fr.facteur.observability.GatewayMetrics;
import fr.facteur.tracking.ReturnFileRepository;
import fr.facteur.tracking.StatusEventRepository;

/** GET /api/returns/unmatched shows the lines that matched nothing, with their file and the reason. */
class ReturnsControllerTest {

    static TrackingFixtures db;
    static MockMvc http;

    @BeforeAll
    static void aReturnFileWithAnUnmatchedLine(@TempDir Path dataDir) {
        db = TrackingFixtures.newDatabase("returns_api");
        db.transmittedInvoice("acme", "73282932000074", CppStatutSamples.DEBTOR, "F-2026-0042");
        db.transmittedInvoice("acme", "73282932000074", CppStatutSamples.DEBTOR, "F-2026-0043");
        db.transmittedInvoice("durand", "44306184100047", CppStatutSamples.DEBTOR, "D-778");
        db.transmittedInvoice("durand", "44306184100047", CppStatutSamples.DEBTOR, "D-779");
        ReturnFileRepository returnFiles = new ReturnFileRepository(db.jdbc);
        new ReturnFileProcessor(TrackingFixtures.archive(dataDir), new CppStatutParser(), returnFiles,
                new StatusEventRepository(db.jdbc), new CapturingRelayPublisher(), db.transactions(), new ObjectMapper(),
                new GatewayMetrics(new SimpleMeterRegistry()))
                .process("FEN1201A_CPP001_000000000777.xml", CppStatutParserTest.resource("mixed-invoice-statuses.xml"));
        // as Spring Boot configures Jackson for the API: dates as ISO-8601 strings
        http = MockMvcBuilders.standaloneSetup(new ReturnsController(returnFiles))
                .setMessageConverters(new MappingJackson2HttpMessageConverter(Jackson2ObjectMapperBuilder.json()
                        .featuresToDisable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).build()))
                .build();
    }

    @Test
    void listsEachUnmatchedLineWithFileLineSupplierInvoiceAndReason() throws Exception {
        http.perform(get("/api/returns/unmatched"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.length()").value(1))
                .andExpect(jsonPath("$[0].fileName").value("FEN1201A_CPP001_000000000777.xml"))
                .andExpect(jsonPath("$[0].line").value(3))
                .andExpect(jsonPath("$[0].supplier").value("73282932000074"))
                .andExpect(jsonPath("$[0].invoiceNumber").value("F-2026-9999"))
                .andExpect(jsonPath("$[0].code").value("11"))
                .andExpect(jsonPath("$[0].reason").value("no invoice F-2026-9999 of supplier 73282932000074"))
                .andExpect(jsonPath("$[0].recordedAt").value(matchesPattern("\\d{4}-\\d{2}-\\d{2}T.*")));
    }

    @Test
    void refusesAnAbsurdLimit() throws Exception {
        http.perform(get("/api/returns/unmatched").param("limit", "0")).andExpect(status().isBadRequest());
    }
}
