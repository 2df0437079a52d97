package io.finbridge.inbound;

import io.finbridge.config.Settings;
import java.time.Duration;

/** How the workers treat the inbox: concurrency, polling, retry backoff, parking and the circuit breaker. */
public record InboxPolicy(int workers, Duration pollInterval, Duration retryBase, Duration retryMax, int maxAttempts,
                          Duration parkRetry, Duration parkMaxWait, Duration staleClaim, Duration circuitOpen,
                          int circuitMinimumCalls, Duration circuitProbeInterval, Duration circuitProbeMaxInterval) {

    /** How much longer each probe of an open circuit waits than the one before, up to the maximum. */
    static final double PROBE_BACKOFF = 1.5;

    public static InboxPolicy from(Settings s) {
        return new InboxPolicy(
                s.getInt("finbridge.inbox.workers", 4),
                s.getDuration("finbridge.inbox.poll-interval", Duration.ofMillis(500)),
                s.getDuration("finbridge.inbox.retry-base", Duration.ofSeconds(5)),
                s.getDuration("finbridge.inbox.retry-max", Duration.ofHours(1)),
                s.getInt("finbridge.inbox.max-attempts", 25),
                s.getDuration("finbridge.inbox.park-retry", Duration.ofMinutes(5)),
                s.getDuration("finbridge.inbox.park-max-wait", Duration.ofHours(24)),
                s.getDuration("finbridge.inbox.stale-claim", Duration.ofSeconds(60)),
                s.getDuration("finbridge.inbox.circuit-open", Duration.ofSeconds(30)),
                s.getInt("finbridge.inbox.circuit-minimum-calls", 5),
                s.getDuration("finbridge.inbox.circuit-probe-interval", Duration.ofSeconds(5)),
                s.getDuration("finbridge.inbox.circuit-probe-max-interval", Duration.ofSeconds(15)));
    }

    /** Exponential backoff: base, 2x base, 4x base ... capped at the maximum. */
    public Duration backoff(int attempt) {
        long factor = 1L << Math.min(Math.max(attempt - 1, 0), 20);
        long ms = Math.min(retryBase.toMillis() * factor, retryMax.toMillis());
        return Duration.ofMillis(ms);
    }

    /**
     * The wait before the {@code probe}-th probe (from 1) of an open circuit: the probe interval, 1.5 times longer per
     * probe up to the maximum, and of that between half and all (jitter, from {@code random} in [0, 1)), so that
     * instances do not probe in step and the wait never exceeds the interval it stands for.
     */
    public Duration probeWait(int probe, double random) {
        double nominal = Math.min(Math.max(circuitProbeMaxInterval.toMillis(), circuitProbeInterval.toMillis()),
                circuitProbeInterval.toMillis() * Math.pow(PROBE_BACKOFF, Math.max(probe - 1, 0)));
        return Duration.ofMillis((long) (nominal * (0.5 + 0.5 * random)));
    }
}
