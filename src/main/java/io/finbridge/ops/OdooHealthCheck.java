package io.finbridge.ops;

import java.time.Duration;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/**
 * Ready only while Odoo answers. The probe result is kept for a few seconds so that a load balancer polling
 * /health/ready does not become load on Odoo.
 */
public final class OdooHealthCheck extends AbstractHealthCheck {

    private final Supplier<String> probe;
    private final long cacheNanos;
    private volatile long checkedAt;
    private volatile String lastFailure = "not checked yet";

    /** @param probe returns null when Odoo answered, else the reason it did not */
    public OdooHealthCheck(Supplier<String> probe, Duration cache) {
        super("finbridge", "odoo");
        this.probe = probe;
        this.cacheNanos = cache.toNanos();
    }

    @Override
    public boolean isLiveness() {
        return false;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        long now = System.nanoTime();
        if (checkedAt == 0 || now - checkedAt > cacheNanos) {
            lastFailure = probe.get();
            checkedAt = now;
        }
        if (lastFailure == null) {
            builder.up();
        } else {
            builder.message("Odoo not reachable: " + lastFailure).down();
        }
    }
}
