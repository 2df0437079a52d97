package io.finbridge.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.TreeMap;

/** One event being mapped: the payload, the object inside it, the transport headers and the reference tables. */
final class EvalContext {

    private final JsonNode event;
    private final JsonNode object;
    private final Map<String, Object> headers;
    private final LookupTables tables;
    private final String mapping;
    private final int version;

    EvalContext(JsonNode event, JsonNode object, Map<String, Object> headers, LookupTables tables, String mapping, int version) {
        this.event = event;
        this.object = object;
        this.headers = caseInsensitive(headers);
        this.tables = tables;
        this.mapping = mapping;
        this.version = version;
    }

    static Map<String, Object> caseInsensitive(Map<String, Object> headers) {
        Map<String, Object> h = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        if (headers != null) {
            headers.forEach((k, v) -> {
                if (k != null && v != null) {
                    h.put(k, v);
                }
            });
        }
        return h;
    }

    JsonNode event() {
        return event;
    }

    JsonNode object() {
        return object;
    }

    Object header(String name) {
        return headers.get(name);
    }

    LookupTables tables() {
        return tables;
    }

    String mapping() {
        return mapping;
    }

    int version() {
        return version;
    }

    DataQualityException fail(String field, String rule, String message) {
        return new DataQualityException(mapping, version, field, rule, message);
    }
}
