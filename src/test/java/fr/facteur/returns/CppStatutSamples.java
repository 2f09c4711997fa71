package fr.facteur.returns;

import java.util.List;

/** CPPStatut return files as Chorus Pro writes them (chorus-pro.md §3), built for a test. */
public final class CppStatutSamples {

    /** The public buyer of every sample invoice. */
    public static final String DEBTOR = "11000201100044";

    private CppStatutSamples() {
    }

    /** One CPPFactureStatutUnitaire. */
    public record InvoiceUnit(String supplierSiret, String debtorSiret, String invoiceNumber, String code,
            String timestamp, String comment) {

        public static InvoiceUnit of(String supplierSiret, String invoiceNumber, String code, String timestamp) {
            return new InvoiceUnit(supplierSiret, DEBTOR, invoiceNumber, code, timestamp, null);
        }
    }

    /** One CPPFluxStatutUnitaire, with LigneErreurDetail lines given as {nature, code, label, description}. */
    public record FlowUnit(String flowName, String code, String numeroFluxDepot, String timestamp,
            List<String[]> errors) {
    }

    public static String invoiceStatuses(InvoiceUnit... units) {
        StringBuilder xml = new StringBuilder();
        int n = 0;
        for (InvoiceUnit u : units) {
            xml.append("""
                        <CPPFactureStatutUnitaire NumOrdre="%d">
                          <Fournisseur><TypeIdentifiant>1</TypeIdentifiant><Identifiant>%s</Identifiant><RaisonSociale>Fournisseur %s</RaisonSociale></Fournisseur>
                          <Debiteur><TypeIdentifiant>1</TypeIdentifiant><Identifiant>%s</Identifiant></Debiteur>
                          <DonneesStatut><IdStatut>%s</IdStatut>%s<Horodatage>%s</Horodatage><IdFacture>%s</IdFacture><DateFacture>2026-11-02</DateFacture></DonneesStatut>
                        </CPPFactureStatutUnitaire>
                    """.formatted(++n, u.supplierSiret(), u.supplierSiret(), u.debtorSiret(), u.code(),
                    u.comment() == null ? "" : "<Commentaire>" + u.comment() + "</Commentaire>", u.timestamp(),
                    u.invoiceNumber()));
        }
        return document("CPPFactureStatuts", n, xml.toString());
    }

    public static String flowStatuses(FlowUnit... units) {
        StringBuilder xml = new StringBuilder();
        int n = 0;
        for (FlowUnit u : units) {
            StringBuilder errors = new StringBuilder();
            if (!u.errors().isEmpty()) {
                errors.append("<Details NbLignesErreur=\"").append(u.errors().size()).append("\">");
                int line = 0;
                for (String[] e : u.errors()) {
                    errors.append("""
                            <LigneErreurDetail IdLigne="%d"><NatureErreur>%s</NatureErreur><CodeErreur>%s</CodeErreur><LibelleErreur>%s</LibelleErreur><DescriptionErreur>%s</DescriptionErreur></LigneErreurDetail>"""
                            .formatted(++line, e[0], e[1], e[2], e[3]));
                }
                errors.append("</Details>");
            }
            xml.append("""
                        <CPPFluxStatutUnitaire NumOrdre="%d">
                          <DonneesStatut><IdStatut>%s</IdStatut><ComplementStatut>%s</ComplementStatut><Commentaire>Flux traité</Commentaire><Horodatage>%s</Horodatage><IdProducteur>CPP</IdProducteur><IdFlux>%s</IdFlux>%s</DonneesStatut>
                        </CPPFluxStatutUnitaire>
                    """.formatted(++n, u.code(), u.numeroFluxDepot(), u.timestamp(), u.flowName(), errors));
        }
        return document("CPPFluxStatuts", n, xml.toString());
    }

    private static String document(String section, int count, String units) {
        return """
                <?xml version="1.0" encoding="UTF-8"?>
                <CPPStatut Version="V1_19">
                  <Enveloppe><EnveloppeUnitaire NumOrdre="1">
                    <Parametres>
                      <ParametreIndiv NumOrdre="0001"><Code>DtPrd</Code><Valeurparametre>2026-11-29</Valeurparametre></ParametreIndiv>
                      <ParametreIndiv NumOrdre="0002"><Code>IdFlx</Code><Valeurparametre>TEST</Valeurparametre></ParametreIndiv>
                    </Parametres>
                    <Partenaires><Recepteur><Id>AAA999</Id></Recepteur><Emetteur><Id>CPP</Id></Emetteur></Partenaires>
                  </EnveloppeUnitaire></Enveloppe>
                  <%s compteur="%d">
                %s  </%s>
                </CPPStatut>
                """.formatted(section, count, units, section);
    }
}
