package io.finbridge.inbound;

import java.util.Map;

/**
 * An event ready for the inbox: who sent it, the key that makes a redelivery a duplicate, the source's own event id
 * and type, and the raw body with the headers worth keeping.
 */
public record InboundEvent(String source, String dedupeKey, String eventId, String type, String apiVersion,
                           Map<String, String> headers, String body) {

    public InboundEvent {
        if (dedupeKey == null || dedupeKey.isBlank()) {
            throw new IllegalArgumentException("dedupe key is required");
        }
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
