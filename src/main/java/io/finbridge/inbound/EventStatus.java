package io.finbridge.inbound;

/** Where an inbox event is in its life. */
public enum EventStatus {
    /** Stored, waiting for a worker. */
    RECEIVED,
    /** Claimed by an instance's worker. */
    PROCESSING,
    /** Failed with a retryable error; waits for its next attempt. */
    RETRYING,
    /** Waits for something it depends on (e.g. the invoice of a payment) to land. */
    PARKED,
    /** Posted. */
    DONE,
    /**
     * Stored while no flow handled its type (the reason is in its trace); kept so that an operator can re-drive it
     * once its flow exists ({@code POST /api/events/redrive}).
     */
    IGNORED,
    /** In the exception queue, waiting for an operator. */
    FAILED,
    /** An operator decided it must not be posted. */
    DISCARDED
}
