/**
 * Shared plumbing with no business meaning: operator settings ({@code facteur.*}), the embedded PostgreSQL server, hardened XML factories. Depends on no feature package.
 */
package fr.facteur.platform;
