/**
 * Understanding a supplier's file: syntax detection (UBL 2.1 Invoice/CreditNote, CII D16B), secure XSD validation, extraction of the invoice facts, the seller-is-the-tenant rule, the EN 16931 business rules (CEN schematron run with Saxon-HE) and the Chorus Pro B2G rules. Pure beans, no Camel, no tables.
 */
package fr.facteur.invoice;
