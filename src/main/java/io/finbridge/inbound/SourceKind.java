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
            String webhookId = require(request, "X-Shopify-Webhook-Id");
            String topic = require(request, "X-Shopify-Topic");
            return List.of(new InboundEvent(source.name(), webhookId, request.header("X-Shopify-Event-Id"), topic,
                    request.header("X-Shopify-API-Version"),
                    keep(request, "X-Shopify-Topic", "X-Shopify-Shop-Domain", "X-Shopify-API-Version",
                            "X-Shopify-Webhook-Id", "X-Shopify-Event-Id", "X-Shopify-Triggered-At"), body));
        }
    },

    /** The event object's own id ({@code evt_...}) is the same on every retry. */
    STRIPE {
        @Override
        List<InboundEvent> events(WebhookSource source, WebhookRequest request, JsonNode json, String body) {
            String id = text(json, "id");
            if (id == null) {
                throw new RejectedWebhook(400, "missing_key", "Stripe event without an id");
            }
            return List.of(new InboundEvent(source.name(), id, id, text(json, "type"), text(json, "api_version"),
                    keep(request, "Stripe-Account"), body));
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
                String id = text(event, "eventId");
                if (id == null) {
                    throw new RejectedWebhook(400, "missing_key", "HubSpot event without eventId at index " + out.size());
                }
                out.add(new InboundEvent(source.name(), id, id, text(event, "subscriptionType"), null,
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
                key = request.header(source.dedupeHeader());
            } else if (source.dedupePath() != null) {
                key = path(body, source.dedupePath());
            }
            if (key == null && (source.dedupeHeader() != null || source.dedupePath() != null)) {
                throw new RejectedWebhook(400, "missing_key", "event has no dedupe key at "
                        + (source.dedupeHeader() != null ? "header " + source.dedupeHeader() : source.dedupePath()));
            }
            String type = source.typePath() == null ? null : path(body, source.typePath());
            return List.of(new InboundEvent(source.name(), key == null ? "sha256:" + sha256(body) : key, key, type, null,
                    Map.of(), body));
        }
    };

    abstract List<InboundEvent> events(WebhookSource source, WebhookRequest request, JsonNode json, String body);

    static String require(WebhookRequest request, String header) {
        String v = request.header(header);
        if (v == null) {
            throw new RejectedWebhook(400, "missing_key", "missing " + header + " header");
        }
        return v;
    }

    static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

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

    private static String path(String body, String jsonPath) {
        try {
            Object v = JsonPath.read(body, jsonPath);
            return v == null ? null : String.valueOf(v);
        } catch (PathNotFoundException ex) {
            return null;
        }
    }

    private static String sha256(String body) {
        return PayloadHash.of(body);
    }
}
