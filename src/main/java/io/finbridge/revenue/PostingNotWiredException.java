package io.finbridge.revenue;

/** Thrown by the placeholder posting routes until they are wired to the Odoo posting foundation. */
public final class PostingNotWiredException extends RuntimeException {

    public PostingNotWiredException(String message) {
        super(message);
    }
}
