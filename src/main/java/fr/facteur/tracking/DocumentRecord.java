package fr.facteur.tracking;

import java.time.OffsetDateTime;

/** A distinct file a tenant sent (tenant + SHA-256), as tracked. */
public record DocumentRecord(long id, String tenantId, String sha256, String fileName, String channel, long sizeBytes,
        String archivePath, OffsetDateTime receivedAt, String state, String syntax, String rejection) {

    public static final String RECEIVED = "RECEIVED";
    public static final String ACCEPTED = "ACCEPTED";
    public static final String REJECTED = "REJECTED";

    /** True once the document was fully handled: a new arrival of the same bytes is a duplicate. */
    public boolean isSettled() {
        return ACCEPTED.equals(state) || REJECTED.equals(state);
    }
}
