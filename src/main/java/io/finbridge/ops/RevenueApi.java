package io.finbridge.ops;

import com.fasterxml.jackson.databind.JsonNode;
import io.finbridge.revenue.RecognitionRuns;
import io.finbridge.revenue.RevenueHeaders;
import io.finbridge.revenue.RevenueSchedules;
import io.finbridge.revenue.ScheduleQuery;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.camel.Exchange;

/**
 * {@code /api/revenue}: revenue schedules (filtered by entity, customer, source line, invoice, subscription, period;
 * one source line's in full) and recognition runs (list; start one for a period, a dry run unless
 * {@code "dryRun": false}).
 */
public final class RevenueApi {

    private static final Set<String> SCHEDULE_FILTERS = Set.of("entity", "customer", "sourceLine", "invoice", "subscription",
            "period", "limit", "offset");
    private static final Set<String> RUN_FILTERS = Set.of("period", "status");
    private final RevenueSchedules schedules;
    private final RecognitionRuns runs;

    public RevenueApi(RevenueSchedules schedules, RecognitionRuns runs) {
        this.schedules = schedules;
        this.runs = runs;
    }

    public void schedules(Exchange exchange) {
        answer(exchange, ex -> {
            onlyKnown(ex, SCHEDULE_FILTERS);
            String period = ApiAnswer.param(ex, "period");
            ScheduleQuery q = new ScheduleQuery(ApiAnswer.param(ex, "entity"), ApiAnswer.param(ex, "customer"),
                    ApiAnswer.param(ex, "sourceLine"), ApiAnswer.param(ex, "invoice"), ApiAnswer.param(ex, "subscription"),
                    period == null ? null : schedules.periodLength().parse(period));
            int limit = ApiAnswer.intParam(ex, "limit", 50, 500);
            int offset = ApiAnswer.intParam(ex, "offset", 0, Integer.MAX_VALUE);
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("items", schedules.find(q, limit, offset));
            body.put("limit", limit);
            body.put("offset", offset);
            ApiAnswer.ok(ex, body);
        });
    }

    public void schedule(Exchange exchange) {
        answer(exchange, ex -> {
            String ref = ApiAnswer.param(ex, "sourceLine");
            schedules.forLine(ref).ifPresentOrElse(s -> ApiAnswer.ok(ex, s),
                    () -> ApiAnswer.error(ex, 404, "not_found", "no revenue schedule for source line '" + ref + "'"));
        });
    }

    public void runs(Exchange exchange) {
        answer(exchange, ex -> {
            onlyKnown(ex, RUN_FILTERS);
            String status = ApiAnswer.param(ex, "status");
            try {
                ApiAnswer.ok(ex, Map.of("items", runs.list(ApiAnswer.param(ex, "period"), status)));
            } catch (IllegalArgumentException e) {
                if (status != null && e.getMessage() != null && e.getMessage().startsWith("No enum constant")) {
                    throw new IllegalArgumentException("status '" + status + "' is not one of previewed, posting, posted, locked, failed");
                }
                throw e;
            }
        });
    }

    /** Reads {@code {"period": "2026-01", "dryRun": true, "lines": false}} into the run's headers, or answers 400. */
    public void runRequest(Exchange exchange) {
        answer(exchange, ex -> {
            JsonNode body = json(ex);
            JsonNode period = body.get("period");
            if (period == null || !period.isTextual() || period.asText().isBlank()) {
                throw new IllegalArgumentException("a run needs a period: {\"period\": \"2026-01\", \"dryRun\": true}");
            }
            for (String flag : List.of("dryRun", "lines")) {
                if (body.has(flag) && !body.get(flag).isBoolean()) {
                    throw new IllegalArgumentException(flag + " must be true or false");
                }
            }
            for (java.util.Iterator<String> it = body.fieldNames(); it.hasNext(); ) {
                String f = it.next();
                if (!Set.of("period", "dryRun", "lines").contains(f)) {
                    throw new IllegalArgumentException("unknown field '" + f + "' (a run takes period, dryRun, lines)");
                }
            }
            String key = schedules.periodLength().parse(period.asText()).key();
            String actor = ApiAnswer.actor(ex);
            ex.getMessage().getHeaders().keySet().removeIf(k -> !k.startsWith("Camel"));
            ex.getMessage().removeHeader(Exchange.HTTP_RESPONSE_CODE);
            ex.getMessage().setHeader(RevenueHeaders.PERIOD, key);
            // a run posts only when asked to in so many words
            ex.getMessage().setHeader(RevenueHeaders.DRY_RUN, !body.has("dryRun") || body.get("dryRun").asBoolean());
            ex.getMessage().setHeader("FinbridgeRevenueLines", body.path("lines").asBoolean(false));
            ex.getMessage().setHeader(RevenueHeaders.ACTOR, actor);
            ex.getMessage().setBody(null);
        });
    }

    /** The run's report: 200, or 502 when an entry could not be posted (the report says which and why). */
    @SuppressWarnings("unchecked")
    public void runAnswer(Exchange exchange) {
        Map<String, Object> report = exchange.getMessage().getBody(Map.class);
        Map<String, Long> byStatus = (Map<String, Long>) report.get("byStatus");
        ApiAnswer.respond(exchange, byStatus.containsKey("failed") && !Boolean.TRUE.equals(report.get("dryRun")) ? 502 : 200, report);
    }

    public void refused(Exchange exchange) {
        Exception e = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        ApiAnswer.error(exchange, 400, "bad_request", e == null ? "refused" : e.getMessage());
    }

    private static JsonNode json(Exchange ex) {
        String text = ex.getMessage().getBody(String.class);
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("a run needs a JSON body: {\"period\": \"2026-01\", \"dryRun\": true}");
        }
        try {
            JsonNode node = ApiAnswer.JSON.readTree(text);
            if (node == null || !node.isObject()) {
                throw new IllegalArgumentException("the body must be a JSON object");
            }
            return node;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException("body is not valid JSON: " + e.getOriginalMessage());
        }
    }

    /** A query parameter the API does not know is refused rather than ignored: a misspelt filter would return everything. */
    static void onlyKnown(Exchange ex, Set<String> known) {
        String query = ex.getMessage().getHeader(Exchange.HTTP_QUERY, String.class);
        if (query == null || query.isBlank()) {
            return;
        }
        for (String pair : query.split("&")) {
            String name = URLDecoder.decode(pair.split("=", 2)[0], StandardCharsets.UTF_8);
            if (!name.isEmpty() && !known.contains(name)) {
                throw new IllegalArgumentException("unknown query parameter '" + name + "' (known: " + String.join(", ", new java.util.TreeSet<>(known)) + ")");
            }
        }
    }

    static void answer(Exchange exchange, java.util.function.Consumer<Exchange> action) {
        try {
            action.accept(exchange);
        } catch (io.finbridge.revenue.ScheduleNotFoundException e) {
            ApiAnswer.error(exchange, 404, "not_found", e.getMessage());
        } catch (IllegalArgumentException e) {
            ApiAnswer.error(exchange, 400, "bad_request", e.getMessage());
        }
    }
}
