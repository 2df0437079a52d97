package io.finbridge.odoo;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Odoo 16 to 19 over {@code POST /jsonrpc} (deprecated in 19, removed in 20, as Odoo 19 logs on every call). Odoo
 * answers HTTP 200 for every outcome; errors are read from the body's {@code error.data.name} (the {@code code} is
 * 200 in 17 and 0 in 19, so it is not used), and of the error only the name and message are kept, never the
 * {@code debug} traceback. A response with neither {@code result} nor {@code error} is a method that returned None:
 * success, null.
 */
final class JsonRpcClient extends RpcClient {

    private static final Map<String, String> NO_HEADERS = Map.of();
    private final AtomicLong ids = new AtomicLong();

    JsonRpcClient(OdooConnection connection, OdooHttp http) {
        super(connection, http);
    }

    @Override
    protected Object call(String service, String serviceMethod, List<Object> args, String model, String method) {
        Map<String, Object> params = new LinkedHashMap<>(4);
        params.put("service", service);
        params.put("method", serviceMethod);
        params.put("args", args);
        Map<String, Object> envelope = new LinkedHashMap<>(4);
        envelope.put("jsonrpc", "2.0");
        envelope.put("method", "call");
        envelope.put("params", params);
        envelope.put("id", ids.incrementAndGet());
        byte[] body;
        try {
            body = OdooJson.MAPPER.writeValueAsBytes(envelope);
        } catch (IOException ex) {
            throw new IllegalArgumentException("Cannot write the arguments of " + model + "." + method + " as JSON: "
                    + ex.getMessage(), ex);
        }
        OdooHttp.Answer answer = http.post("/jsonrpc", "application/json", body, NO_HEADERS, model, method);
        if (answer.status() != 200) {
            throw httpError(answer, model, method);
        }
        Map<String, Object> response;
        try {
            response = OdooJson.MAPPER.readValue(answer.body(), OdooJson.MAP);
        } catch (IOException ex) {
            throw odooError(OdooErrorClass.CONFIGURATION, model, method, null, connection.url()
                    + "/jsonrpc did not answer JSON-RPC (is finbridge.odoo.url the Odoo server?): " + answer.excerpt());
        }
        Object error = response.get("error");
        if (error instanceof Map<?, ?> e) {
            Object data = e.get("data");
            String name = data instanceof Map<?, ?> d && d.get("name") != null ? String.valueOf(d.get("name")) : null;
            String message = data instanceof Map<?, ?> d && d.get("message") != null ? String.valueOf(d.get("message"))
                    : String.valueOf(e.get("message"));
            throw odooError(OdooErrorClass.ofOdooError(name, message), model, method, name, message);
        }
        return response.get("result");
    }

    private OdooException httpError(OdooHttp.Answer answer, String model, String method) {
        if (answer.status() >= 300 && answer.status() < 400) {
            return odooError(OdooErrorClass.CONFIGURATION, model, method, null, connection.url()
                    + "/jsonrpc redirects to " + answer.location() + ": set finbridge.odoo.url to the address Odoo is served at");
        }
        String hint = answer.status() == 404 ? " (no JSON-RPC here: Odoo 20 and later only speak JSON-2, protocol json2 or auto)" : "";
        return odooError(OdooErrorClass.ofHttpStatus(answer.status()), model, method, null,
                "HTTP " + answer.status() + " from " + connection.url() + "/jsonrpc" + hint + ": " + answer.excerpt());
    }
}
