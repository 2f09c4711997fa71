package fr.facteur.tracking;

import java.time.OffsetDateTime;

/** A Chorus Pro flow as tracked. */
public record FlowRecord(long id, long documentId, String tenantId, String flowRef, String name, String interfaceCode,
        String archivePath, String signaturePath, String state, String numeroFluxDepot, OffsetDateTime createdAt,
        OffsetDateTime queuedAt, OffsetDateTime transmittedAt, OffsetDateTime reportAt) {

    public static final String PACKAGED = "PACKAGED";
    public static final String QUEUED = "QUEUED";
    public static final String TRANSMITTED = "TRANSMITTED";

    public boolean isTransmitted() {
        return transmittedAt != null;
    }
}
