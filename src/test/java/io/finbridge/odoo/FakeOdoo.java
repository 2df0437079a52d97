package io.finbridge.odoo;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A JSON-RPC Odoo with state, for races WireMock stubs cannot play: records per model, and {@code ir.model.data} with
 * its unique (module, name) constraint. Answers and errors have the recorded shapes: check_object_reference's
 * {@code [model, id]} (067), the duplicate-key ValidationError (065); an unknown external id is the ValueError
 * Odoo 17's {@code _xmlid_lookup} raises ("External ID not found in the system: ...", no recording).
 */
final class FakeOdoo implements ResponseDefinitionTransformerV2 {

    static final String NAME = "fake-odoo";
    private static final ObjectMapper JSON = OdooJson.MAPPER;

    private final Map<String, Map<Integer, Map<String, Object>>> records = new LinkedHashMap<>();
    private final Map<String, List<Object>> externalIds = new LinkedHashMap<>();
    private final AtomicInteger ids = new AtomicInteger(40);
    private volatile CountDownLatch lookupsMeet;

    @Override
    public String getName() {
        return NAME;
    }

    @Override
    public boolean applyGlobally() {
        return false;
    }

    /** The next {@code parties} lookups of external ids wait for each other: they all see the state before any create. */
    void lookupsMeet(int parties) {
        lookupsMeet = new CountDownLatch(parties);
    }

    synchronized Map<Integer, Map<String, Object>> records(String model) {
        return new LinkedHashMap<>(records.getOrDefault(model, Map.of()));
    }

    synchronized Map<String, List<Object>> externalIds() {
        return new LinkedHashMap<>(externalIds);
    }

    @Override
    @SuppressWarnings("unchecked")
    public ResponseDefinition transform(ServeEvent event) {
        Map<String, Object> envelope = new LinkedHashMap<>();
        envelope.put("jsonrpc", "2.0");
        try {
            Map<String, Object> request = JSON.readValue(event.getRequest().getBodyAsString(), OdooJson.MAP);
            envelope.put("id", request.get("id"));
            Map<String, Object> params = (Map<String, Object>) request.get("params");
            List<Object> args = (List<Object>) params.get("args");
            if ("authenticate".equals(params.get("method"))) {
                envelope.put("result", 6);
            } else {
                envelope.put("result", execute((String) args.get(3), (String) args.get(4), (List<Object>) args.get(5)));
            }
        } catch (OdooError e) {
            envelope.put("error", Map.of("code", 200, "message", "Odoo Server Error", "data", Map.of("name", e.name,
                    "debug", "<traceback removed>", "message", e.getMessage(), "arguments", List.of(e.getMessage()), "context", Map.of())));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        try {
            return aResponse().withHeader("Content-Type", "application/json; charset=utf-8")
                    .withBody(JSON.writeValueAsString(envelope)).build();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @SuppressWarnings("unchecked")
    private Object execute(String model, String method, List<Object> args) throws InterruptedException {
        if (model.equals("ir.model.data") && method.equals("check_object_reference")) {
            CountDownLatch meet = lookupsMeet;
            if (meet != null && meet.getCount() > 0) {
                meet.countDown();
                meet.await(5, TimeUnit.SECONDS);
            }
            return lookup(args.get(0) + "." + args.get(1));
        }
        synchronized (this) {
            if (model.equals("ir.model.data") && method.equals("create")) {
                Map<String, Object> vals = (Map<String, Object>) args.get(0);
                String key = vals.get("module") + "." + vals.get("name");
                if (externalIds.containsKey(key)) {
                    throw new OdooError("odoo.exceptions.ValidationError", "The operation cannot be completed: duplicate key value "
                            + "violates unique constraint \"ir_model_data_module_name_uniq_index\"\nDETAIL:  Key (module, name)=("
                            + vals.get("module") + ", " + vals.get("name") + ") already exists.\n");
                }
                externalIds.put(key, List.of(vals.get("model"), vals.get("res_id")));
                return ids.incrementAndGet();
            }
            Map<Integer, Map<String, Object>> table = records.computeIfAbsent(model, m -> new LinkedHashMap<>());
            switch (method) {
                case "create" -> {
                    int id = ids.incrementAndGet();
                    table.put(id, new LinkedHashMap<>((Map<String, Object>) args.get(0)));
                    return id;
                }
                case "write" -> {
                    for (Object id : (List<Object>) args.get(0)) {
                        table.get(((Number) id).intValue()).putAll((Map<String, Object>) args.get(1));
                    }
                    return true;
                }
                case "unlink" -> {
                    for (Object id : (List<Object>) args.get(0)) {
                        table.remove(((Number) id).intValue());
                        externalIds.values().removeIf(ref -> ref.get(0).equals(model) && ref.get(1).equals(id));
                    }
                    return true;
                }
                default -> throw new OdooError("builtins.AttributeError", "type object '" + model + "' has no attribute '" + method + "'");
            }
        }
    }

    private synchronized List<Object> lookup(String key) {
        List<Object> ref = externalIds.get(key);
        if (ref == null) {
            throw new OdooError("builtins.ValueError", "External ID not found in the system: " + key);
        }
        return ref;
    }

    private static final class OdooError extends RuntimeException {
        final String name;

        OdooError(String name, String message) {
            super(message);
            this.name = name;
        }
    }
}
