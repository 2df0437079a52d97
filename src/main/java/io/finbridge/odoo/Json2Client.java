package io.finbridge.odoo;

import java.io.IOException;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Odoo 19 and later over the JSON-2 API: {@code POST /json/2/<model>/<method>} with {@code Authorization: bearer
 * <key>}, {@code X-Odoo-Database}, and a JSON object of named arguments plus {@code ids} and {@code context}. No uid,
 * no session. Success is HTTP 200 with the method's result; errors are 4xx/5xx with {@code {name, message, arguments,
 * context, debug}} (Odoo 19 "External JSON-2 API" documentation; no recording exists).
 *
 * <p>JSON-2 takes no positional arguments, so {@link #executeKw} names them for Odoo's ORM methods (search, read,
 * create, write, ...); for any other method the first positional argument may be the record ids and the rest must
 * come as keyword arguments.
 */
final class Json2Client implements OdooClient {

    /** ORM methods on the model (no ids): the names of their positional parameters, in order. */
    private static final Map<String, List<String>> MODEL_METHODS = Map.ofEntries(
            Map.entry("search", List.of("domain", "offset", "limit", "order")),
            Map.entry("search_count", List.of("domain", "limit")),
            Map.entry("search_read", List.of("domain", "fields", "offset", "limit", "order")),
            Map.entry("create", List.of("vals_list")),
            Map.entry("name_search", List.of("name", "domain", "operator", "limit")),
            Map.entry("name_create", List.of("name")),
            Map.entry("fields_get", List.of("allfields", "attributes")),
            Map.entry("default_get", List.of("fields_list")),
            Map.entry("read_group", List.of("domain", "fields", "groupby", "offset", "limit", "orderby", "lazy")),
            Map.entry("check_object_reference", List.of("module", "xml_id")));
    /** ORM methods on records (ids first): the names of their positional parameters after the ids. */
    private static final Map<String, List<String>> RECORD_METHODS = Map.of(
            "read", List.of("fields", "load"),
            "write", List.of("vals"),
            "unlink", List.of(),
            "copy", List.of("default"));

    private final OdooConnection connection;
    private final OdooHttp http;
    private final Map<String, String> headers;

    Json2Client(OdooConnection connection, OdooHttp http) {
        this.connection = connection;
        this.http = http;
        Map<String, String> h = new LinkedHashMap<>();
        h.put("Authorization", "bearer " + connection.apiKey());
        if (!connection.database().isEmpty()) {
            h.put("X-Odoo-Database", connection.database());
        }
        this.headers = Map.copyOf(h);
    }

    @Override
    public Object executeKw(String model, String method, List<?> args, Map<String, ?> kwargs) {
        Map<String, Object> body = namedArguments(model, method, args == null ? List.of() : args,
                kwargs == null ? Map.of() : kwargs);
        byte[] bytes;
        try {
            bytes = OdooJson.MAPPER.writeValueAsBytes(body);
        } catch (IOException ex) {
            throw new IllegalArgumentException("Cannot write the arguments of " + model + "." + method + " as JSON: " + ex.getMessage(), ex);
        }
        String path = "/json/2/" + model + "/" + method;
        OdooHttp.Answer answer = http.post(path, "application/json; charset=utf-8", bytes, headers, model, method);
        if (answer.status() != 200) {
            throw error(answer, path, model, method);
        }
        Object result = read(answer, path, model, method);
        // execute_kw answers an id for create({...}); JSON-2 always answers the list of ids
        if (method.equals("create") && !args.isEmpty() && args.get(0) instanceof Map<?, ?>
                && result instanceof List<?> created && created.size() == 1) {
            return created.get(0);
        }
        return result;
    }

    @Override
    @SuppressWarnings("unchecked")
    public Map<String, Object> version() {
        OdooHttp.Answer answer = http.get("/web/version", Map.of(), "web", "version");
        if (answer.status() != 200) {
            throw error(answer, "/web/version", "web", "version");
        }
        Object v = read(answer, "/web/version", "web", "version");
        if (v instanceof Map<?, ?> m) {
            return (Map<String, Object>) m;
        }
        throw OdooException.of(OdooErrorClass.CONFIGURATION, "web", "version", null, "expected the version information, got " + v, null);
    }

    static Map<String, Object> namedArguments(String model, String method, List<?> args, Map<String, ?> kwargs) {
        Map<String, Object> body = new LinkedHashMap<>();
        List<?> rest = args;
        List<String> names;
        if (MODEL_METHODS.containsKey(method)) {
            names = MODEL_METHODS.get(method);
        } else if (RECORD_METHODS.containsKey(method)) {
            names = RECORD_METHODS.get(method);
            if (!args.isEmpty()) {
                body.put("ids", ids(args.get(0)));
                rest = args.subList(1, args.size());
            }
        } else {
            names = List.of();
            if (!args.isEmpty() && isIds(args.get(0))) {
                body.put("ids", ids(args.get(0)));
                rest = args.subList(1, args.size());
            }
        }
        if (rest.size() > names.size()) {
            throw new IllegalArgumentException("JSON-2 passes arguments by name: " + model + "." + method + " got "
                    + rest.size() + " positional argument(s) it cannot name; give them as keyword arguments (header CamelOdooKwargs)");
        }
        Object context = kwargs.get("context");
        if (context != null) {
            body.put("context", context);
        }
        for (int i = 0; i < rest.size(); i++) {
            body.put(names.get(i), rest.get(i));
        }
        for (Map.Entry<String, ?> e : kwargs.entrySet()) {
            if (!e.getKey().equals("context")) {
                body.put(e.getKey(), e.getValue());
            }
        }
        return body;
    }

    private static boolean isIds(Object o) {
        return o instanceof Number || o instanceof Collection<?> c && c.stream().allMatch(x -> x instanceof Number);
    }

    private static Object ids(Object o) {
        return o instanceof Number n ? List.of(n) : o;
    }

    private Object read(OdooHttp.Answer answer, String path, String model, String method) {
        if (answer.body().length == 0) {
            return null;
        }
        try {
            return OdooJson.MAPPER.readValue(answer.body(), Object.class);
        } catch (IOException ex) {
            throw OdooException.of(OdooErrorClass.CONFIGURATION, model, method, null, connection.url() + path
                    + " did not answer JSON (is finbridge.odoo.url an Odoo 19 or later?): " + answer.excerpt(), null);
        }
    }

    private OdooException error(OdooHttp.Answer answer, String path, String model, String method) {
        int status = answer.status();
        if (status >= 300 && status < 400) {
            return OdooException.of(OdooErrorClass.CONFIGURATION, model, method, null, connection.url() + path
                    + " redirects to " + answer.location() + ": set finbridge.odoo.url to the address Odoo is served at", null);
        }
        if (status == 502 || status == 503 || status == 504 || !answer.isJson()) {
            return OdooException.of(OdooErrorClass.ofHttpStatus(status), model, method, null,
                    "HTTP " + status + " from " + connection.url() + path + ": " + connection.redact(answer.excerpt()), null);
        }
        Object body;
        try {
            body = OdooJson.MAPPER.readValue(answer.body(), Object.class);
        } catch (IOException ex) {
            body = answer.excerpt();
        }
        String name = null;
        String message;
        if (body instanceof Map<?, ?> m) {
            name = m.get("name") == null ? null : String.valueOf(m.get("name"));
            message = String.valueOf(m.get("message"));
        } else {
            message = String.valueOf(body);
        }
        OdooErrorClass kind = status == 409 ? OdooErrorClass.CONCURRENCY
                : name != null ? OdooErrorClass.ofOdooError(name, message) : ofOdooStatus(status);
        return OdooException.of(kind, model, method, name, connection.redact(message), null);
    }

    /** An Odoo JSON answer without an exception name: the status Odoo gives each exception class. */
    private static OdooErrorClass ofOdooStatus(int status) {
        return switch (status) {
            case 401 -> OdooErrorClass.ACCESS_DENIED;
            case 403 -> OdooErrorClass.ACCESS;
            case 404 -> OdooErrorClass.MISSING;
            case 408 -> OdooErrorClass.TIMEOUT;
            case 409 -> OdooErrorClass.CONCURRENCY;
            case 422 -> OdooErrorClass.USER;
            case 429 -> OdooErrorClass.UNAVAILABLE;
            default -> status > 500 ? OdooErrorClass.UNAVAILABLE : OdooErrorClass.SERVER;
        };
    }
}
