/**
 * The tracking store's read side and the invoice/flow records: GET /api/invoices, /api/invoices/{id}, /api/flows/{id}. Owns the invoice and flow tables.
 */
package fr.facteur.tracking;
