package io.finbridge.inbound;

import java.time.Duration;
import org.apache.camel.Exchange;

/**
 * The state of one source-API call that a route's {@code loop} makes again after a {@code 429}, a {@code 5xx} or no
 * answer ({@link ApiRetries} decides how long to wait, or sends the event back to the inbox). Kept in exchange
 * properties named for the API: {@code <api>CallAgain} and {@code <api>CallWaitMillis}, which the route reads, and
 * {@code <api>CallAttempt}.
 */
record ApiCallLoop(String api) {

    String again() {
        return api + "CallAgain";
    }

    String waitMillis() {
        return api + "CallWaitMillis";
    }

    private String attempt() {
        return api + "CallAttempt";
    }

    /** Before the first call. */
    void begin(Exchange exchange) {
        exchange.setProperty(attempt(), 0);
        call(exchange, true, 0);
    }

    /** After an answer: counts the call; a 2xx ends the loop (true). */
    boolean succeeded(Exchange exchange) {
        counted(exchange);
        int status = status(exchange);
        if (status >= 200 && status < 300) {
            call(exchange, false, 0);
            return true;
        }
        return false;
    }

    /**
     * After an answer that is not a 2xx: a {@code 429} or {@code 5xx} is called again after the wait {@code retries}
     * gives (true), or goes back to the inbox (thrown); false for an answer not worth calling again for.
     * {@code message} is the source's own, if any.
     */
    boolean retrying(Exchange exchange, ApiRetries retries, String what, String message) {
        int status = status(exchange);
        if (!ApiRetries.retryable(status)) {
            return false;
        }
        Duration wait = retries.waitAfter(what, status, exchange.getMessage().getHeader("Retry-After", String.class),
                exchange.getProperty(attempt(), 0, Integer.class), message);
        call(exchange, true, wait.toMillis());
        return true;
    }

    /** A call that got no answer (refused, reset, timed out) is called again like a {@code 5xx}. */
    void unreachable(Exchange exchange, ApiRetries retries, String what) {
        int attempt = counted(exchange);
        Exception cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        String why = cause == null ? null : cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage());
        call(exchange, true, retries.waitAfter(what, 0, null, attempt, why).toMillis());
    }

    private int counted(Exchange exchange) {
        int attempt = exchange.getProperty(attempt(), 0, Integer.class) + 1;
        exchange.setProperty(attempt(), attempt);
        return attempt;
    }

    private static int status(Exchange exchange) {
        return exchange.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, 0, Integer.class);
    }

    private void call(Exchange exchange, boolean again, long waitMillis) {
        exchange.setProperty(again(), again);
        exchange.setProperty(waitMillis(), waitMillis);
    }
}
