package io.finbridge.usage;

import org.apache.camel.AggregationStrategy;
import org.apache.camel.Exchange;

/**
 * Camel's aggregator adds each partial {@link UsageTotals} of a group to its running totals. The close marker
 * ({@code FinbridgeUsageClose}) completes the group and carries no usage.
 */
public final class UsageTotalsStrategy implements AggregationStrategy {

    public static final String BEAN_NAME = "usageTotals";
    public static final String GROUP = "FinbridgeUsageGroup";
    public static final String CLOSE = "FinbridgeUsageClose";

    @Override
    public Exchange aggregate(Exchange running, Exchange incoming) {
        boolean close = incoming.getMessage().getHeader(CLOSE, false, Boolean.class);
        UsageTotals add = close ? null : incoming.getMessage().getBody(UsageTotals.class);
        if (running == null) {
            incoming.getMessage().setBody(add);
            incoming.getMessage().removeHeader(CLOSE);
            return incoming;
        }
        UsageTotals current = running.getMessage().getBody(UsageTotals.class);
        running.getMessage().setBody(current == null ? add : current.merge(add));
        return running;
    }
}
