package io.finbridge.http;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Failed logins per client address: after {@code maxFailures} within one window the address is refused (429) until
 * the window ends, whatever it sends, so a password cannot be guessed faster than that. Memory is bounded: at most
 * {@code maxAddresses} are tracked; when that many are, expired windows are dropped first, and addresses beyond the
 * bound share one window, so many addresses are throttled together rather than not at all.
 */
final class LoginThrottle {

    private static final String OVERFLOW = "(other addresses)";
    private final int maxFailures;
    private final long windowMillis;
    private final int maxAddresses;
    private final Clock clock;
    private final Map<String, Window> windows = new ConcurrentHashMap<>();

    LoginThrottle(int maxFailures, Duration window, int maxAddresses, Clock clock) {
        if (maxFailures < 1 || window.isNegative() || window.isZero() || maxAddresses < 1) {
            throw new IllegalArgumentException("login throttle needs maxFailures >= 1, a positive window and maxAddresses >= 1");
        }
        this.maxFailures = maxFailures;
        this.windowMillis = window.toMillis();
        this.maxAddresses = maxAddresses;
        this.clock = clock;
    }

    /** Seconds until {@code address} may try again, or 0 when it may now. */
    long retryAfterSeconds(String address) {
        Window w = windows.get(address);
        if (w == null) {
            w = windows.get(OVERFLOW); // an address not tracked may be one of those sharing the overflow window
        }
        if (w == null) {
            return 0;
        }
        long now = clock.millis();
        synchronized (w) {
            if (now - w.start >= windowMillis || w.failures < maxFailures) {
                return 0;
            }
            return Math.max(1, (w.start + windowMillis - now + 999) / 1000);
        }
    }

    /** Records a failed login from {@code address}. */
    void failed(String address) {
        long now = clock.millis();
        Window w = windows.computeIfAbsent(key(address), k -> new Window(now));
        synchronized (w) {
            if (now - w.start >= windowMillis) {
                w.start = now;
                w.failures = 0;
            }
            w.failures++;
        }
    }

    int trackedAddresses() {
        return windows.size();
    }

    private String key(String address) {
        if (windows.containsKey(address) || windows.size() < maxAddresses) {
            return address;
        }
        long now = clock.millis();
        windows.entrySet().removeIf(e -> !e.getKey().equals(OVERFLOW) && now - e.getValue().start >= windowMillis);
        return windows.size() < maxAddresses ? address : OVERFLOW;
    }

    private static final class Window {
        long start;
        int failures;

        Window(long start) {
            this.start = start;
        }
    }
}
