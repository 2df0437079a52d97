package io.finbridge.inbound;

import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * How a source's API is called again after a failure (Stripe, Shopify's Admin API): a {@code 429} is waited out for
 * as long as its {@code Retry-After} says, a {@code 5xx} or a lost connection after {@code delay}, doubling, up to
 * {@code retries} times. A wait longer than {@code maxWait}, or a failure that outlasts the retries, goes back to the
 * inbox as a {@link RetryLaterException} (at the time the source named, else with the inbox's backoff): an inbox worker
 * never sleeps for more than a few seconds, and a source that is down does not count against Odoo's circuit.
 */
public record ApiRetries(int retries, Duration delay, Duration maxWait, Clock clock) {

    public ApiRetries {
        if (retries < 0) {
            throw new IllegalArgumentException("retries cannot be negative: " + retries);
        }
    }

    /** Whether an HTTP status is worth calling again for: rate limited, or the server's own failure. */
    public static boolean retryable(int status) {
        return status == 429 || status >= 500;
    }

    /**
     * How long to wait before calling again after the {@code attempt}-th call failed with {@code status} ({@code 0}
     * when no answer came: refused, reset, timed out); throws {@link RetryLaterException} when the event should rather
     * be retried later by the inbox. {@code what} names the call in messages ({@code "Stripe GET /v1/balance_transactions"}),
     * {@code why} is the source's own message, if any.
     */
    public Duration waitAfter(String what, int status, String retryAfter, int attempt, String why) {
        Duration asked = retryAfter(retryAfter);
        String answer = status == 0 ? "failed without an answer" : "answered " + status;
        String detail = why == null || why.isBlank() ? "" : ": " + why;
        if (asked != null && asked.compareTo(maxWait) > 0) {
            throw new RetryLaterException(what + " " + answer + " and asks to be called again in " + asked.toSeconds()
                    + " s; the event is retried then" + detail, asked);
        }
        if (attempt > retries) {
            throw new RetryLaterException(what + " " + answer + " " + attempt + " times in a row; the event is retried later"
                    + detail, asked);
        }
        if (asked != null) {
            return asked;
        }
        Duration backoff = delay.multipliedBy(1L << Math.min(attempt - 1, 20));
        return backoff.compareTo(maxWait) > 0 ? maxWait : backoff;
    }

    /** {@code Retry-After} as seconds ({@code 2}) or as an HTTP date; null when absent or unreadable. */
    Duration retryAfter(String header) {
        if (header == null || header.isBlank()) {
            return null;
        }
        String v = header.strip();
        try {
            return Duration.ofSeconds(Math.max(0, Long.parseLong(v)));
        } catch (NumberFormatException notSeconds) {
            try {
                Duration d = Duration.between(clock.instant(), ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
                return d.isNegative() ? Duration.ZERO : d;
            } catch (DateTimeParseException notADate) {
                return null;
            }
        }
    }
}
