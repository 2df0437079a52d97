package io.finbridge.odoo;

import java.io.IOException;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Odoo 19 and later over the JSON-2 API: {@code POST /json/2/<model>/<method>} with {@code Authorization: bearer
 * <key>}, {@code X-Odoo-Database}, and a JSON object of named arguments plus {@code ids} and {@code context}. No uid,
 * no session, no cookie. Success is HTTP 200 with the method's result as bare JSON ({@code null} for a method that
 * returns None); errors are 4xx/5xx, mostly with {@code {name, message, arguments, context, debug}}, some with an HTML
 * page (as recorded from a real Odoo 19.0: see {@link OdooErrorClass#ofJson2}).
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
    private volatile OdooVersion known;

    Json2Client(OdooConnection connection, OdooHttp http) {
        this.connection = connection;
        this.http = http;
        Map<String, String> h = new LinkedHashMap<>();
        if (!connection.apiKey().isEmpty()) { // without a key Odoo says so (401): clearer than an empty bearer
            h.put("Authorization", "bearer " + connection.apiKey());
        }
        if (!connection.database().isEmpty()) {
            h.put("X-Odoo-Database", connection.database());
        }
        this.headers = Map.copyOf(h);
    }

    @Override
    public Object executeKw(String model, String method, List<?> positional, Map<String, ?> kwargs) {
        List<?> args = positional == null ? List.of() : positional;
        Map<String, Object> body = namedArguments(model, method, args, kwargs == null ? Map.of() : kwargs);
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
    public Map<String, Object> version() {
        Map<String, Object> v = webVersion();
        if (v == null) {
            throw OdooException.of(OdooErrorClass.CONFIGURATION, "web", "version", null, "GET " + connection.url()
                    + "/web/version answered 404: this is no Odoo 19 or later, which JSON-2 needs (set finbridge.odoo.protocol"
                    + " to jsonrpc, xmlrpc or auto)", null);
        }
        return v;
    }

    @Override
    public OdooVersion serverVersion() {
        OdooVersion v = known;
        if (v == null) {
            v = OdooVersion.of(version());
            known = v;
        }
        return v;
    }

    /**
     * {@code GET /web/version} (auth none, no database needed; Odoo 19 and later), or null when the server answers
     * 404 there, as Odoo 17 does. Sends no key and no database: the route needs neither.
     */
    @SuppressWarnings("unchecked")
    Map<String, Object> webVersion() {
        OdooHttp.Answer answer = http.get("/web/version", Map.of(), "web", "version");
        if (answer.status() == 404) {
            return null;
        }
        if (answer.status() != 200) {
            throw error(answer, "/web/version", "web", "version");
        }
        Object v = read(answer, "/web/version", "web", "version");
        if (v instanceof Map<?, ?> m) {
            Map<String, Object> version = (Map<String, Object>) m;
            if (known == null) {
                known = OdooVersion.of(version);
            }
            return version;
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

    /**
     * What a non-200 answer means, by status first and then by Odoo's {@code name} ({@link OdooErrorClass#ofJson2}).
     * Only a JSON body is read as JSON; of it only {@code name} and {@code message} are kept: {@code debug} (Odoo's
     * full traceback), {@code arguments} and {@code context} are dropped.
     */
    private OdooException error(OdooHttp.Answer answer, String path, String model, String method) {
        int status = answer.status();
        String where = connection.url() + path;
        if (status >= 300 && status < 400) {
            return OdooException.of(OdooErrorClass.CONFIGURATION, model, method, null, where + " redirects to "
                    + answer.location() + ": set finbridge.odoo.url to the address Odoo is served at", null);
        }
        if (!answer.isJson()) {
            return notJson(answer, where, model, method);
        }
        Map<?, ?> error = null;
        try {
            if (OdooJson.MAPPER.readValue(answer.body(), Object.class) instanceof Map<?, ?> m) {
                error = m;
            }
        } catch (IOException ex) {
            // a JSON content type on a body that is not JSON: classified by the status alone, below
        }
        if (error == null) {
            return OdooException.of(OdooErrorClass.ofJson2(status, null, null), model, method, null,
                    "HTTP " + status + " from " + where + ": " + connection.redact(answer.excerpt()), null);
        }
        String name = error.get("name") == null ? null : String.valueOf(error.get("name"));
        String message = error.get("message") == null ? "HTTP " + status + " from " + where : String.valueOf(error.get("message"));
        return OdooException.of(OdooErrorClass.ofJson2(status, name, message), model, method, name, connection.redact(message), null);
    }

    /**
     * A body that is not JSON (never parsed as such): Odoo's HTML 404 when it selected no database, its HTML 415 for
     * a content type it refuses, or a proxy's page.
     */
    private OdooException notJson(OdooHttp.Answer answer, String where, String model, String method) {
        int status = answer.status();
        String page = connection.redact(answer.excerpt());
        if (status == 404 && answer.bodyContains("No database is selected")) {
            String which = connection.database().isEmpty()
                    ? "no X-Odoo-Database was sent and the server serves several databases: set finbridge.odoo.database"
                    : "X-Odoo-Database '" + connection.database() + "' is not a database this server serves: check finbridge.odoo.database";
            return OdooException.of(OdooErrorClass.CONFIGURATION, model, method, null,
                    "Odoo at " + connection.url() + " selected no database (HTTP 404): " + which, null);
        }
        if (status == 404) {
            return OdooException.of(OdooErrorClass.CONFIGURATION, model, method, null, "HTTP 404 from " + where
                    + ": no JSON-2 API here (Odoo 19 or later; for older servers set finbridge.odoo.protocol to jsonrpc or auto): " + page, null);
        }
        OdooErrorClass kind = status == 400 || status == 415 ? OdooErrorClass.CALL_SHAPE : OdooErrorClass.ofHttpStatus(status);
        return OdooException.of(kind, model, method, null, "HTTP " + status + " from " + where + ": " + page, null);
    }
}
