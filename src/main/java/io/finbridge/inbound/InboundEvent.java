package io.finbridge.inbound;

import java.util.Map;

/**
 * An event ready for the inbox: who sent it, the key that makes a redelivery a duplicate, the source's own event id
 * and type, and the raw body with the headers worth keeping.
 */
public record InboundEvent(String source, String dedupeKey, String eventId, String type, String apiVersion,
                           Map<String, String> headers, String body) {

    public InboundEvent {
        // each source names its fields in its own reasons (SourceKind); this is the last guard for the columns
        dedupeKey = EventFields.required("dedupe key", dedupeKey, EventFields.DEDUPE_KEY);
        eventId = EventFields.fits("event id", eventId, EventFields.EVENT_ID);
        type = EventFields.fits("event type", type, EventFields.EVENT_TYPE);
        apiVersion = EventFields.fits("api version", apiVersion, EventFields.API_VERSION);
        headers = Map.copyOf(headers);
    }

    /** The same event with more headers to keep (e.g. the receipt's trace context); its own headers win. */
    public InboundEvent withHeaders(Map<String, String> more) {
        if (more.isEmpty()) {
            return this;
        }
        Map<String, String> all = new java.util.LinkedHashMap<>(more);
        all.putAll(headers);
        return new InboundEvent(source, dedupeKey, eventId, type, apiVersion, all, body);
    }
}
