package io.finbridge.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Collection;
import org.apache.camel.CamelContext;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.health.HealthCheckHelper;

/**
 * {@code /health/live}, {@code /health/ready} and {@code /health} from Camel's health checks: 200 with status UP, or
 * 503 with the checks that are down and why.
 *
 * <p>Ready means "can accept and store events": the store and the routes. {@code /health} lists every check, also
 * those that are neither readiness nor liveness (Odoo's reachability), but answers with readiness's status: an
 * instance whose Odoo is away still takes webhooks, so nothing that routes by health may take it out of rotation.
 */
public final class HealthServlet extends HttpServlet {

    private final transient CamelContext camel;
    private final transient ObjectMapper json = new ObjectMapper();

    public HealthServlet(CamelContext camel) {
        this.camel = camel;
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String path = req.getPathInfo() == null ? "" : req.getPathInfo();
        Collection<HealthCheck.Result> results;
        if (path.equals("/live")) {
            results = HealthCheckHelper.invokeLiveness(camel);
        } else if (path.equals("/ready")) {
            results = HealthCheckHelper.invokeReadiness(camel);
        } else if (path.isEmpty() || path.equals("/")) {
            results = HealthCheckHelper.invoke(camel);
        } else {
            resp.sendError(404, "Use /health, /health/live or /health/ready");
            return;
        }
        boolean up = camel.isStarted() && results.stream()
                .filter(r -> r.getCheck().isReadiness() || r.getCheck().isLiveness())
                .allMatch(r -> r.getState() != HealthCheck.State.DOWN);
        ObjectNode body = json.createObjectNode();
        body.put("status", up ? "UP" : "DOWN");
        ArrayNode checks = body.putArray("checks");
        for (HealthCheck.Result r : results) {
            ObjectNode c = checks.addObject();
            c.put("id", r.getCheck().getId());
            c.put("status", r.getState().name());
            r.getMessage().ifPresent(m -> c.put("message", m));
            r.getError().ifPresent(e -> c.put("error", e.getMessage()));
        }
        resp.setStatus(up ? 200 : 503);
        resp.setContentType("application/json");
        resp.setHeader("Cache-Control", "no-store");
        json.writeValue(resp.getOutputStream(), body);
    }
}
