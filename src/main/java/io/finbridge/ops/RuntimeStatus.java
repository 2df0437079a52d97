package io.finbridge.ops;

import io.finbridge.Finbridge;
import io.finbridge.config.Settings;
import io.finbridge.odoo.OdooReachability;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.camel.CamelContext;
import org.apache.camel.Route;

/**
 * What {@code GET /api/status} answers: this instance, its profile, Odoo as this instance sees it (reachable or not,
 * and whether the inbox's circuit has paused posting) and its routes.
 */
public final class RuntimeStatus {

    private final CamelContext camel;
    private final Settings settings;
    private final RuntimeInstances instances;
    private final OdooReachability odoo;
    private final Supplier<String> circuit;

    /** @param circuit the state of the inbox's circuit around Odoo (CLOSED, OPEN, HALF_OPEN) */
    public RuntimeStatus(CamelContext camel, Settings settings, RuntimeInstances instances, OdooReachability odoo,
                         Supplier<String> circuit) {
        this.camel = camel;
        this.settings = settings;
        this.instances = instances;
        this.odoo = odoo;
        this.circuit = circuit;
    }

    public Map<String, Object> describe() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("instance", instances.instanceId());
        out.put("version", Finbridge.version());
        out.put("profile", settings.profile().id());
        out.put("camel", camel.getVersion());
        out.put("uptime", camel.getUptime().toString());
        out.put("odoo", odoo());
        List<Map<String, Object>> routes = camel.getRoutes().stream()
                .map(RuntimeStatus::route)
                .toList();
        out.put("routes", routes);
        return out;
    }

    private Map<String, Object> odoo() {
        OdooReachability.Reading r = odoo.reading();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("status", r.state().name());
        m.put("since", r.since().toString());
        m.put("checkedAt", r.checkedAt() == null ? null : r.checkedAt().toString());
        if (r.reason() != null) {
            m.put("reason", r.reason());
        }
        m.put("circuit", circuit.get());
        return m;
    }

    private static Map<String, Object> route(Route r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", r.getRouteId());
        m.put("from", r.getEndpoint().getEndpointBaseUri());
        m.put("source", r.getSourceLocationShort());
        m.put("status", r.getCamelContext().getRouteController().getRouteStatus(r.getRouteId()).name());
        return m;
    }
}
