package io.finbridge.odoo;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.camel.CamelContext;
import org.apache.camel.CamelContextAware;
import org.apache.camel.StaticService;
import org.apache.camel.api.management.ManagedAttribute;
import org.apache.camel.api.management.ManagedOperation;
import org.apache.camel.api.management.ManagedResource;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether Odoo answers its cheap version call (no login), asked in the background every
 * {@code finbridge.odoo.check-interval} and whenever the inbox's circuit probes. Reported on its own, never as
 * readiness: the health check {@code odoo} in {@code /health} ({@link OdooHealthCheck}), the gauge
 * {@code finbridge_odoo_up}, {@code odoo} in {@code /api/status}, and this service's attributes in Hawtio (JMX). An
 * instance that cannot reach Odoo still accepts and stores webhooks, so it must stay in rotation.
 */
@ManagedResource(description = "Whether Odoo answers its version call (checked in the background; never part of readiness)")
public final class OdooReachability extends ServiceSupport implements StaticService, CamelContextAware {

    /** What the last check found. */
    public enum State { UNKNOWN, UP, DOWN }

    /** The last answer: its state, since when Odoo has been in it, when it was checked, and why it is down. */
    public record Reading(State state, Instant since, Instant checkedAt, String reason) {
    }

    private static final Logger LOG = LoggerFactory.getLogger(OdooReachability.class);

    private final Supplier<String> probe;
    private final Duration interval;
    private final Clock clock;
    private volatile Reading reading;
    /** When the check behind {@link #reading} started: a slow answer must not overwrite a newer one. */
    private Instant readingStarted = Instant.EPOCH;
    /** Its check thread comes from Camel, named as its JMX thread pool (Hawtio lists it) and ended by the context's shutdown at the latest. */
    private CamelContext camelContext;
    private ScheduledExecutorService scheduler;

    /** @param probe asks Odoo; returns null when it answered, else why not (bounded by its own timeout) */
    public OdooReachability(Supplier<String> probe, Duration interval, MeterRegistry metrics, Clock clock) {
        this.probe = probe;
        this.interval = interval;
        this.clock = clock;
        this.reading = new Reading(State.UNKNOWN, clock.instant(), null, "not checked yet");
        Gauge.builder("finbridge.odoo.up", this, r -> switch (r.reading.state()) {
            case UP -> 1;
            case DOWN -> 0;
            case UNKNOWN -> Double.NaN;
        }).description("1 while Odoo answers its version call, 0 while it does not (NaN before the first check)").register(metrics);
    }

    /** Asks Odoo now and records the answer: null when Odoo answered, else why not. */
    public String check() {
        Instant started = clock.instant();
        String failure;
        try {
            failure = probe.get();
        } catch (RuntimeException ex) {
            failure = ex.getMessage() == null ? ex.getClass().getSimpleName() : ex.getMessage();
        }
        record(started, failure);
        return failure;
    }

    public Reading reading() {
        return reading;
    }

    private synchronized void record(Instant started, String failure) {
        if (started.isBefore(readingStarted)) {
            return;
        }
        readingStarted = started;
        Instant now = clock.instant();
        Reading before = reading;
        State state = failure == null ? State.UP : State.DOWN;
        reading = new Reading(state, before.state() == state ? before.since() : now, now, failure);
        if (state == State.DOWN && before.state() != State.DOWN) {
            LOG.warn("Odoo does not answer: {}. Webhooks are still accepted and stored; posting resumes when Odoo answers", failure);
        } else if (state == State.UP && before.state() == State.DOWN) {
            LOG.info("Odoo answers again, after {} s without", Duration.between(before.since(), now).toSeconds());
        }
    }

    @Override
    protected void doStart() {
        scheduler = camelContext.getExecutorServiceManager().newSingleThreadScheduledExecutor("finbridge-odoo-check", "finbridge-odoo-check");
        scheduler.scheduleWithFixedDelay(this::check, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
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

    @ManagedAttribute(description = "UP while Odoo answers its version call, DOWN while it does not, UNKNOWN before the first check")
    public String getOdooStatus() {
        return reading.state().name();
    }

    @ManagedAttribute(description = "Since when Odoo has been in this state")
    public String getSince() {
        return reading.since().toString();
    }

    @ManagedAttribute(description = "When Odoo was last checked")
    public String getLastChecked() {
        return reading.checkedAt() == null ? "" : reading.checkedAt().toString();
    }

    @ManagedAttribute(description = "Why Odoo is down (empty while it answers)")
    public String getReason() {
        return reading.reason() == null ? "" : reading.reason();
    }

    @ManagedOperation(description = "Ask Odoo now; answers UP or DOWN with the reason")
    public String checkNow() {
        String failure = check();
        return failure == null ? "UP" : "DOWN: " + failure;
    }
}
