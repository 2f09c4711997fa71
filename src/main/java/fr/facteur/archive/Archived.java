package fr.facteur.archive;

/**
 * A file kept in the archive.
 *
 * @param sha256       hex SHA-256 of the bytes
 * @param relativePath path under the data directory, as stored in the tracking tables
 */
public record Archived(String sha256, String relativePath, long size) {
}
