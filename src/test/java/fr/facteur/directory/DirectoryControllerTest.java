package fr.facteur.directory;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.fasterxml.jackson.databind.SerializationFeature;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.http.converter.ByteArrayHttpMessageConverter;
import org.springframework.http.converter.json.Jackson2ObjectMapperBuilder;
import org.springframework.http.converter.json.MappingJackson2HttpMessageConverter;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;

/** /api/directory: import (200 with counts, 400 problem listing the lines), look-up, history. */
class DirectoryControllerTest {

    static final MediaType CSV = MediaType.parseMediaType("text/csv");
    static DirectoryFixtures db;
    static MockMvc http;

    @BeforeAll
    static void api() {
        db = DirectoryFixtures.newDatabase("dir_api");
        http = MockMvcBuilders.standaloneSetup(new DirectoryController(db.importer, db.repository))
                .setMessageConverters(new ByteArrayHttpMessageConverter(),
                        new MappingJackson2HttpMessageConverter(Jackson2ObjectMapperBuilder.json()
                                .featuresToDisable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).build()))
                .build();
    }

    @Test
    void importsLooksUpAndKeepsTheHistory() throws Exception {
        http.perform(post("/api/directory/import").param("fileName", "far0037-demo.csv").contentType(CSV)
                        .content(DirectoryFixtures.demoFile()))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.structures").value(10))
                .andExpect(jsonPath("$.services").value(6))
                .andExpect(jsonPath("$.fileName").value("far0037-demo.csv"));

        http.perform(get("/api/directory/structures/19999998900015"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.structure.siret").value("19999998900015"))
                .andExpect(jsonPath("$.structure.active").value(true))
                .andExpect(jsonPath("$.services.length()").value(2))
                .andExpect(jsonPath("$.services[?(@.code == 'MARCHES')].engagementRequired").value(true));

        http.perform(post("/api/directory/import").contentType(CSV)
                        .content(DirectoryFixtures.bytes("STRUCTURE;123;x;true;false;false;true;true\nbad\n")))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.type").value(DirectoryController.INVALID_FILE.toString()))
                .andExpect(jsonPath("$.problems[0].line").value(1))
                .andExpect(jsonPath("$.problems[1].line").value(2));

        http.perform(get("/api/directory/imports"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.length()").value(2))
                .andExpect(jsonPath("$[0].succeeded").value(false))
                .andExpect(jsonPath("$[0].fileName").value("api-upload.csv"))
                .andExpect(jsonPath("$[1].succeeded").value(true))
                .andExpect(jsonPath("$[1].structures").value(10));
    }

    @Test
    void anUnknownStructureIs404() throws Exception {
        http.perform(get("/api/directory/structures/00000000000000"))
                .andExpect(status().isNotFound())
                .andExpect(jsonPath("$.type").value(DirectoryController.STRUCTURE_NOT_FOUND.toString()));
    }
}
