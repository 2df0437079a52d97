package io.finbridge.inbound;

/**
 * Shopify's Admin API refused a request for a reason calling again does not change (a wrong or revoked access token,
 * a missing scope, an order that does not exist), or answered with something its API does not document. Carries
 * Shopify's status and message. Not retried: the event goes to the exception queue; fix the cause, then replay.
 */
public class ShopifyApiException extends RuntimeException {

    private final int status;

    public ShopifyApiException(String message, int status) {
        super(message);
        this.status = status;
    }

    public int status() {
        return status;
    }
}
