package io.finbridge.mapping.reference;

import io.finbridge.inbound.RetryLaterException;
import java.time.Duration;

/**
 * The reference data has not been resolved in Odoo yet (the runtime just started, or Odoo has not answered since):
 * the event is retried shortly instead of going to the exception queue.
 */
public final class ReferencesPendingException extends RetryLaterException {

    public ReferencesPendingException(String message) {
        super(message, Duration.ofSeconds(5));
    }
}
