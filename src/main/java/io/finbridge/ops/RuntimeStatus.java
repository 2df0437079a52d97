package io.finbridge.ops;

import io.finbridge.Finbridge;
import io.finbridge.config.Settings;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.camel.CamelContext;
import org.apache.camel.Route;

/** What {@code GET /api/status} answers: this instance, its profile and its routes. */
public final class RuntimeStatus {

    private final CamelContext camel;
    private final Settings settings;
    private final RuntimeInstances instances;

    public RuntimeStatus(CamelContext camel, Settings settings, RuntimeInstances instances) {
        this.camel = camel;
        this.settings = settings;
        this.instances = instances;
    }

    public Map<String, Object> describe() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("instance", instances.instanceId());
        out.put("version", Finbridge.version());
        out.put("profile", settings.profile().id());
        out.put("camel", camel.getVersion());
        out.put("uptime", camel.getUptime().toString());
        List<Map<String, Object>> routes = camel.getRoutes().stream()
                .map(RuntimeStatus::route)
                .toList();
        out.put("routes", routes);
        return out;
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
