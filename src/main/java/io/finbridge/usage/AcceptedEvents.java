package io.finbridge.usage;

import java.util.ArrayList;
import java.util.List;
import org.apache.camel.AggregationStrategy;
import org.apache.camel.Exchange;

/**
 * The split of a usage request collects the events its idempotentConsumer let through (marked
 * {@code FinbridgeUsageAccepted}); duplicates come back unmarked and are left out.
 */
public final class AcceptedEvents implements AggregationStrategy {

    public static final String BEAN_NAME = "usageAccepted";
    public static final String ACCEPTED = "FinbridgeUsageAccepted";

    @Override
    @SuppressWarnings("unchecked")
    public Exchange aggregate(Exchange collected, Exchange event) {
        Exchange into = collected;
        if (into == null) {
            into = event.copy();
            into.getMessage().setBody(new ArrayList<UsageEvent>());
        }
        if (event.getMessage().getHeader(ACCEPTED, false, Boolean.class)) {
            into.getMessage().getBody(List.class).add(event.getMessage().getBody(UsageEvent.class));
        }
        return into;
    }
}
