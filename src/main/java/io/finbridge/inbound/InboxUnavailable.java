package io.finbridge.inbound;

/** The inbox could not store an event in time; the sender gets 503 and retries, nothing was acknowledged. */
public final class InboxUnavailable extends RuntimeException {
    public InboxUnavailable(String message) {
        super(message);
    }
}
