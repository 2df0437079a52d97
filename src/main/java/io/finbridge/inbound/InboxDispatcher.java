package io.finbridge.inbound;

import io.finbridge.privacy.Excerpt;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.finbridge.audit.AuditEntry;
import io.finbridge.review.Failure;
import io.finbridge.store.Columns;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.camel.CamelContext;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.Route;
import org.apache.camel.support.DefaultExchange;
import org.apache.camel.support.service.ServiceSupport;
import io.finbridge.ops.Tracing;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The inbox's workers: claim due events from the store (the truth; nothing is queued only in memory), hand each to
 * its source's flow at {@code direct:inbox-<source>}, and record the outcome: done, retry later with backoff, parked
 * on a dependency, or dead-lettered to the exception queue with its class.
 *
 * <p>The {@link OdooCircuit} watches retryable failures (Odoo down, timeouts): while it is open workers claim nothing,
 * so an Odoo outage pauses processing instead of burning every event's attempts; half-open, one event goes through.
 */
public final class InboxDispatcher extends ServiceSupport {

    public static final String INBOX_ID = "FinbridgeInboxId";
    public static final String SOURCE = "FinbridgeSource";
    public static final String EVENT_TYPE = "FinbridgeEventType";
    public static final String EVENT_ID = "FinbridgeEventId";
    public static final String API_VERSION = "FinbridgeApiVersion";
    public static final String ATTEMPT = "FinbridgeAttempt";
    /** Set by a flow that deliberately does nothing with an event type: the value says why. */
    public static final String IGNORED = "FinbridgeIgnored";
    /** Set by a flow to wake events parked on these dependency keys (String or collection). */
    public static final String PROVIDES = "FinbridgeProvides";

    private static final Logger LOG = LoggerFactory.getLogger(InboxDispatcher.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final CamelContext camel;
    private final Inbox inbox;
    private final FailureClassifier classifier;
    private final Supplier<String> instanceId;
    private final InboxPolicy policy;
    private final MeterRegistry metrics;
    private final Object wake = new Object();
    private final OdooCircuit circuit;
    private volatile Tracing tracing = Tracing.off();
    private volatile boolean nudged;
    private volatile boolean running;
    private Semaphore slots;
    private ExecutorService workers;
    private ExecutorService poller;
    private ProducerTemplate template;
    private Instant lastRecovery = Instant.EPOCH;

    /** @param odooProbe asks Odoo its version while the circuit is open: null when it answered, else why not */
    public InboxDispatcher(CamelContext camel, Inbox inbox, FailureClassifier classifier, Supplier<String> instanceId,
                           InboxPolicy policy, MeterRegistry metrics, Supplier<String> odooProbe) {
        this.camel = camel;
        this.inbox = inbox;
        this.classifier = classifier;
        this.instanceId = instanceId;
        this.policy = policy;
        this.metrics = metrics;
        this.circuit = new OdooCircuit(policy, odooProbe, metrics, this::nudge);
    }

    /** Wakes the workers now (an event was stored, or a dependency landed). */
    public void nudge() {
        synchronized (wake) {
            nudged = true;
            wake.notifyAll();
        }
    }

    /** The circuit around Odoo (a Camel service of its own: started, stopped and shown in JMX by the context). */
    public OdooCircuit circuit() {
        return circuit;
    }

    public CircuitBreaker.State circuitState() {
        return circuit.state();
    }

    @Override
    protected void doStart() {
        if (policy.workers() <= 0) {
            // an ingest-only instance: it stores and acknowledges, other instances process
            LOG.info("Inbox workers: none (finbridge.inbox.workers=0); this instance only accepts events");
            return;
        }
        template = camel.createProducerTemplate();
        slots = new Semaphore(policy.workers());
        // threads from Camel: thread pools of their name in JMX (Hawtio lists them), ended by the context's shutdown at the latest
        workers = camel.getExecutorServiceManager().newFixedThreadPool("finbridge-inbox-worker", "finbridge-inbox-worker", policy.workers());
        int released = inbox.releaseAbandoned(instanceId.get(), policy.staleClaim().toSeconds());
        if (released > 0) {
            LOG.info("Took back {} events left in processing by a stopped instance", released);
        }
        running = true;
        poller = camel.getExecutorServiceManager().newSingleThreadExecutor("finbridge-inbox-dispatcher", "finbridge-inbox-dispatcher");
        poller.submit(this::poll);
    }

    @Override
    protected void doStop() throws Exception {
        running = false;
        nudge();
        if (poller != null) {
            poller.shutdown();
            poller.awaitTermination(5, TimeUnit.SECONDS);
        }
        if (workers != null) {
            // in-flight events finish (the context's shutdown timeout bounds this); unclaimed ones stay in the inbox
            workers.shutdown();
            if (!workers.awaitTermination(30, TimeUnit.SECONDS)) {
                LOG.warn("Inbox workers still busy at shutdown; their events will be taken back at the next start");
                workers.shutdownNow();
            }
        }
        if (template != null) {
            template.stop();
        }
    }

    private void poll() {
        while (running) {
            try {
                recoverPeriodically();
                int max = circuit.permits(slots.availablePermits());
                if (max > 0) {
                    List<InboxEvent> claimed;
                    try {
                        claimed = inbox.claim(instanceId.get(), max);
                    } catch (RuntimeException ex) {
                        circuit.unused();
                        throw ex;
                    }
                    if (claimed.isEmpty()) {
                        circuit.unused();
                    }
                    for (InboxEvent e : claimed) {
                        slots.acquire();
                        workers.execute(() -> {
                            try {
                                process(e);
                            } catch (RuntimeException ex) {
                                circuit.unused(); // no outcome recorded: a half-open trial must not stay taken
                                throw ex;
                            } finally {
                                slots.release();
                                nudge();
                            }
                        });
                    }
                    if (claimed.size() == max && max > 0) {
                        continue;
                    }
                }
                synchronized (wake) {
                    if (!nudged && running) {
                        wake.wait(policy.pollInterval().toMillis());
                    }
                    nudged = false;
                }
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException ex) {
                LOG.warn("Inbox poll failed, retrying: {}", ex.getMessage());
                sleep(policy.pollInterval());
            }
        }
    }

    private void recoverPeriodically() {
        Instant now = Instant.now();
        if (Duration.between(lastRecovery, now).compareTo(policy.staleClaim()) >= 0) {
            lastRecovery = now;
            int released = inbox.releaseAbandoned(instanceId.get(), policy.staleClaim().toSeconds());
            if (released > 0) {
                LOG.warn("Took back {} events claimed by instances that stopped sending heartbeats", released);
            }
        }
    }

    /** Joins the trace each event's receipt stored with it (off by default); set before start. */
    public void setTracing(Tracing tracing) {
        this.tracing = tracing;
    }

    /**
     * Runs one claimed event through its flow, as a span of the trace its webhook started, with the event's log
     * fields on every line logged meanwhile.
     */
    void process(InboxEvent e) {
        Map<String, String> stored = storedHeaders(e);
        try (EventLogContext log = EventLogContext.open(e.id(), e.source(), e.eventId());
             Tracing.Consumed span = tracing.consume("inbox " + e.source(), stored, Map.of(
                     "finbridge.inbox.id", Long.toString(e.id()), "finbridge.source", e.source(),
                     "finbridge.event.type", String.valueOf(e.type()), "finbridge.event.id", String.valueOf(e.eventId())))) {
            EventLogContext.put(EventLogContext.TRACE_ID, span.traceId());
            String failure = processTraced(e, stored);
            if (failure != null) {
                span.failed(failure);
            }
        }
    }

    /** @return why the event failed (retry, park or exception queue), or null when it was done */
    private String processTraced(InboxEvent e, Map<String, String> stored) {
        String endpointUri = "direct:inbox-" + e.source();
        Exchange exchange = new DefaultExchange(camel);
        List<AuditEntry> trail = FlowTrail.start(exchange);
        trail.add(AuditEntry.of("PROCESSING", e.id(), e.source() + "/" + e.dedupeKey(),
                Map.of("attempt", e.attempts(), "instance", instanceId.get())));
        headers(exchange, e, stored);
        exchange.getMessage().setBody(e.effectiveBody());
        long started = System.nanoTime();
        Route route = flowFor(endpointUri);
        if (route == null) {
            circuit.unused(); // says nothing about Odoo: a half-open trial goes to the next event
            deadLetter(e, trail, new Failure(io.finbridge.review.FailureClass.TECHNICAL, null, "dispatch", "NoFlow",
                    "no route consumes " + endpointUri + "; add one under routes/flows/", null, null));
            return "no flow";
        }
        EventLogContext.put(EventLogContext.FLOW, route.getRouteId());
        template.send(endpointUri, exchange);
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        Timer.builder("finbridge.inbox.processing").tag("source", e.source())
                .tag("outcome", exchange.getException() != null ? "failed"
                        : exchange.getMessage().getHeader(IGNORED) != null ? "ignored" : "done").register(metrics).record(took);
        Throwable failure = exchange.getException();
        if (failure == null) {
            circuit.succeeded(took);
            finish(e, exchange, trail, took);
            return null;
        }
        FailureClassifier.Decision decision = classifier.classify(failure);
        Throwable cause = classifier.explaining(failure);
        String message = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
        switch (decision.action()) {
            case RETRY -> {
                if (cause instanceof RetryLaterException) {
                    // asked to come back later (a busy posting key, a source's 429): says nothing about Odoo
                    circuit.notJudged();
                } else {
                    circuit.failed(took, cause);
                }
                retry(e, trail, cause, message, route.getRouteId(), exchange);
            }
            case PARK -> {
                circuit.succeeded(took);
                park(e, trail, (DependencyPendingException) cause, route.getRouteId(), exchange);
            }
            default -> {
                circuit.succeeded(took);
                deadLetter(e, trail, new Failure(decision.classification(), route.getRouteId(), stage(exchange, route),
                        cause.getClass().getSimpleName(), message, null, null));
            }
        }
        return decision.action() + ": " + cause.getClass().getSimpleName(); // a class name: no payload in a trace
    }

    private void finish(InboxEvent e, Exchange exchange, List<AuditEntry> trail, Duration took) {
        String ignored = exchange.getMessage().getHeader(IGNORED, String.class);
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("ms", took.toMillis());
        if (ignored != null) {
            detail.put("ignored", ignored);
        }
        trail.add(AuditEntry.of(ignored != null ? "IGNORED" : "DONE", e.id(), e.source() + "/" + e.dedupeKey(), detail));
        if (!inbox.done(e.id(), instanceId.get(), ignored != null, snapshot(trail))) {
            LOG.warn("Event {} finished after its claim was taken back; the other instance's result stands", e.id());
            return;
        }
        Object provides = exchange.getMessage().getHeader(PROVIDES);
        if (provides != null) {
            Collection<?> keys = provides instanceof Collection<?> c ? c : List.of(provides);
            int woken = 0;
            for (Object key : keys) {
                woken += inbox.provide(String.valueOf(key));
            }
            if (woken > 0) {
                nudge();
            }
        }
    }

    private void retry(InboxEvent e, List<AuditEntry> trail, Throwable cause, String message, String flow, Exchange exchange) {
        if (e.attempts() >= policy.maxAttempts()) {
            deadLetter(e, trail, new Failure(io.finbridge.review.FailureClass.TECHNICAL, flow, stage(exchange, null),
                    cause.getClass().getSimpleName(), "gave up after " + e.attempts() + " attempts: " + message, null, null));
            return;
        }
        Duration wait = cause instanceof RetryLaterException later && later.retryAfter() != null
                ? later.retryAfter() : policy.backoff(e.attempts());
        Instant when = Instant.now().plus(wait);
        // the one log line of a retryable failure (the flows' error handler logs its quick retries at DEBUG only)
        LOG.warn("Event {} ({} {} {}) attempt {} failed, next attempt at {}: {}: {}", e.id(), e.source(), Excerpt.bare(e.type()),
                Excerpt.bare(e.eventId()), e.attempts(), when, cause.getClass().getSimpleName(), Excerpt.message(message));
        trail.add(AuditEntry.of("RETRY", e.id(), e.source() + "/" + e.dedupeKey(), Map.of(
                "attempt", e.attempts(), "next", when.toString(), "error", Columns.fit(message, 500))));
        inbox.retry(e.id(), instanceId.get(), when, cause.getClass().getSimpleName() + ": " + message, snapshot(trail));
    }

    private void park(InboxEvent e, List<AuditEntry> trail, DependencyPendingException pending, String flow, Exchange exchange) {
        Instant now = Instant.now();
        Instant deadline = e.parkDeadline() != null ? e.parkDeadline()
                : now.plus(pending.maxWait() != null ? pending.maxWait() : policy.parkMaxWait());
        if (now.isAfter(deadline)) {
            deadLetter(e, trail, new Failure(io.finbridge.review.FailureClass.BUSINESS_RULE, flow, stage(exchange, null),
                    "DependencyNeverArrived", "waited until " + deadline + " for " + pending.dependency() + ": "
                    + pending.getMessage(), null, null));
            return;
        }
        trail.add(AuditEntry.of("PARKED", e.id(), e.source() + "/" + e.dedupeKey(), Map.of(
                "dependency", pending.dependency(), "until", deadline.toString(), "reason", Columns.fit(String.valueOf(pending.getMessage()), 500))));
        // looked at again by the deadline at the latest, so that a short wait (a flow's own) ends on time
        Instant again = now.plus(policy.parkRetry());
        Instant pastDeadline = deadline.plusSeconds(1);
        inbox.park(e.id(), instanceId.get(), again.isBefore(pastDeadline) ? again : pastDeadline, deadline, pending.dependency(),
                snapshot(trail));
    }

    private void deadLetter(InboxEvent e, List<AuditEntry> trail, Failure failure) {
        LOG.warn("Event {} ({} {}) to the exception queue as {}: {}", e.id(), e.source(), Excerpt.bare(e.type()),
                failure.classification().id(), Excerpt.message(failure.message()));
        inbox.deadLetter(e.id(), instanceId.get(), failure, snapshot(trail));
    }

    private Route flowFor(String endpointUri) {
        Endpoint endpoint = camel.hasEndpoint(endpointUri);
        if (endpoint == null) {
            return null;
        }
        for (Route r : camel.getRoutes()) {
            if (r.getEndpoint().getEndpointUri().equals(endpoint.getEndpointUri())) {
                return r;
            }
        }
        return null;
    }

    private static String stage(Exchange exchange, Route route) {
        String failedRoute = exchange.getProperty(Exchange.FAILURE_ROUTE_ID, String.class);
        Endpoint failedAt = exchange.getProperty(Exchange.FAILURE_ENDPOINT, Endpoint.class);
        if (failedAt != null) {
            return (failedRoute != null ? failedRoute + " -> " : "") + FlowTrail.sanitize(failedAt.getEndpointUri());
        }
        Object uri = exchange.getProperty(Exchange.FAILURE_ENDPOINT);
        if (uri != null) {
            return (failedRoute != null ? failedRoute + " -> " : "") + FlowTrail.sanitize(String.valueOf(uri));
        }
        return failedRoute != null ? failedRoute : route != null ? route.getRouteId() : null;
    }

    private static Map<String, String> storedHeaders(InboxEvent e) {
        try {
            Map<String, String> stored = JSON.readValue(e.headersJson(), new TypeReference<Map<String, String>>() { });
            return stored == null ? Map.of() : stored;
        } catch (Exception ex) {
            LOG.debug("Event {} has unreadable stored headers: {}", e.id(), ex.getMessage());
            return Map.of();
        }
    }

    private static void headers(Exchange exchange, InboxEvent e, Map<String, String> stored) {
        // the receipt's trace context was for the worker's span (Tracing.consume); the flow's spans follow that one
        stored.forEach((k, v) -> {
            if (!Tracing.TRACEPARENT.equals(k) && !"tracestate".equals(k)) {
                exchange.getMessage().setHeader(k, v);
            }
        });
        exchange.getMessage().setHeader(INBOX_ID, e.id());
        exchange.getMessage().setHeader(SOURCE, e.source());
        exchange.getMessage().setHeader(EVENT_TYPE, e.type());
        exchange.getMessage().setHeader(EVENT_ID, e.eventId());
        exchange.getMessage().setHeader(API_VERSION, e.apiVersion());
        exchange.getMessage().setHeader(ATTEMPT, e.attempts());
    }

    private static List<AuditEntry> snapshot(List<AuditEntry> trail) {
        synchronized (trail) {
            return new ArrayList<>(trail);
        }
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }
}
