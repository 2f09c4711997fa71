package fr.facteur.tenant;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringReader;

import org.junit.jupiter.api.Test;

/** The supplier CSV: RFC 4180 quoting, columns in any order, empty cells left out, lists, line numbers. */
class TenantCsvTest {

    @Test
    void rowsBecomeTenantTreesWithTheirLineNumbers() throws Exception {
        TenantCsv.Rows rows = TenantCsv.read(new StringReader("""
                siret,id,name,formats,sftp_port,sftp_host,returns_events\r
                "73282932000074",acme,"ACME, ""Fournitures""
                SAS",UBL|CII,2222,sftp.acme.example,REJETEE SUSPENDUE\r
                44306184100047,durand,Durand,,,,
                """));
        assertThat(rows.fileErrors()).isEmpty();
        assertThat(rows.trees()).containsOnlyKeys(2, 4);
        var acme = rows.trees().get(2);
        assertThat(acme.path("name").asText()).isEqualTo("ACME, \"Fournitures\"\nSAS");
        assertThat(acme.path("siret").isTextual()).isTrue();
        assertThat(acme.path("formats").toString()).isEqualTo("[\"UBL\",\"CII\"]");
        assertThat(acme.path("inbound").path("sftp").path("port").asInt()).isEqualTo(2222);
        assertThat(acme.path("returns").path("events").size()).isEqualTo(2);
        var durand = rows.trees().get(4);
        assertThat(durand.has("formats")).as("an empty cell leaves the key out").isFalse();
        assertThat(durand.has("inbound")).isFalse();
    }

    @Test
    void unknownColumnsAndShortRowsAreReported() throws Exception {
        assertThat(TenantCsv.read(new StringReader("id,colour\nx,blue\n")).fileErrors())
                .singleElement().asString().contains("unknown column 'colour'");
        TenantCsv.Rows rows = TenantCsv.read(new StringReader("id,name\nx\n"));
        assertThat(rows.errors().get(2)).singleElement().asString().contains("has 1 cells, the header has 2");
    }
}
