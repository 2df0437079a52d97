package io.finbridge.http;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every request the HTTP layer refuses before an application answers it (a path not in canonical form, a missing or
 * wrong login, a throttled address, a foreign origin, a body too large, incomplete or too slow, a request Jetty could
 * not parse) is counted and written to the security log with the sender's address and the reason, never a payload or
 * a credential. Refused webhooks go to the webhook metrics ({@code finbridge_webhooks_received_total{source,outcome}})
 * so that a sender's refusals show in one place whoever refused; the others are counted as
 * {@code finbridge_http_refused_total{area,outcome}}, where the area is the first path segment when it is one this
 * server serves ({@code api}, {@code hawtio}, ...) and {@code other} otherwise, so a caller cannot grow the labels.
 */
public final class Refusals {

    /** Where refused webhooks are counted: {@code WebhookMetrics#refused} has this shape. */
    @FunctionalInterface
    public interface WebhookSink {
        void refused(String source, String outcome, int status, String remote, String reason);
    }

    private static final Logger SECURITY = LoggerFactory.getLogger("finbridge.security");
    private static final String WEBHOOKS = "/webhooks/";
    private final MeterRegistry registry;
    private final Set<String> areas;
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();
    private volatile WebhookSink webhooks;

    Refusals(MeterRegistry registry, Set<String> areas) {
        this.registry = registry;
        this.areas = Set.copyOf(areas);
    }

    /** Sends refused webhooks to {@code sink} from now on (the inbound gateway's metrics, wired after the server). */
    public void countWebhooksIn(WebhookSink sink) {
        this.webhooks = sink;
    }

    /**
     * @param path    the request path (raw or decoded; only its first segments are used)
     * @param outcome a fixed label, e.g. {@code bad_path}, {@code bad_credentials}
     */
    void refused(String path, String remote, int status, String outcome, String reason) {
        WebhookSink sink = webhooks;
        if (sink != null && path != null && path.startsWith(WEBHOOKS)) {
            String rest = path.substring(WEBHOOKS.length());
            int slash = rest.indexOf('/');
            sink.refused(slash < 0 ? rest : rest.substring(0, slash), outcome, status, remote, reason);
            return;
        }
        String area = area(path);
        counters.computeIfAbsent(area + '\n' + outcome, k -> Counter.builder("finbridge.http.refused")
                .description("Requests refused by the HTTP layer (path form, login, throttle, origin, body), by area and outcome")
                .tag("area", area).tag("outcome", outcome)
                .register(registry)).increment();
        if (outcome.equals("unauthenticated")) {
            // a browser's first request before it sends the login: normal, not worth a warning
            SECURITY.debug("refused: area={} status={} outcome={} remote={} reason={}", area, status, outcome, remote, reason);
        } else {
            SECURITY.warn("refused: area={} status={} outcome={} remote={} reason={}", area, status, outcome, remote, reason);
        }
    }

    private String area(String path) {
        if (path == null || path.length() < 2 || path.charAt(0) != '/') {
            return "other";
        }
        int end = path.indexOf('/', 1);
        String first = end < 0 ? path.substring(1) : path.substring(1, end);
        return areas.contains(first) ? first : "other";
    }
}
