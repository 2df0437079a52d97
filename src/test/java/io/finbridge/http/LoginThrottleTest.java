package io.finbridge.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** Failed logins per address: the budget, the window, and the bound on memory. */
class LoginThrottleTest {

    private static final class MovableClock extends Clock {
        Instant now = Instant.parse("2026-12-01T10:00:00Z");

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    private final MovableClock clock = new MovableClock();

    @Test
    void anAddressIsRefusedAfterItsBudgetUntilTheWindowEnds() {
        LoginThrottle throttle = new LoginThrottle(3, Duration.ofMinutes(1), 100, clock);
        for (int i = 0; i < 3; i++) {
            assertThat(throttle.retryAfterSeconds("203.0.113.7")).isZero();
            throttle.failed("203.0.113.7");
        }
        assertThat(throttle.retryAfterSeconds("203.0.113.7")).isEqualTo(60);
        assertThat(throttle.retryAfterSeconds("198.51.100.1")).as("another address").isZero();
        clock.now = clock.now.plusSeconds(45);
        assertThat(throttle.retryAfterSeconds("203.0.113.7")).isEqualTo(15);
        clock.now = clock.now.plusSeconds(15);
        assertThat(throttle.retryAfterSeconds("203.0.113.7")).as("a new window").isZero();
    }

    @Test
    void manyAddressesAreTrackedWithinTheBoundAndTheRestShareOneWindow() {
        LoginThrottle throttle = new LoginThrottle(2, Duration.ofMinutes(1), 10, clock);
        for (int i = 0; i < 1000; i++) {
            throttle.failed("10.0." + (i / 250) + "." + (i % 250));
        }
        assertThat(throttle.trackedAddresses()).isLessThanOrEqualTo(11);
        assertThat(throttle.retryAfterSeconds("10.0.3.249")).as("an address beyond the bound is throttled with the others").isPositive();
    }

    @Test
    void expiredWindowsMakeRoomForNewAddresses() {
        LoginThrottle throttle = new LoginThrottle(2, Duration.ofMinutes(1), 10, clock);
        for (int i = 0; i < 10; i++) {
            throttle.failed("10.0.0." + i);
        }
        clock.now = clock.now.plusSeconds(61);
        throttle.failed("192.0.2.1");
        throttle.failed("192.0.2.1");
        assertThat(throttle.retryAfterSeconds("192.0.2.1")).isPositive();
        assertThat(throttle.retryAfterSeconds("192.0.2.2")).as("not lumped in with the overflow").isZero();
    }
}
