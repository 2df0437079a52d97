package io.finbridge.odoo;

import java.util.Map;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/**
 * Odoo's reachability as the Camel health check {@code odoo}: shown in {@code /health}, in Camel's health MBean and in
 * Hawtio. Neither a readiness nor a liveness check: while Odoo is away the instance still accepts and stores webhooks,
 * so a load balancer must keep sending them (Shopify deletes a subscription after 8 failed deliveries). It reads the
 * last background check ({@link OdooReachability}), so asking it never waits for Odoo.
 */
public final class OdooHealthCheck extends AbstractHealthCheck {

    private final OdooReachability odoo;

    public OdooHealthCheck(OdooReachability odoo) {
        super("finbridge", "odoo");
        this.odoo = odoo;
    }

    @Override
    public boolean isLiveness() {
        return false;
    }

    @Override
    public boolean isReadiness() {
        return false;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        OdooReachability.Reading r = odoo.reading();
        builder.detail("since", r.since().toString());
        if (r.checkedAt() != null) {
            builder.detail("checked", r.checkedAt().toString());
        }
        switch (r.state()) {
            case UP -> builder.up();
            case DOWN -> builder.message("Odoo not reachable since " + r.since() + ": " + r.reason()).down();
            case UNKNOWN -> builder.message("Odoo not checked yet").unknown();
        }
    }
}
