package io.finbridge.usage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Reads usage events as senders post them: one JSON object or an array of them, each
 * {@code {"idempotencyKey": "...", "customer": "cus_1", "meter": "api_calls", "quantity": 12, "timestamp": "2026-01-15T10:00:00Z"}}
 * (the timestamp may also be Unix seconds). Every problem is named with the event's index and field; a meter the
 * customer's plan does not price is refused here, not at period close.
 */
public final class UsageIntake {

    public static final int MAX_EVENTS = 10_000;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern METER = Pattern.compile("[A-Za-z0-9_.\\-]{1,100}");
    private static final Duration FUTURE_TOLERANCE = Duration.ofMinutes(5);
    public static final String BEAN_NAME = "usageIntake";
    private final java.util.function.Supplier<PricingPlans> plans;
    private final Clock clock;

    public UsageIntake(java.util.function.Supplier<PricingPlans> plans, Clock clock) {
        this.plans = plans;
        this.clock = clock;
    }

    public List<UsageEvent> parse(String body) {
        if (body == null || body.isBlank()) {
            throw new IllegalArgumentException("no usage events: send a JSON object or an array of them");
        }
        JsonNode json;
        try {
            json = JSON.readTree(body);
        } catch (Exception e) {
            throw new IllegalArgumentException("body is not valid JSON: " + e.getMessage().split("\n")[0]);
        }
        List<JsonNode> items = new ArrayList<>();
        if (json.isArray()) {
            json.forEach(items::add);
        } else if (json.isObject()) {
            items.add(json);
        } else {
            throw new IllegalArgumentException("send a usage event object or an array of them");
        }
        if (items.isEmpty()) {
            throw new IllegalArgumentException("no usage events in the array");
        }
        if (items.size() > MAX_EVENTS) {
            throw new IllegalArgumentException(items.size() + " events in one request; send at most " + MAX_EVENTS);
        }
        List<UsageEvent> out = new ArrayList<>(items.size());
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            String at = json.isArray() ? "[" + i + "]." : "";
            try {
                out.add(event(items.get(i), at));
            } catch (IllegalArgumentException ex) {
                problems.add(ex.getMessage());
                if (problems.size() == 10) {
                    break;
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
        return out;
    }

    private UsageEvent event(JsonNode n, String at) {
        if (!n.isObject()) {
            throw new IllegalArgumentException(at + "event: not a JSON object");
        }
        String key = text(n, "idempotencyKey", at, 300);
        String customer = text(n, "customer", at, 200);
        if (customer.contains(UsageTotals.SEPARATOR)) {
            throw new IllegalArgumentException(at + "customer: must not contain '" + UsageTotals.SEPARATOR + "'");
        }
        String meter = text(n, "meter", at, 100);
        if (!METER.matcher(meter).matches()) {
            throw new IllegalArgumentException(at + "meter: '" + meter + "' is not a meter name (letters, digits, _ . -)");
        }
        JsonNode q = n.get("quantity");
        if (q == null || q.isNull() || !(q.isNumber() || q.isTextual())) {
            throw new IllegalArgumentException(at + "quantity: required, a number");
        }
        BigDecimal quantity;
        try {
            quantity = new BigDecimal(q.asText().trim());
        } catch (NumberFormatException ex) {
            throw new IllegalArgumentException(at + "quantity: '" + q.asText() + "' is not a number");
        }
        if (quantity.signum() < 0) {
            throw new IllegalArgumentException(at + "quantity: must not be negative (" + quantity.toPlainString() + ")");
        }
        if (quantity.stripTrailingZeros().scale() > 9 || quantity.precision() - quantity.scale() > 21) {
            throw new IllegalArgumentException(at + "quantity: " + quantity.toPlainString() + " has more than 9 decimals or 21 digits");
        }
        Instant timestamp = timestamp(n.get("timestamp"), at);
        if (timestamp.isAfter(clock.instant().plus(FUTURE_TOLERANCE))) {
            throw new IllegalArgumentException(at + "timestamp: " + timestamp + " is in the future");
        }
        try {
            plans.get().priceOf(customer, meter);
        } catch (IllegalArgumentException ex) {
            throw new IllegalArgumentException(at + "meter: " + ex.getMessage());
        }
        return new UsageEvent(key, customer, meter, quantity, timestamp);
    }

    /**
     * The events of a metering webhook's {@link io.finbridge.canonical.UsageBatch}; a meter the customer's plan does
     * not price is a data-quality problem of the event (it goes to review, it is not retried).
     */
    public List<UsageEvent> fromBatch(io.finbridge.canonical.UsageBatch batch) {
        List<UsageEvent> out = new ArrayList<>();
        for (io.finbridge.canonical.UsageRecord r : batch.records()) {
            String key = r.sourceId() == null ? batch.origin().sourceId() : r.sourceId();
            try {
                if (batch.customerRef() == null || batch.customerRef().isBlank()) {
                    throw new IllegalArgumentException("a usage event needs its customer");
                }
                plans.get().priceOf(batch.customerRef(), batch.meter());
            } catch (IllegalArgumentException ex) {
                throw new io.finbridge.mapping.DataQualityException(batch.origin().mapping(), batch.origin().mappingVersion(),
                        "meter", "usage-plan", ex.getMessage());
            }
            out.add(new UsageEvent(key, batch.customerRef(), batch.meter(), r.quantity(), r.timestamp()));
        }
        return out;
    }

    private static Instant timestamp(JsonNode t, String at) {
        if (t == null || t.isNull()) {
            throw new IllegalArgumentException(at + "timestamp: required (ISO-8601 or Unix seconds)");
        }
        if (t.isIntegralNumber()) {
            return Instant.ofEpochSecond(t.asLong());
        }
        try {
            return Instant.parse(t.asText().trim());
        } catch (DateTimeParseException ex) {
            throw new IllegalArgumentException(at + "timestamp: '" + t.asText() + "' is not an ISO-8601 instant (2026-01-15T10:00:00Z) or Unix seconds");
        }
    }

    private static String text(JsonNode n, String field, String at, int max) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull() || !v.isValueNode() || v.asText().isBlank()) {
            throw new IllegalArgumentException(at + field + ": required");
        }
        String s = v.asText().trim();
        if (s.length() > max) {
            throw new IllegalArgumentException(at + field + ": longer than " + max + " characters");
        }
        return s;
    }
}
