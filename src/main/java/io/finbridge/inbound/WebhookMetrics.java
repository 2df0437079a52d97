package io.finbridge.inbound;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts every webhook by source and outcome, times acknowledgements, and writes refusals to the security log
 * ({@code finbridge.security}) with the sender's address and the reason, never the payload.
 */
public final class WebhookMetrics {

    private static final Logger SECURITY = LoggerFactory.getLogger("finbridge.security");
    private final MeterRegistry registry;
    private final java.util.Set<String> sources;
    // looked up once per source and outcome, not built and registered again on every request
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();
    private final Map<String, Timer> timers = new ConcurrentHashMap<>();

    /** @param sources the configured sources: any other name a sender puts in the path is counted as "unknown" */
    public WebhookMetrics(MeterRegistry registry, java.util.Set<String> sources) {
        this.registry = registry;
        this.sources = java.util.Set.copyOf(sources);
    }

    public void count(String source, String outcome) {
        counters.computeIfAbsent(source + '\n' + outcome, k -> counter(source, outcome)).increment();
    }

    private Counter counter(String source, String outcome) {
        return Counter.builder("finbridge.webhooks.received")
                .description("Webhook requests by source and outcome")
                .tag("source", source).tag("outcome", outcome)
                .register(registry);
    }

    public void acknowledged(String source, Duration took) {
        timers.computeIfAbsent(source, k -> Timer.builder("finbridge.webhooks.ack")
                .description("Time from request to acknowledgement (verify, store, answer)")
                .tag("source", source)
                .publishPercentileHistogram()
                .maximumExpectedValue(Duration.ofSeconds(5))
                .register(registry)).record(took);
    }

    public void refused(String source, String outcome, int status, String remote, String reason) {
        // a refused request's source is whatever the sender put in the path: only configured names become labels,
        // so a sender cannot grow the metrics without bound
        count(sources.contains(source) ? source : "unknown", outcome);
        SECURITY.warn("webhook refused: source={} status={} outcome={} remote={} reason={}", source, status, outcome, remote, reason);
    }
}
