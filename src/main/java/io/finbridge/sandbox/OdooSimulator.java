package io.finbridge.sandbox;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.common.Slf4jNotifier;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import java.security.MessageDigest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The sandbox profile's Odoo: a WireMock server on a loopback port whose {@code /jsonrpc} answers like an Odoo 17
 * (version, authenticate, execute_kw) from an in-memory {@link SimulatedOdoo}. Requests are never logged: their
 * bodies carry the API key.
 */
public final class OdooSimulator implements AutoCloseable {

    public static final String DATABASE = "sandbox";
    public static final String LOGIN = "finbridge";
    public static final int UID = 6;

    private final WireMockServer server;
    private final String apiKey;
    private final JsonRpcTransformer transformer;

    private OdooSimulator(WireMockServer server, String apiKey, JsonRpcTransformer transformer) {
        this.server = server;
        this.apiKey = apiKey;
        this.transformer = transformer;
    }

    /** Starts on a free loopback port; only a client holding {@code apiKey} is let in. */
    public static OdooSimulator start(String apiKey) {
        return start(apiKey, false, Set.of());
    }

    /**
     * Starts with the integration user in extra groups: {@code access-rights} (Administration / Access Rights, which
     * the {@code upsert} operation's ir.model.data needs) and {@code settings} (products). The default is the least
     * privilege a finance team grants.
     */
    public static OdooSimulator start(String apiKey, Set<String> extraGroups) {
        return start(apiKey, false, extraGroups);
    }

    /**
     * Starts with WireMock's request journal on, for tests that count what Odoo received and add stubs of their
     * own (at a higher priority) to inject failures. Requests then stay in memory: not for the runtime.
     */
    public static OdooSimulator startRecording(String apiKey) {
        return start(apiKey, true, Set.of());
    }

    public static OdooSimulator startRecording(String apiKey, Set<String> extraGroups) {
        return start(apiKey, true, extraGroups);
    }

    /**
     * How long a real Odoo takes for a call, for benchmarks: a function of model, method and the number of records
     * the call carries, served by {@code workers} calls at a time (Odoo with {@code --workers=0} serves one).
     */
    public interface Latency {
        long millis(String model, String method, int records);
    }

    /** Starts without a journal, answering each call after the latency a real Odoo would take (benchmarks). */
    public static OdooSimulator startWithLatency(String apiKey, Latency latency, int workers) {
        OdooSimulator s = start(apiKey, false, Set.of());
        s.transformer.latency = latency;
        s.transformer.busy = new java.util.concurrent.Semaphore(Math.max(1, workers), true);
        return s;
    }

    private static OdooSimulator start(String apiKey, boolean journal, Set<String> extraGroups) {
        for (String g : extraGroups) {
            if (!g.equals(SimulatedOdoo.ACCESS_RIGHTS) && !g.equals(SimulatedOdoo.SETTINGS)) {
                throw new IllegalArgumentException("unknown group '" + g + "' (access-rights, settings)");
            }
        }
        JsonRpcTransformer transformer = new JsonRpcTransformer(new SimulatedOdoo(extraGroups), apiKey);
        WireMockConfiguration options = WireMockConfiguration.options();
        if (!journal) {
            options.disableRequestJournal();
        }
        WireMockServer server = new WireMockServer(options
                .bindAddress("127.0.0.1")
                .dynamicPort()
                .containerThreads(20)
                .notifier(new Slf4jNotifier(false))
                .extensions(transformer));
        server.start();
        server.stubFor(post(urlEqualTo("/jsonrpc")).atPriority(10)
                .willReturn(aResponse().withTransformers(JsonRpcTransformer.NAME)));
        return new OdooSimulator(server, apiKey, transformer);
    }

    public String url() {
        return "http://127.0.0.1:" + server.port();
    }

    public String apiKey() {
        return apiKey;
    }

    /** The WireMock server behind the simulator (started by {@link #startRecording} for tests). */
    public WireMockServer wireMock() {
        return server;
    }

    /** A copy of every record of a model as the simulator holds it (for tests and the tour; never over the wire). */
    public List<Map<String, Object>> records(String model) {
        return transformer.odoo.snapshot(model);
    }

    /**
     * Sets a field of a record as an Odoo administrator would in Odoo's own screens (a lock date, a product): for tests
     * and the tour; the integration user has no such right over the wire.
     */
    public void set(String model, int id, String field, Object value) {
        transformer.odoo.set(model, id, field, value);
    }

    /**
     * Adds a record as an administrator would set it up (a company, a journal, an account the integration user may
     * not create), for tests and demos of another entity; never over the wire.
     */
    public void setUp(String model, int id, Map<String, Object> values) {
        transformer.odoo.setUp(model, id, values);
    }

    /** JSON-RPC calls this simulator answered. */
    public long calls() {
        return transformer.calls.get();
    }

    @Override
    public void close() {
        server.stop();
    }

    /** Turns each JSON-RPC request into a call on the simulated Odoo and writes Odoo's envelope back. */
    static final class JsonRpcTransformer implements ResponseDefinitionTransformerV2 {
        static final String NAME = "finbridge-odoo-simulator";
        /** Counted per simulator: two runtimes in one JVM (tests) each count their own. */
        final AtomicLong calls = new AtomicLong();
        private static final ObjectMapper JSON = new ObjectMapper()
                .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

        final SimulatedOdoo odoo;
        private final byte[] apiKey;
        volatile Latency latency;
        volatile java.util.concurrent.Semaphore busy;

        JsonRpcTransformer(SimulatedOdoo odoo, String apiKey) {
            this.odoo = odoo;
            this.apiKey = apiKey.getBytes(StandardCharsets.UTF_8);
        }

        @Override
        public String getName() {
            return NAME;
        }

        @Override
        public boolean applyGlobally() {
            return false;
        }

        @Override
        public ResponseDefinition transform(ServeEvent serveEvent) {
            calls.incrementAndGet();
            JsonNode id = null;
            ObjectNode envelope = JSON.createObjectNode();
            envelope.put("jsonrpc", "2.0");
            try {
                JsonNode request = JSON.readTree(serveEvent.getRequest().getBodyAsString());
                id = request.get("id");
                envelope.set("id", id);
                JsonNode params = request.path("params");
                Object result = dispatch(params.path("service").asText(), params.path("method").asText(),
                        JSON.convertValue(params.path("args"), List.class));
                if (result != SimulatedOdoo.NONE) {
                    envelope.set("result", JSON.valueToTree(result));
                }
            } catch (SimulatedOdooError e) {
                envelope.set("error", error(e.pythonClass(), e.getMessage()));
            } catch (Exception e) {
                envelope.set("error", error("builtins." + e.getClass().getSimpleName(), String.valueOf(e.getMessage())));
            }
            // serialized here: WireMock's own (shaded) Jackson does not know this Jackson's tree types
            return aResponse().withStatus(200)
                    .withHeader("Content-Type", "application/json; charset=utf-8")
                    .withBody(envelope.toString())
                    .build();
        }

        @SuppressWarnings("unchecked")
        private Object dispatch(String service, String method, List<Object> args) {
            if (service.equals("common") && method.equals("version")) {
                return Map.of("server_version", "17.0", "server_version_info", List.of(17, 0, 0, "final", 0, ""),
                        "server_serie", "17.0", "protocol_version", 1);
            }
            if (service.equals("common") && (method.equals("authenticate") || method.equals("login"))) {
                boolean ok = DATABASE.equals(args.get(0)) && LOGIN.equals(args.get(1)) && keyMatches(args.get(2));
                return ok ? UID : Boolean.FALSE;
            }
            if (service.equals("object") && method.equals("execute_kw")) {
                if (!DATABASE.equals(args.get(0))) {
                    throw new SimulatedOdooError("psycopg2.OperationalError",
                            "connection to server failed: FATAL:  database \"" + args.get(0) + "\" does not exist");
                }
                if (!(args.get(1) instanceof Number uid) || uid.intValue() != UID || !keyMatches(args.get(2))) {
                    throw new SimulatedOdooError(SimulatedOdooError.ACCESS_DENIED, "Access Denied");
                }
                List<Object> positional = args.size() > 5 ? (List<Object>) args.get(5) : List.of();
                Map<String, Object> kwargs = args.size() > 6 ? (Map<String, Object>) args.get(6) : Map.of();
                String model = String.valueOf(args.get(3));
                String call = String.valueOf(args.get(4));
                if (latency != null) {
                    take(latency.millis(model, call, records(positional)));
                }
                return odoo.execute(model, call, positional, kwargs);
            }
            throw new SimulatedOdooError("builtins.NameError", "unknown service or method " + service + "." + method);
        }

        /** The records a call carries: the vals of a create, the ids of a write or a method, else one. */
        private static int records(List<Object> positional) {
            if (!positional.isEmpty() && positional.get(0) instanceof List<?> l) {
                return l.isEmpty() || l.get(0) instanceof List<?> ? 1 : l.size();
            }
            return 1;
        }

        private void take(long millis) {
            try {
                busy.acquire();
                try {
                    Thread.sleep(millis);
                } finally {
                    busy.release();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        private boolean keyMatches(Object given) {
            return given instanceof String s && MessageDigest.isEqual(apiKey, s.getBytes(StandardCharsets.UTF_8));
        }

        private static ObjectNode error(String pythonClass, String message) {
            ObjectNode error = JSON.createObjectNode();
            error.put("code", 200);
            error.put("message", "Odoo Server Error");
            ObjectNode data = error.putObject("data");
            data.put("name", pythonClass);
            data.put("debug", "Traceback (most recent call last):\n  (simulated)\n" + pythonClass + ": " + message);
            data.put("message", message);
            data.putArray("arguments").add(message);
            data.putObject("context");
            return error;
        }
    }
}
