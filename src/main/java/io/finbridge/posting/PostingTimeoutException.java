package io.finbridge.posting;

import io.finbridge.inbound.RetryLaterException;
import java.time.Duration;

/**
 * The batch a posting went into gave no outcome in time (Odoo very slow, or the runtime stopping): the event is
 * retried; if the batch did write meanwhile, the binder or the natural key finds the record, so nothing is doubled.
 */
public final class PostingTimeoutException extends RetryLaterException {

    public PostingTimeoutException(Posting p, Duration waited) {
        super("no outcome for " + p + " within " + waited.toSeconds() + " s", Duration.ofSeconds(5));
    }
}
