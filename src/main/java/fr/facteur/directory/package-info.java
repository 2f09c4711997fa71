/**
 * The public-structures directory (FAR0037-like): recipients and services with their flags. Placeholder until the validation issue.
 */
package fr.facteur.directory;
