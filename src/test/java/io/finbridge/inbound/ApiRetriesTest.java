package io.finbridge.inbound;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class ApiRetriesTest {

    private static final Clock NOW = Clock.fixed(Instant.parse("2026-11-30T10:00:00Z"), ZoneOffset.UTC);
    private final ApiRetries retries = new ApiRetries(3, Duration.ofMillis(500), Duration.ofSeconds(5), NOW);

    @Test
    void aRateLimitIsWaitedOutForAsLongAsRetryAfterSays() {
        assertThat(retries.waitAfter("Stripe GET /v1/x", 429, "2", 1, null)).isEqualTo(Duration.ofSeconds(2));
        assertThat(retries.waitAfter("Stripe GET /v1/x", 429, "Mon, 30 Nov 2026 10:00:03 GMT", 1, null)).isEqualTo(Duration.ofSeconds(3));
    }

    @Test
    void aServerErrorBacksOffDoublingUpToTheMaximumWait() {
        assertThat(retries.waitAfter("Stripe", 503, null, 1, null)).isEqualTo(Duration.ofMillis(500));
        assertThat(retries.waitAfter("Stripe", 500, null, 2, null)).isEqualTo(Duration.ofSeconds(1));
        assertThat(retries.waitAfter("Stripe", 0, null, 3, null)).isEqualTo(Duration.ofSeconds(2));
        assertThat(new ApiRetries(10, Duration.ofSeconds(2), Duration.ofSeconds(5), NOW).waitAfter("Stripe", 500, null, 4, null))
                .isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void aWaitLongerThanTheMaximumGoesBackToTheInboxAtTheTimeTheSourceNamed() {
        assertThatThrownBy(() -> retries.waitAfter("Stripe GET /v1/x", 429, "60", 1, "Request rate limit exceeded."))
                .isInstanceOfSatisfying(RetryLaterException.class, e -> assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(60)))
                .hasMessage("Stripe GET /v1/x answered 429 and asks to be called again in 60 s; the event is retried then: "
                        + "Request rate limit exceeded.");
    }

    @Test
    void aFailureThatOutlastsTheRetriesGoesBackToTheInboxWithItsBackoff() {
        assertThatThrownBy(() -> retries.waitAfter("Stripe GET /v1/x", 502, null, 4, null))
                .isInstanceOfSatisfying(RetryLaterException.class, e -> assertThat(e.retryAfter()).isNull())
                .hasMessage("Stripe GET /v1/x answered 502 4 times in a row; the event is retried later");
    }

    @Test
    void onlyRateLimitsAndServerErrorsAreWorthCallingAgain() {
        assertThat(ApiRetries.retryable(429)).isTrue();
        assertThat(ApiRetries.retryable(500)).isTrue();
        assertThat(ApiRetries.retryable(401)).isFalse();
        assertThat(ApiRetries.retryable(404)).isFalse();
    }
}
