<?xml version="1.0" encoding="UTF-8"?>
<!--
  Mapping of the demo tenant lefevre (config/tenants/lefevre.yaml): its ERP's EXPORT_FACTURE (samples/legacy-lefevre.xml)
  to a UBL 2.1 Invoice, EN 16931 core. Run by the gateway with the JDK's XSLT 1.0 engine, secure processing on: no
  extension functions, no document() or include outside this file.

  Assumptions of this ERP's format (agreed with the supplier): invoices only (TYPE FACTURE: credit notes are refused
  with a message), one VAT rate per invoice (standard rate, category S), dates as dd/mm/yyyy, amounts with a dot.
  A missing or unexpected value stops the mapping with xsl:message terminate="yes": the supplier gets MAPPING-FAILED
  with that message. Everything else (totals, SIRETs, IBAN...) is checked afterwards on the UBL, by the XSD, the
  EN 16931 rules and the Chorus Pro rules, as for any supplier.
-->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"
    xmlns:cac="urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2"
    xmlns:cbc="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2">
  <xsl:output method="xml" encoding="UTF-8" indent="yes"/>

  <xsl:template match="/">
    <xsl:if test="not(EXPORT_FACTURE)">
      <xsl:message terminate="yes">l'élément racine doit être EXPORT_FACTURE / the root element must be EXPORT_FACTURE</xsl:message>
    </xsl:if>
    <xsl:apply-templates select="EXPORT_FACTURE"/>
  </xsl:template>

  <!-- dd/mm/yyyy to yyyy-mm-dd -->
  <xsl:template name="date">
    <xsl:param name="d"/>
    <xsl:if test="string-length($d) != 10 or substring($d, 3, 1) != '/' or substring($d, 6, 1) != '/'">
      <xsl:message terminate="yes">date <xsl:value-of select="$d"/> : format jj/mm/aaaa attendu / dd/mm/yyyy expected</xsl:message>
    </xsl:if>
    <xsl:value-of select="concat(substring($d, 7, 4), '-', substring($d, 4, 2), '-', substring($d, 1, 2))"/>
  </xsl:template>

  <xsl:template name="address">
    <xsl:param name="party"/>
    <cac:PostalAddress>
      <cbc:StreetName><xsl:value-of select="$party/ADRESSE"/></cbc:StreetName>
      <cbc:CityName><xsl:value-of select="$party/VILLE"/></cbc:CityName>
      <cbc:PostalZone><xsl:value-of select="$party/CP"/></cbc:PostalZone>
      <cac:Country><cbc:IdentificationCode>FR</cbc:IdentificationCode></cac:Country>
    </cac:PostalAddress>
  </xsl:template>

  <xsl:template match="EXPORT_FACTURE">
    <xsl:variable name="currency" select="ENTETE/DEVISE"/>
    <xsl:if test="normalize-space(ENTETE/NUM_FACT) = ''">
      <xsl:message terminate="yes">NUM_FACT absent : numéro de facture obligatoire / NUM_FACT missing: the invoice number is required</xsl:message>
    </xsl:if>
    <xsl:if test="ENTETE/TYPE != 'FACTURE'">
      <xsl:message terminate="yes">TYPE <xsl:value-of select="ENTETE/TYPE"/> non pris en charge, seules les factures (FACTURE) le sont / TYPE <xsl:value-of select="ENTETE/TYPE"/> not supported, invoices (FACTURE) only</xsl:message>
    </xsl:if>
    <Invoice>
      <cbc:CustomizationID>urn:cen.eu:en16931:2017</cbc:CustomizationID>
      <cbc:ProfileID><xsl:value-of select="ENTETE/CADRE"/></cbc:ProfileID>
      <cbc:ID><xsl:value-of select="normalize-space(ENTETE/NUM_FACT)"/></cbc:ID>
      <cbc:IssueDate><xsl:call-template name="date"><xsl:with-param name="d" select="ENTETE/DATE_FACT"/></xsl:call-template></cbc:IssueDate>
      <xsl:if test="ENTETE/DATE_ECH">
        <cbc:DueDate><xsl:call-template name="date"><xsl:with-param name="d" select="ENTETE/DATE_ECH"/></xsl:call-template></cbc:DueDate>
      </xsl:if>
      <cbc:InvoiceTypeCode>380</cbc:InvoiceTypeCode>
      <cbc:DocumentCurrencyCode><xsl:value-of select="$currency"/></cbc:DocumentCurrencyCode>
      <xsl:if test="DESTINATAIRE/@SERVICE">
        <cbc:BuyerReference><xsl:value-of select="DESTINATAIRE/@SERVICE"/></cbc:BuyerReference>
      </xsl:if>
      <xsl:if test="DESTINATAIRE/@ENGAGEMENT">
        <cac:OrderReference><cbc:ID><xsl:value-of select="DESTINATAIRE/@ENGAGEMENT"/></cbc:ID></cac:OrderReference>
      </xsl:if>
      <cac:AccountingSupplierParty>
        <cac:Party>
          <cac:PartyIdentification><cbc:ID schemeID="0009"><xsl:value-of select="EMETTEUR/@SIRET"/></cbc:ID></cac:PartyIdentification>
          <cac:PartyName><cbc:Name><xsl:value-of select="EMETTEUR/RAISON_SOCIALE"/></cbc:Name></cac:PartyName>
          <xsl:call-template name="address"><xsl:with-param name="party" select="EMETTEUR"/></xsl:call-template>
          <cac:PartyTaxScheme>
            <cbc:CompanyID><xsl:value-of select="EMETTEUR/@TVA"/></cbc:CompanyID>
            <cac:TaxScheme><cbc:ID>VAT</cbc:ID></cac:TaxScheme>
          </cac:PartyTaxScheme>
          <cac:PartyLegalEntity>
            <cbc:RegistrationName><xsl:value-of select="EMETTEUR/RAISON_SOCIALE"/></cbc:RegistrationName>
            <cbc:CompanyID schemeID="0002"><xsl:value-of select="substring(EMETTEUR/@SIRET, 1, 9)"/></cbc:CompanyID>
          </cac:PartyLegalEntity>
        </cac:Party>
      </cac:AccountingSupplierParty>
      <cac:AccountingCustomerParty>
        <cac:Party>
          <cac:PartyIdentification><cbc:ID schemeID="0009"><xsl:value-of select="DESTINATAIRE/@SIRET"/></cbc:ID></cac:PartyIdentification>
          <cac:PartyName><cbc:Name><xsl:value-of select="DESTINATAIRE/RAISON_SOCIALE"/></cbc:Name></cac:PartyName>
          <xsl:call-template name="address"><xsl:with-param name="party" select="DESTINATAIRE"/></xsl:call-template>
          <cac:PartyLegalEntity>
            <cbc:RegistrationName><xsl:value-of select="DESTINATAIRE/RAISON_SOCIALE"/></cbc:RegistrationName>
            <cbc:CompanyID schemeID="0009"><xsl:value-of select="DESTINATAIRE/@SIRET"/></cbc:CompanyID>
          </cac:PartyLegalEntity>
        </cac:Party>
      </cac:AccountingCustomerParty>
      <xsl:if test="EMETTEUR/IBAN">
        <cac:PaymentMeans>
          <cbc:PaymentMeansCode>30</cbc:PaymentMeansCode>
          <cac:PayeeFinancialAccount>
            <cbc:ID><xsl:value-of select="translate(EMETTEUR/IBAN, ' ', '')"/></cbc:ID>
            <cbc:Name><xsl:value-of select="EMETTEUR/RAISON_SOCIALE"/></cbc:Name>
          </cac:PayeeFinancialAccount>
        </cac:PaymentMeans>
      </xsl:if>
      <xsl:if test="CONDITIONS">
        <cac:PaymentTerms><cbc:Note><xsl:value-of select="CONDITIONS"/></cbc:Note></cac:PaymentTerms>
      </xsl:if>
      <cac:TaxTotal>
        <cbc:TaxAmount currencyID="{$currency}"><xsl:value-of select="TOTAUX/@TVA"/></cbc:TaxAmount>
        <cac:TaxSubtotal>
          <cbc:TaxableAmount currencyID="{$currency}"><xsl:value-of select="TOTAUX/@HT"/></cbc:TaxableAmount>
          <cbc:TaxAmount currencyID="{$currency}"><xsl:value-of select="TOTAUX/@TVA"/></cbc:TaxAmount>
          <cac:TaxCategory>
            <cbc:ID>S</cbc:ID>
            <cbc:Percent><xsl:value-of select="LIGNES/LIGNE[1]/@TVA"/></cbc:Percent>
            <cac:TaxScheme><cbc:ID>VAT</cbc:ID></cac:TaxScheme>
          </cac:TaxCategory>
        </cac:TaxSubtotal>
      </cac:TaxTotal>
      <cac:LegalMonetaryTotal>
        <cbc:LineExtensionAmount currencyID="{$currency}"><xsl:value-of select="TOTAUX/@HT"/></cbc:LineExtensionAmount>
        <cbc:TaxExclusiveAmount currencyID="{$currency}"><xsl:value-of select="TOTAUX/@HT"/></cbc:TaxExclusiveAmount>
        <cbc:TaxInclusiveAmount currencyID="{$currency}"><xsl:value-of select="TOTAUX/@TTC"/></cbc:TaxInclusiveAmount>
        <cbc:PayableAmount currencyID="{$currency}"><xsl:value-of select="TOTAUX/@TTC"/></cbc:PayableAmount>
      </cac:LegalMonetaryTotal>
      <xsl:for-each select="LIGNES/LIGNE">
        <cac:InvoiceLine>
          <cbc:ID><xsl:value-of select="@NO"/></cbc:ID>
          <cbc:InvoicedQuantity unitCode="H87"><xsl:value-of select="@QTE"/></cbc:InvoicedQuantity>
          <cbc:LineExtensionAmount currencyID="{$currency}"><xsl:value-of select="@MONTANT_HT"/></cbc:LineExtensionAmount>
          <cac:Item>
            <cbc:Name><xsl:value-of select="normalize-space(.)"/></cbc:Name>
            <cac:SellersItemIdentification><cbc:ID><xsl:value-of select="@REF"/></cbc:ID></cac:SellersItemIdentification>
            <cac:ClassifiedTaxCategory>
              <cbc:ID>S</cbc:ID>
              <cbc:Percent><xsl:value-of select="@TVA"/></cbc:Percent>
              <cac:TaxScheme><cbc:ID>VAT</cbc:ID></cac:TaxScheme>
            </cac:ClassifiedTaxCategory>
          </cac:Item>
          <cac:Price><cbc:PriceAmount currencyID="{$currency}"><xsl:value-of select="@PU"/></cbc:PriceAmount></cac:Price>
        </cac:InvoiceLine>
      </xsl:for-each>
    </Invoice>
  </xsl:template>
</xsl:stylesheet>
