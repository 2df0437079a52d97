package io.finbridge.inbound;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.finbridge.ops.Tracing;
import io.finbridge.privacy.Excerpt;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.camel.Exchange;
import org.apache.camel.http.common.HttpMessage;

/**
 * The webhook front door, called by the {@code *-webhooks-to-inbox} routes: verify the signature on the raw body,
 * parse, key, store durably, and only then answer 2xx. Every refusal has a status and a reason; nothing refused is
 * stored. Acknowledgement never waits for Odoo.
 */
public final class WebhookGateway {

    public static final String SOURCE_HEADER = "FinbridgeSource";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final WebhookSources sources;
    private final InboxWriter inbox;
    private final WebhookMetrics metrics;
    private final Duration storeTimeout;
    private final String publicUrl;

    public WebhookGateway(WebhookSources sources, InboxWriter inbox, WebhookMetrics metrics, Duration storeTimeout, String publicUrl) {
        this.sources = sources;
        this.inbox = inbox;
        this.metrics = metrics;
        this.storeTimeout = storeTimeout;
        this.publicUrl = publicUrl == null ? null : publicUrl.replaceAll("/+$", "");
    }

    /** Camel entry point: the source comes from the route (header FinbridgeSource) or the {source} path parameter. */
    public void accept(Exchange exchange) {
        long started = System.nanoTime();
        String name = exchange.getMessage().getHeader(SOURCE_HEADER, String.class);
        if (name == null) {
            name = exchange.getMessage().getHeader("source", String.class);
        }
        // the receipt's log lines (a refused webhook, a full store) carry the source, as the worker's lines do
        EventLogContext.put(EventLogContext.SOURCE, name);
        try {
            answer(exchange, name, started);
        } finally {
            EventLogContext.put(EventLogContext.SOURCE, null);
        }
    }

    private void answer(Exchange exchange, String name, long started) {
        HttpServletRequest http = exchange.getMessage() instanceof HttpMessage hm ? hm.getRequest() : null;
        byte[] body = exchange.getMessage().getBody(byte[].class);
        WebhookRequest request = new WebhookRequest(name == null ? "" : name, http == null ? "POST" : http.getMethod(),
                url(http), headers(exchange, http), body == null ? new byte[0] : body,
                http == null ? "unknown" : http.getRemoteAddr());
        try {
            List<InboxWriter.Stored> stored = receive(request, Tracing.context(exchange));
            boolean allDuplicates = stored.stream().allMatch(InboxWriter.Stored::duplicate);
            metrics.count(request.source(), allDuplicates ? "duplicate" : "accepted");
            ObjectNode answer = JSON.createObjectNode();
            answer.put("status", allDuplicates ? "duplicate" : "accepted");
            ArrayNode ids = answer.putArray("events");
            stored.forEach(s -> ids.add(s.inboxId()));
            respond(exchange, 200, answer);
            metrics.acknowledged(request.source(), Duration.ofNanos(System.nanoTime() - started));
        } catch (RejectedWebhook r) {
            metrics.refused(request.source().isEmpty() ? "unknown" : request.source(), r.outcome(), r.status(),
                    request.remoteAddress(), r.getMessage());
            respond(exchange, r.status(), error(r.outcome(), r.getMessage()));
        } catch (InboxUnavailable u) {
            metrics.count(request.source(), "unavailable");
            exchange.getMessage().setHeader("Retry-After", "30");
            respond(exchange, 503, error("unavailable", u.getMessage()));
        }
    }

    /** Verify, parse, key and store: the order matters, nothing is parsed before the signature holds. */
    List<InboxWriter.Stored> receive(WebhookRequest request) {
        return receive(request, Map.of());
    }

    /** @param trace the receipt's trace context, stored with each event so that its processing joins the trace */
    List<InboxWriter.Stored> receive(WebhookRequest request, Map<String, String> trace) {
        WebhookSource source = sources.find(request.source()).orElseThrow(() -> new RejectedWebhook(404, "unknown_source",
                "no webhook source named '" + request.source() + "' is configured"));
        Verdict verdict = source.verifier().verify(request);
        if (!verdict.accepted()) {
            throw new RejectedWebhook(401, "bad_signature", verdict.reason());
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(request.body())).toString();
        } catch (java.nio.charset.CharacterCodingException ex) {
            throw new RejectedWebhook(400, "malformed", "body is not UTF-8");
        }
        JsonNode json;
        try {
            json = JSON.readTree(text);
        } catch (JsonProcessingException ex) {
            String where = ex.getLocation() == null ? "" : " at line " + ex.getLocation().getLineNr() + ", column " + ex.getLocation().getColumnNr();
            throw new RejectedWebhook(400, "malformed", "malformed JSON" + where + ": "
                    + Excerpt.bounded(String.valueOf(ex.getOriginalMessage()), 200));
        }
        if (json == null || json.isMissingNode() || !(json.isObject() || json.isArray())) {
            throw new RejectedWebhook(400, "malformed", "body must be a JSON object or array");
        }
        List<InboundEvent> events = source.kind().events(source, request, json, text);
        if (events.isEmpty()) {
            throw new RejectedWebhook(400, "malformed", "no events in the body");
        }
        return inbox.store(trace.isEmpty() ? events : events.stream().map(e -> e.withHeaders(trace)).toList(), storeTimeout);
    }

    private String url(HttpServletRequest http) {
        if (http == null) {
            return "";
        }
        String query = http.getQueryString() == null ? "" : "?" + http.getQueryString();
        if (publicUrl != null) {
            return publicUrl + http.getRequestURI() + query;
        }
        String proto = http.getHeader("X-Forwarded-Proto");
        String host = http.getHeader("X-Forwarded-Host");
        String base = (proto != null ? proto : http.getScheme()) + "://" + (host != null ? host : http.getHeader("Host"));
        return base + http.getRequestURI() + query;
    }

    private static Map<String, String> headers(Exchange exchange, HttpServletRequest http) {
        Map<String, String> out = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        if (http != null) {
            for (String name : Collections.list(http.getHeaderNames())) {
                out.put(name, http.getHeader(name));
            }
            return out;
        }
        exchange.getMessage().getHeaders().forEach((k, v) -> {
            if (v != null) {
                out.put(k, String.valueOf(v));
            }
        });
        return out;
    }

    private static ObjectNode error(String code, String reason) {
        ObjectNode n = JSON.createObjectNode();
        n.put("error", code);
        n.put("reason", reason);
        return n;
    }

    private static void respond(Exchange exchange, int status, ObjectNode body) {
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, "application/json");
        try {
            exchange.getMessage().setBody(JSON.writeValueAsBytes(body));
        } catch (IOException ex) {
            throw new IllegalStateException(ex);
        }
    }
}
