package io.finbridge.ops;

import com.fasterxml.jackson.databind.JsonNode;
import io.finbridge.review.CaseNotFoundException;
import io.finbridge.review.CaseStateException;
import io.finbridge.review.ExceptionQueue;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.camel.Exchange;

/**
 * {@code /api/exceptions}: the finance operators' queue. List and filter, show one (with its original and corrected
 * payloads), replay (as is, or with {@code {"payload": {...}}} as the corrected event) and discard (with
 * {@code {"reason": "..."}}). Who acted is taken from the login and written to the audit trail.
 */
public final class ExceptionsApi {

    private static final List<String> FILTERS = List.of("source", "flow", "classification", "status", "minAmount", "currency");
    private final ExceptionQueue queue;
    private final Runnable afterReplay;

    public ExceptionsApi(ExceptionQueue queue, Runnable afterReplay) {
        this.queue = queue;
        this.afterReplay = afterReplay;
    }

    public void list(Exchange exchange) {
        answer(exchange, ex -> {
            Map<String, String> filter = new HashMap<>();
            for (String f : FILTERS) {
                String v = ApiAnswer.param(ex, f);
                if (v != null) {
                    filter.put(f, v);
                }
            }
            int limit = ApiAnswer.intParam(ex, "limit", 50, 500);
            int offset = ApiAnswer.intParam(ex, "offset", 0, Integer.MAX_VALUE);
            List<Map<String, Object>> items = queue.list(filter, limit, offset);
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("items", items);
            body.put("limit", limit);
            body.put("offset", offset);
            ApiAnswer.ok(ex, body);
        });
    }

    public void show(Exchange exchange) {
        answer(exchange, ex -> ApiAnswer.ok(ex, queue.find(caseId(ex))
                .orElseThrow(() -> new CaseNotFoundException("no exception case " + caseId(ex)))));
    }

    public void replay(Exchange exchange) {
        answer(exchange, ex -> {
            JsonNode body = optionalJson(ex);
            String corrected = null;
            if (body != null && body.has("payload")) {
                JsonNode payload = body.get("payload");
                if (!payload.isObject() && !payload.isArray()) {
                    throw new IllegalArgumentException("payload must be the corrected event as a JSON object");
                }
                corrected = payload.toString();
            }
            Map<String, Object> result = queue.replay(caseId(ex), ApiAnswer.actor(ex), corrected);
            afterReplay.run();
            ApiAnswer.respond(ex, 202, result);
        });
    }

    public void discard(Exchange exchange) {
        answer(exchange, ex -> {
            JsonNode body = optionalJson(ex);
            String reason = body == null ? null : body.path("reason").asText(null);
            if (reason == null || reason.isBlank()) {
                throw new IllegalArgumentException("a reason is required: {\"reason\": \"...\"}");
            }
            ApiAnswer.ok(ex, queue.discard(caseId(ex), ApiAnswer.actor(ex), reason));
        });
    }

    private static long caseId(Exchange ex) {
        String id = ApiAnswer.param(ex, "id");
        try {
            return Long.parseLong(id);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("exception id must be a number, got '" + id + "'");
        }
    }

    static JsonNode optionalJson(Exchange ex) {
        String text = ex.getMessage().getBody(String.class);
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return ApiAnswer.JSON.readTree(text);
        } catch (Exception e) {
            throw new IllegalArgumentException("body is not valid JSON: " + e.getMessage());
        }
    }

    static void answer(Exchange exchange, Consumer<Exchange> action) {
        try {
            action.accept(exchange);
        } catch (CaseNotFoundException e) {
            ApiAnswer.error(exchange, 404, "not_found", e.getMessage());
        } catch (CaseStateException e) {
            ApiAnswer.error(exchange, 409, "conflict", e.getMessage());
        } catch (IllegalArgumentException e) {
            ApiAnswer.error(exchange, 400, "bad_request", e.getMessage());
        } catch (ApiAnswer.NotAuthenticated e) {
            ApiAnswer.error(exchange, 401, "unauthenticated", e.getMessage());
        }
    }
}
