package io.finbridge.inbound;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.camel.CamelContext;
import org.apache.camel.CamelContextAware;
import org.apache.camel.StaticService;
import org.apache.camel.api.management.ManagedAttribute;
import org.apache.camel.api.management.ManagedResource;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The circuit around Odoo that the inbox's workers obey (a resilience4j circuit breaker fed with the outcome of
 * every event). Closed: workers claim as many events as they are free. Open, after retryable failures: nothing is
 * claimed, so an outage pauses processing instead of burning every event's attempts. Half-open: exactly one event
 * at a time, until it succeeds (closed) or fails (open again).
 *
 * <p>While open, Odoo's cheap version call is probed every {@code circuit-probe-interval}, 1.5 times longer per
 * probe up to {@code circuit-probe-max-interval}, with jitter. When Odoo answers, the circuit goes half-open at once:
 * one event is posted and, when it succeeds, every worker resumes. Posting thus resumes within a probe interval of
 * Odoo's return, not after {@code circuit-open}, which only bounds the wait when the probe cannot tell (the version
 * call answers while posting does not, or the other way round). The backoff starts over when the circuit closes.
 */
@ManagedResource(description = "The circuit around Odoo that pauses the inbox's workers while Odoo is down")
public final class OdooCircuit extends ServiceSupport implements StaticService, CamelContextAware {

    private static final Logger LOG = LoggerFactory.getLogger(OdooCircuit.class);

    private final CircuitBreaker breaker;
    private final InboxPolicy policy;
    private final Supplier<String> probe;
    private final Runnable onHalfOpen;
    private final Counter probesAnswered;
    private final Counter probesFailed;
    /** Probes since the circuit last closed: the backoff's exponent. */
    private int probes;
    private volatile Instant nextProbe;
    private volatile String lastProbe = "";
    /** Half-open because a probe answered (not because circuit-open ran out): nothing to try then means closed. */
    private volatile boolean probeAnswered;
    /** Its probe thread comes from Camel, named as its JMX thread pool (Hawtio lists it) and ended by the context's shutdown at the latest. */
    private CamelContext camelContext;
    private ScheduledExecutorService scheduler;
    private ScheduledFuture<?> pending;

    /**
     * @param probe asks Odoo its version: null when it answered, else why not
     * @param onHalfOpen called when the circuit lets the trial event through (wakes the workers)
     */
    public OdooCircuit(InboxPolicy policy, Supplier<String> probe, MeterRegistry metrics, Runnable onHalfOpen) {
        this.policy = policy;
        this.probe = probe;
        this.onHalfOpen = onHalfOpen;
        this.breaker = CircuitBreaker.of("odoo", CircuitBreakerConfig.custom()
                .slidingWindowSize(Math.max(10, policy.circuitMinimumCalls()))
                .minimumNumberOfCalls(policy.circuitMinimumCalls())
                .failureRateThreshold(50)
                .waitDurationInOpenState(policy.circuitOpen())
                .permittedNumberOfCallsInHalfOpenState(1)
                // workers do not ask for permission while it is open (they just stop claiming), so it must move to
                // half-open by itself when circuit-open is over, if no probe answered before
                .automaticTransitionFromOpenToHalfOpenEnabled(true)
                .build());
        breaker.getEventPublisher().onStateTransition(e -> transitioned(e.getStateTransition().getFromState(),
                e.getStateTransition().getToState()));
        Gauge.builder("finbridge.inbox.circuit.open", breaker, b -> b.getState() == CircuitBreaker.State.OPEN ? 1 : 0)
                .description("1 while the circuit around Odoo is open and processing is paused").register(metrics);
        probesAnswered = Counter.builder("finbridge.inbox.circuit.probes").tag("outcome", "answered")
                .description("Probes of Odoo's version call while the circuit was open").register(metrics);
        probesFailed = Counter.builder("finbridge.inbox.circuit.probes").tag("outcome", "failed")
                .description("Probes of Odoo's version call while the circuit was open").register(metrics);
    }

    public CircuitBreaker.State state() {
        return breaker.getState();
    }

    /**
     * How many events the workers may claim now, {@code free} of them being idle: all of them while closed, none
     * while open, and while half-open one if no trial is under way. A grant that finds nothing to claim is given
     * back with {@link #unused()}.
     */
    int permits(int free) {
        if (free <= 0) {
            return 0;
        }
        return switch (breaker.getState()) {
            case CLOSED, DISABLED, METRICS_ONLY -> free;
            case HALF_OPEN -> breaker.tryAcquirePermission() ? 1 : 0;
            default -> 0;
        };
    }

    /**
     * Gives back a half-open grant that claimed nothing, so that the next due event can be the trial; when a probe
     * has just seen Odoo answer and no event is due, there is nothing to try and the circuit closes.
     */
    void unused() {
        if (breaker.getState() != CircuitBreaker.State.HALF_OPEN) {
            return;
        }
        if (probeAnswered) {
            try {
                breaker.transitionToClosedState();
            } catch (IllegalStateException raced) {
                LOG.debug("Odoo circuit moved on meanwhile: {}", raced.getMessage());
            }
        } else {
            breaker.releasePermission();
        }
    }

    /** Odoo answered the event's calls (posted, parked, or refused for a reason that is not Odoo being away). */
    void succeeded(Duration took) {
        breaker.onSuccess(took.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** The event is retried for a reason that is not Odoo's (a busy posting key, a source's 429): not counted. */
    void notJudged() {
        breaker.releasePermission();
    }

    /** The event failed in a way worth retrying: Odoo down, slow or busy. */
    void failed(Duration took, Throwable cause) {
        breaker.onError(took.toNanos(), TimeUnit.NANOSECONDS, cause);
    }

    private void transitioned(CircuitBreaker.State from, CircuitBreaker.State to) {
        switch (to) {
            case OPEN -> {
                probeAnswered = false;
                long next = scheduleProbe().toMillis();
                if (from == CircuitBreaker.State.CLOSED) {
                    LOG.warn("Odoo circuit open: processing paused; probing Odoo's version call, next probe in {} ms", next);
                } else {
                    LOG.info("Odoo circuit open again: the trial event failed; next probe in {} ms", next);
                }
            }
            case HALF_OPEN -> {
                LOG.info("Odoo circuit half-open: one event goes through");
                onHalfOpen.run();
            }
            case CLOSED -> {
                probeAnswered = false;
                synchronized (this) {
                    probes = 0;
                    nextProbe = null;
                    if (pending != null) {
                        pending.cancel(false);
                    }
                }
                LOG.info("Odoo circuit closed: processing resumes");
            }
            default -> LOG.info("Odoo circuit {}", to);
        }
    }

    private synchronized Duration scheduleProbe() {
        Duration wait = policy.probeWait(probes + 1, ThreadLocalRandom.current().nextDouble());
        if (scheduler != null && !scheduler.isShutdown()) {
            if (pending != null) {
                pending.cancel(false); // one probe at a time, even when the circuit opened again meanwhile
            }
            nextProbe = Instant.now().plus(wait);
            pending = scheduler.schedule(this::probeOnce, wait.toMillis(), TimeUnit.MILLISECONDS);
        }
        return wait;
    }

    private void probeOnce() {
        if (breaker.getState() != CircuitBreaker.State.OPEN) {
            return; // circuit-open ran out first, or the circuit was reset: the trial decides now
        }
        synchronized (this) {
            probes++;
            nextProbe = null;
        }
        String failure;
        try {
            failure = probe.get();
        } catch (RuntimeException ex) {
            failure = ex.getMessage() == null ? ex.getClass().getSimpleName() : ex.getMessage();
        }
        lastProbe = Instant.now() + (failure == null ? " answered" : " failed: " + failure);
        if (failure == null) {
            probesAnswered.increment();
            if (breaker.getState() == CircuitBreaker.State.OPEN) {
                LOG.info("Odoo answered the circuit's probe: letting one event through");
                probeAnswered = true;
                try {
                    breaker.transitionToHalfOpenState();
                } catch (IllegalStateException raced) {
                    LOG.debug("Odoo circuit moved on by itself: {}", raced.getMessage());
                }
            }
            return;
        }
        probesFailed.increment();
        if (breaker.getState() == CircuitBreaker.State.OPEN) {
            LOG.debug("Odoo circuit probe {} failed ({}); next in {} ms", probes, failure, scheduleProbe().toMillis());
        }
    }

    @Override
    protected void doStart() {
        scheduler = camelContext.getExecutorServiceManager().newSingleThreadScheduledExecutor("finbridge-odoo-circuit-probe", "finbridge-odoo-circuit-probe");
    }

    @Override
    protected void doStop() {
        if (scheduler != null) {
            camelContext.getExecutorServiceManager().shutdownNow(scheduler);
        }
    }

    @Override
    public void setCamelContext(CamelContext camelContext) {
        this.camelContext = camelContext;
    }

    @Override
    public CamelContext getCamelContext() {
        return camelContext;
    }

    @ManagedAttribute(description = "CLOSED (posting), OPEN (paused, probing Odoo) or HALF_OPEN (one event goes through)")
    public String getCircuitState() {
        return breaker.getState().name();
    }

    @ManagedAttribute(description = "When the next probe of Odoo's version call is due (empty unless open)")
    public String getNextProbe() {
        Instant next = nextProbe;
        return next == null ? "" : next.toString();
    }

    @ManagedAttribute(description = "When the last probe ran and what Odoo answered")
    public String getLastProbe() {
        return lastProbe;
    }

    @ManagedAttribute(description = "Probes since the circuit last closed")
    public synchronized int getProbes() {
        return probes;
    }
}
