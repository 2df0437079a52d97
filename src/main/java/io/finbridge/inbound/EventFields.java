package io.finbridge.inbound;

import com.fasterxml.jackson.databind.JsonNode;
import io.finbridge.privacy.Excerpt;

/**
 * The fields of an event that become inbox columns (key, event id, type, API version), checked before the write so
 * that a value the store cannot keep is refused with 400 and its name, never found out by a failed commit that other
 * deliveries share. The limits are the columns' sizes in {@code db/migration/V002__inbound.sql} ({@code inbox_event}).
 * A value must be text (a source's number id is text here too), not blank, on one line (no control characters, which
 * PostgreSQL refuses or a log would misread) and not longer than its column.
 */
final class EventFields {

    static final int DEDUPE_KEY = 300;
    static final int EVENT_ID = 300;
    static final int EVENT_TYPE = 200;
    static final int API_VERSION = 50;

    private EventFields() {
    }

    /**
     * A required value from JSON: a string, or also a whole number where the source sends ids as numbers
     * ({@code numbers}); present, not blank, within {@code max}.
     */
    static String required(JsonNode node, String field, String what, int max, boolean numbers) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            throw new RejectedWebhook(400, "missing_key", what + " is missing");
        }
        String text;
        if (v.isTextual()) {
            text = v.textValue();
        } else if (numbers && v.isIntegralNumber()) {
            text = v.asText();
        } else {
            throw new RejectedWebhook(400, "invalid_event", what + " must be " + (numbers ? "a string or a whole number" : "a string")
                    + ", not " + kind(v));
        }
        return required(what, text, max);
    }

    /** An optional string from JSON: absent or null is null; anything but a string is refused. */
    static String optional(JsonNode node, String field, String what, int max) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual()) {
            throw new RejectedWebhook(400, "invalid_event", what + " must be a string, not " + kind(v));
        }
        return fits(what, v.textValue(), max);
    }

    /** A required value (from a header or a JSON path): present, not blank, fits. */
    static String required(String what, String value, int max) {
        if (value == null) {
            throw new RejectedWebhook(400, "missing_key", what + " is missing");
        }
        if (value.isBlank()) {
            throw new RejectedWebhook(400, "missing_key", what + " is blank");
        }
        return fits(what, value, max);
    }

    /** An optional value: null stays null, blank becomes null, anything else must fit. */
    static String fits(String what, String value, int max) {
        if (value == null || value.isBlank()) {
            return null;
        }
        if (value.length() > max) {
            throw new RejectedWebhook(400, "invalid_event", what + " is " + value.length() + " characters long, over the "
                    + max + " the inbox keeps");
        }
        for (int i = 0; i < value.length(); i++) {
            char ch = value.charAt(i);
            if (ch < 0x20 || ch == 0x7f) {
                throw new RejectedWebhook(400, "invalid_event", what + " contains a control character: " + Excerpt.of(value));
            }
        }
        return value;
    }

    /** How a JSON value is named in a reason: its kind, never its content. */
    static String kind(JsonNode v) {
        if (v.isObject()) {
            return "an object";
        }
        if (v.isArray()) {
            return "an array";
        }
        if (v.isNumber()) {
            return "a number";
        }
        if (v.isBoolean()) {
            return "a boolean";
        }
        return "a " + v.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
    }
}
