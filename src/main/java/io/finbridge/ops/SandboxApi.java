package io.finbridge.ops;

import io.finbridge.sandbox.OdooSimulator;
import jakarta.servlet.http.HttpServletRequest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.camel.Exchange;
import org.apache.camel.http.common.HttpMessage;

/**
 * {@code GET /api/sandbox/odoo/{model}}: what the sandbox's simulated Odoo holds, so that the tour can show the invoice
 * or the settlement entry a webhook became without an Odoo screen. Query parameters filter by field
 * ({@code ?ref=shopify:order:...}, {@code ?move_id=7}; a many2one matches its id). Outside the sandbox there is no
 * simulated Odoo, and the answer is 404.
 */
public final class SandboxApi {

    private static final Pattern MODEL = Pattern.compile("[a-z][a-z0-9_]*(\\.[a-z0-9_]+)*");
    private static final int LIMIT = 200;

    private final OdooSimulator simulator;

    /** {@code simulator} is null outside the sandbox profile. */
    public SandboxApi(OdooSimulator simulator) {
        this.simulator = simulator;
    }

    public void records(Exchange exchange) {
        if (simulator == null) {
            ApiAnswer.error(exchange, 404, "not_sandbox", "the simulated Odoo exists only in the sandbox profile");
            return;
        }
        String model = ApiAnswer.param(exchange, "model");
        if (model == null || model.length() > 64 || !MODEL.matcher(model).matches()) {
            ApiAnswer.error(exchange, 404, "unknown_model", "no such model: a model is an Odoo model name such as account.move");
            return;
        }
        Map<String, String> filters = filters(exchange);
        List<Map<String, Object>> found = new ArrayList<>();
        for (Map<String, Object> r : simulator.records(model)) {
            if (filters.entrySet().stream().allMatch(f -> matches(r.get(f.getKey()), f.getValue()))) {
                found.add(r);
            }
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("model", model);
        body.put("count", found.size());
        body.put("records", found.size() > LIMIT ? found.subList(found.size() - LIMIT, found.size()) : found);
        ApiAnswer.ok(exchange, body);
    }

    private static Map<String, String> filters(Exchange exchange) {
        Map<String, String> out = new LinkedHashMap<>();
        if (exchange.getMessage() instanceof HttpMessage hm && hm.getRequest() != null) {
            HttpServletRequest req = hm.getRequest();
            req.getParameterMap().forEach((k, v) -> {
                if (v.length > 0 && MODEL.matcher(k).matches()) {
                    out.put(k, v[0]);
                }
            });
        }
        return out;
    }

    /** A field's value against the query's text: a many2one ({@code [id, name]}) matches by its id. */
    private static boolean matches(Object value, String wanted) {
        if (value instanceof List<?> l && !l.isEmpty() && !(l.get(0) instanceof List<?>)) {
            return String.valueOf(l.get(0)).equals(wanted);
        }
        return value != null && String.valueOf(value).equals(wanted);
    }
}
