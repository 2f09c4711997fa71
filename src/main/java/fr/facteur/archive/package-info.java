/**
 * The on-disk archive: content-addressed originals, flows, signatures and return files under the data directory. Owns the archive/ folder.
 */
package fr.facteur.archive;
