package io.finbridge.ops;

import io.finbridge.usage.UsageEvent;
import io.finbridge.usage.UsageEvents;
import io.finbridge.usage.UsageIntake;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.camel.Exchange;

/** {@code /api/usage}: usage intake (202 once stored), the rated batches and the raw events of one. */
public final class UsageApi {

    private static final Set<String> BATCH_FILTERS = Set.of("customer", "meter", "period", "limit", "offset");
    private static final Set<String> EVENT_PAGING = Set.of("limit", "offset");
    private final UsageIntake intake;
    private final UsageEvents events;

    public UsageApi(UsageIntake intake, UsageEvents events) {
        this.intake = intake;
        this.events = events;
    }

    public void intake(Exchange exchange) {
        RevenueApi.answer(exchange, ex -> {
            List<UsageEvent> parsed = intake.parse(ex.getMessage().getBody(String.class));
            ex.getMessage().getHeaders().keySet().removeIf(k -> !k.startsWith("Camel"));
            ex.getMessage().removeHeader(Exchange.HTTP_RESPONSE_CODE);
            ex.getMessage().setHeader("FinbridgeUsageSource", "api");
            ex.setProperty("FinbridgeUsageReceived", parsed.size());
            ex.getMessage().setBody(parsed);
        });
    }

    public void accepted(Exchange exchange) {
        int received = exchange.getProperty("FinbridgeUsageReceived", 0, Integer.class);
        int stored = exchange.getProperty("FinbridgeUsageStored", 0, Integer.class);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("received", received);
        body.put("accepted", stored);
        body.put("duplicates", received - stored);
        ApiAnswer.respond(exchange, 202, body);
    }

    /** The request could not be stored (the store timed out or failed): 503, nothing of it kept, send it again. */
    public void notStored(Exchange exchange) {
        Exception e = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        org.slf4j.LoggerFactory.getLogger(UsageApi.class).warn("Usage request not stored: {}", e == null ? "unknown" : e.toString());
        ApiAnswer.error(exchange, 503, "not_stored", "the usage events were not stored (" + (e == null ? "store failure"
                : e.getClass().getSimpleName()) + "); nothing of this request was kept: send it again");
        exchange.getMessage().setHeader("Retry-After", "5");
    }

    public void batches(Exchange exchange) {
        RevenueApi.answer(exchange, ex -> {
            RevenueApi.onlyKnown(ex, BATCH_FILTERS);
            int limit = ApiAnswer.intParam(ex, "limit", 50, 500);
            int offset = ApiAnswer.intParam(ex, "offset", 0, Integer.MAX_VALUE);
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("items", events.batches(ApiAnswer.param(ex, "customer"), ApiAnswer.param(ex, "meter"),
                    ApiAnswer.param(ex, "period"), limit, offset));
            body.put("limit", limit);
            body.put("offset", offset);
            ApiAnswer.ok(ex, body);
        });
    }

    public void batch(Exchange exchange) {
        RevenueApi.answer(exchange, ex -> {
            RevenueApi.onlyKnown(ex, EVENT_PAGING);
            String ref = ApiAnswer.param(ex, "ref");
            int limit = ApiAnswer.intParam(ex, "limit", 100, 1000);
            int offset = ApiAnswer.intParam(ex, "offset", 0, Integer.MAX_VALUE);
            events.batch(ref, limit, offset).ifPresentOrElse(b -> ApiAnswer.ok(ex, b),
                    () -> ApiAnswer.error(ex, 404, "not_found", "no usage batch '" + ref + "'"));
        });
    }
}
