package io.finbridge.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import com.jayway.jsonpath.InvalidPathException;
import com.jayway.jsonpath.JsonPath;

/**
 * A JsonPath of a mapping and what it starts from: {@code $.x} the current item (the mapped object, or the element
 * inside {@code each}), {@code $$.x} the mapped object, {@code $event.x} the whole payload as received (Stripe's event
 * envelope with {@code api_version}, {@code created}, {@code account}).
 */
record JsonPathRef(Root root, JsonPath path, String text) {

    enum Root {
        CURRENT,
        OBJECT,
        EVENT
    }

    static JsonPathRef compile(YamlNode at, String text) {
        Root root;
        String rest;
        if (text.startsWith("$event")) {
            root = Root.EVENT;
            rest = "$" + text.substring("$event".length());
        } else if (text.startsWith("$$")) {
            root = Root.OBJECT;
            rest = text.substring(1);
        } else if (text.startsWith("$")) {
            root = Root.CURRENT;
            rest = text;
        } else {
            throw at.error("'" + text + "' is not a JsonPath (it starts with $, $$ or $event); for a fixed value write const: " + text);
        }
        try {
            return new JsonPathRef(root, JsonPath.compile(rest), text);
        } catch (InvalidPathException | IllegalArgumentException ex) {
            throw at.error("invalid JsonPath '" + text + "': " + ex.getMessage());
        }
    }

    boolean isDefinite() {
        return path.isDefinite();
    }

    /** The value at this path, as {@link JsonValues#toJava}; an indefinite path gives a JSON array. */
    Object read(JsonNode current, EvalContext ctx) {
        JsonNode from = switch (root) {
            case CURRENT -> current;
            case OBJECT -> ctx.object();
            case EVENT -> ctx.event();
        };
        return JsonValues.toJava(path.read(from, JsonValues.JSON_PATH));
    }
}
