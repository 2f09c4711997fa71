package fr.facteur.piste;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class PisteStatusesTest {

    final ObjectMapper json = new ObjectMapper();
    final OffsetDateTime now = OffsetDateTime.parse("2026-11-29T10:00:00Z");

    @Test
    void anIntegratedFlowIs90AtItsStateTime() throws Exception {
        PisteStatuses.FlowReport report = PisteStatuses.flowReport(json.readTree("""
                {"codeRetour":0,"libelle":"TRA_MSG_00.000","numeroFluxDepot":"CPP0011100000000000000001",
                 "etatCourantFlux":"IN_INTEGRE","dateHeureEtatCourantFlux":"2026-11-29 11:30:05",
                 "listeErreurDP":[],"listeErreurTechnique":[]}"""), now);
        assertThat(report.code()).contains("90");
        assertThat(report.at()).isEqualTo(OffsetDateTime.parse("2026-11-29T11:30:05+01:00"));
        assertThat(report.errors()).isEmpty();
    }

    @Test
    void aPartialFlowIs96WithItsInvoiceErrorsAndARejectedOneIs93() throws Exception {
        PisteStatuses.FlowReport partial = PisteStatuses.flowReport(json.readTree("""
                {"etatCourantDepotFlux":"IN_INTEGRE_PARTIEL",
                 "listeErreurDP":[{"numeroDP":"F-12","identifiantFournisseur":"73282932000074",
                   "libelleErreurDP":"Le SIRET du destinataire est inconnu"}],
                 "listeErreurTechnique":[{"codeErreur":"XSD","libelleErreur":"invalide","natureErreur":"FLUX"}]}"""),
                now);
        assertThat(partial.code()).contains("96");
        assertThat(partial.at()).isEqualTo(now);
        assertThat(partial.errors()).containsExactly(
                new PisteStatuses.ReportError("F-12", "73282932000074", null, "Le SIRET du destinataire est inconnu"),
                new PisteStatuses.ReportError(null, null, "XSD", "invalide"));
        assertThat(PisteStatuses.flowReport(json.readTree("{\"etatCourantFlux\":\"IN_REJETE\"}"), now).code())
                .contains("93");
        assertThat(PisteStatuses.flowReport(json.readTree("{\"etatCourantFlux\":\"IN_INCIDENTE\"}"), now).code())
                .contains("93");
    }

    @Test
    void aFlowInProgressHasNoStatusYet() throws Exception {
        assertThat(PisteStatuses.flowReport(json.readTree("{\"etatCourantFlux\":\"IN_EN_COURS_TRAITEMENT_CPP\"}"),
                now).code()).isEmpty();
        assertThat(PisteStatuses.flowReport(json.readTree("{}"), now).code()).isEmpty();
    }

    @Test
    void theHistoryGivesEachPassageItsCppStatutCodeAndTime() throws Exception {
        JsonNode answer = json.readTree("""
                {"codeRetour":0,"idFacture":42,"numeroFacture":"F-1","statutCourantCode":"MISE_EN_PAIEMENT",
                 "historiquesDesStatuts":{"histoStatut":[
                   {"histoStatutId":1,"histoStatutCode":"DEPOSEE","histoStatutDatePassage":"2026-07-01 09:15"},
                   {"histoStatutId":2,"histoStatutCode":"A_RECYCLER","histoStatutDatePassage":"2026-07-02 09:15",
                    "histoStatutCommentaire":"code service inconnu"},
                   {"histoStatutId":3,"histoStatutCode":"MISE_EN_PAIEMENT","histoStatutDatePassage":"2026-07-03 09:15:30"},
                   {"histoStatutId":4,"histoStatutCode":"EN_ATTENTE_VALIDATION_INCONNU"}]}}""");
        List<PisteStatuses.Passage> passages = PisteStatuses.passages(answer);
        assertThat(passages).extracting(PisteStatuses.Passage::code).containsExactly(Optional.of("01"),
                Optional.of("13"), Optional.of("11"), Optional.empty());
        // Paris summer time
        assertThat(passages.get(0).at()).isEqualTo(OffsetDateTime.parse("2026-07-01T09:15+02:00"));
        assertThat(passages.get(2).at()).isEqualTo(OffsetDateTime.parse("2026-07-03T09:15:30+02:00"));
        assertThat(passages.get(1).comment()).isEqualTo("code service inconnu");
        assertThat(passages.get(3).at()).isNull();
        assertThat(PisteStatuses.currentStatus(answer)).isEqualTo("MISE_EN_PAIEMENT");
        assertThat(PisteStatuses.isFinal("MISE_EN_PAIEMENT")).isTrue();
        assertThat(PisteStatuses.isFinal("REJETEE")).isTrue();
        assertThat(PisteStatuses.isFinal("SUSPENDUE")).isFalse();
        assertThat(PisteStatuses.isFinal(null)).isFalse();
    }

    @Test
    void theSearchListsTheInvoicesOfAFlow() throws Exception {
        assertThat(PisteStatuses.foundInvoices(json.readTree("""
                {"parametresRetour":{"pageCourante":1,"pages":1,"total":2},"listeFactures":[
                  {"identifiantFactureCPP":7,"numeroFacture":"F-1","statut":"DEPOSEE"},
                  {"identifiantFactureCPP":8,"numeroFacture":"F-2","statut":null}]}"""))).containsExactly(
                new PisteStatuses.FoundInvoice(7, "F-1", "DEPOSEE"), new PisteStatuses.FoundInvoice(8, "F-2", null));
    }

    @Test
    void apiNamesAndCodesRoundTrip() {
        for (String code : List.of("01", "02", "03", "05", "06", "07", "08", "09", "10", "11", "12", "13")) {
            assertThat(PisteStatuses.apiStatus(code).flatMap(PisteStatuses::invoiceCode)).contains(code);
        }
        // A recycler waits for the supplier (13), it is not a rejection; the API has one rejection for 04 and 05
        assertThat(PisteStatuses.invoiceCode("A_RECYCLER")).contains("13");
        assertThat(PisteStatuses.apiStatus("04")).contains("REJETEE");
        assertThat(PisteStatuses.apiStatus("13")).contains("A_RECYCLER");
        assertThat(PisteStatuses.passageTime(java.time.Instant.parse("2026-01-15T08:00:01Z")))
                .isEqualTo("2026-01-15 09:00:01");
    }
}
