package io.finbridge.inbound;

import java.time.Duration;

/** A source API asked us to come back later (HTTP 429 or 5xx with Retry-After); retryable, at that time. */
public class RetryLaterException extends RuntimeException {

    private final Duration retryAfter;

    public RetryLaterException(String message, Duration retryAfter) {
        super(message);
        this.retryAfter = retryAfter;
    }

    public Duration retryAfter() {
        return retryAfter;
    }
}
