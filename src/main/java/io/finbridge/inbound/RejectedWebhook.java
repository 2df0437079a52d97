package io.finbridge.inbound;

/** A webhook refused before it reached the inbox; the status and reason are what the sender receives. */
public final class RejectedWebhook extends RuntimeException {

    private final int status;
    private final String outcome;

    public RejectedWebhook(int status, String outcome, String reason) {
        super(reason, null, false, false);
        this.status = status;
        this.outcome = outcome;
    }

    public int status() {
        return status;
    }

    /** The metric label: bad_signature, malformed, too_large, unknown_source, missing_key. */
    public String outcome() {
        return outcome;
    }
}
