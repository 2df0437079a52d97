package io.finbridge.inbound;

import com.fasterxml.jackson.databind.JsonNode;
import com.jayway.jsonpath.JsonPath;
import com.jayway.jsonpath.PathNotFoundException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How each platform names its events: where the dedupe key, event id, type and API version are, and which headers
 * are worth keeping. One webhook request becomes one event, except HubSpot's, which batches events in an array.
 */
public enum SourceKind {

    /** Retries carry the same X-Shopify-Webhook-Id; X-Shopify-Event-Id is shared by the webhooks of one event. */
    SHOPIFY {
        @Override
        List<InboundEvent> events(WebhookSource source, WebhookRequest request, JsonNode json, String body) {
            String webhookId = EventFields.required("header X-Shopify-Webhook-Id", request.header("X-Shopify-Webhook-Id"),
                    EventFields.DEDUPE_KEY);
            String topic = EventFields.required("header X-Shopify-Topic", request.header("X-Shopify-Topic"), EventFields.EVENT_TYPE);
            return List.of(new InboundEvent(source.name(), webhookId,
                    EventFields.fits("header X-Shopify-Event-Id", request.header("X-Shopify-Event-Id"), EventFields.EVENT_ID), topic,
                    EventFields.fits("header X-Shopify-API-Version", request.header("X-Shopify-API-Version"), EventFields.API_VERSION),
                    keep(request, "X-Shopify-Topic", "X-Shopify-Shop-Domain", "X-Shopify-API-Version",
                            "X-Shopify-Webhook-Id", "X-Shopify-Event-Id", "X-Shopify-Triggered-At"), body));
        }
    },

    /** The event object's own id ({@code evt_...}) is the same on every retry. */
    STRIPE {
        @Override
        List<InboundEvent> events(WebhookSource source, WebhookRequest request, JsonNode json, String body) {
            if (!json.isObject()) {
                throw new RejectedWebhook(400, "malformed", "Stripe webhook body must be a JSON object (an event)");
            }
            // the id is the event id and the dedupe key at once
            String id = EventFields.required(json, "id", "Stripe event id", EventFields.EVENT_ID, false);
            String type = EventFields.required(json, "type", "Stripe event type", EventFields.EVENT_TYPE, false);
            String version = EventFields.optional(json, "api_version", "Stripe event api_version", EventFields.API_VERSION);
            return List.of(new InboundEvent(source.name(), id, id, type, version, keep(request, "Stripe-Account"), body));
        }
    },

    /** A batch: an array of events, each with its own eventId; each is stored and deduplicated on its own. */
    HUBSPOT {
        @Override
        List<InboundEvent> events(WebhookSource source, WebhookRequest request, JsonNode json, String body) {
            if (!json.isArray()) {
                throw new RejectedWebhook(400, "malformed", "HubSpot webhook body must be a JSON array of events");
            }
            List<InboundEvent> out = new ArrayList<>();
            for (JsonNode event : json) {
                String at = "HubSpot event " + out.size();
                if (!event.isObject()) {
                    throw new RejectedWebhook(400, "malformed", at + " must be a JSON object, not " + EventFields.kind(event));
                }
                // HubSpot sends eventId as a number
                String id = EventFields.required(event, "eventId", at + " eventId", EventFields.EVENT_ID, true);
                out.add(new InboundEvent(source.name(), id, id,
                        EventFields.optional(event, "subscriptionType", at + " subscriptionType", EventFields.EVENT_TYPE), null,
                        Map.of(), event.toString()));
            }
            return out;
        }
    },

    /** Any JSON source: the dedupe key comes from a configured JSON path or header, else from the body's hash. */
    GENERIC {
        @Override
        List<InboundEvent> events(WebhookSource source, WebhookRequest request, JsonNode json, String body) {
            String key = null;
            if (source.dedupeHeader() != null) {
                key = EventFields.required("dedupe key (header " + source.dedupeHeader() + ")", request.header(source.dedupeHeader()),
                        EventFields.DEDUPE_KEY);
            } else if (source.dedupePath() != null) {
                key = EventFields.required("dedupe key (" + source.dedupePath() + ")", path(body, source.dedupePath(), "dedupe key"),
                        EventFields.DEDUPE_KEY);
            }
            String type = source.typePath() == null ? null
                    : EventFields.fits("event type (" + source.typePath() + ")", path(body, source.typePath(), "event type"), EventFields.EVENT_TYPE);
            return List.of(new InboundEvent(source.name(), key == null ? "sha256:" + sha256(body) : key, key, type, null,
                    Map.of(), body));
        }
    };

    abstract List<InboundEvent> events(WebhookSource source, WebhookRequest request, JsonNode json, String body);

    static Map<String, String> keep(WebhookRequest request, String... names) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String n : names) {
            String v = request.header(n);
            if (v != null) {
                out.put(n, v);
            }
        }
        return out;
    }

    /** The value at a configured JSON path: text or a number (as text); an object, array or boolean is refused. */
    private static String path(String body, String jsonPath, String what) {
        Object v;
        try {
            v = JsonPath.read(body, jsonPath);
        } catch (PathNotFoundException ex) {
            return null;
        }
        if (v == null || v instanceof String || v instanceof Number) {
            return v == null ? null : String.valueOf(v);
        }
        throw new RejectedWebhook(400, "invalid_event", what + " (" + jsonPath + ") must be a string or a number, not "
                + (v instanceof Map ? "an object" : v instanceof List ? "an array" : "a " + v.getClass().getSimpleName().toLowerCase(java.util.Locale.ROOT)));
    }

    private static String sha256(String body) {
        return PayloadHash.of(body);
    }
}
