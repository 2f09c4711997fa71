/**
 * Per-tenant mappings: turn a supplier's own file format (its ERP's XML) into UBL before it is validated like any
 * other invoice. The mapping is an XSLT in the operator's configuration, named by the tenant file
 * ({@code mapping: { xslt: config/mappings/<tenant>.xsl }}).
 */
package fr.facteur.invoice.mapping;
