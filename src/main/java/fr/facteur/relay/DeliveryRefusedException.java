package fr.facteur.relay;

/**
 * The supplier's endpoint answered that it will never take this delivery (e.g. a webhook answering 400, 401, 403,
 * 404, 413, 422): trying again cannot help. The delivery is marked FAILED, kept and shown (GET /api/relay/{tenant}),
 * and the tenant's next deliveries proceed.
 */
public class DeliveryRefusedException extends RuntimeException {

    public DeliveryRefusedException(String message) {
        super(message);
    }
}
