/**
 * Suppliers (tenants): loading and validating config/tenants/*.yaml, installing valid tenants without restart, reporting invalid ones, and GET /api/tenants. Owns the tenant files and their in-memory registry.
 */
package fr.facteur.tenant;
