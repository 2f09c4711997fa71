/**
 * Understanding a supplier's file: syntax detection (UBL 2.1 Invoice/CreditNote, CII D16B), secure XSD validation, extraction of the invoice facts, the seller-is-the-tenant rule. Pure beans, no Camel, no tables.
 */
package fr.facteur.invoice;
