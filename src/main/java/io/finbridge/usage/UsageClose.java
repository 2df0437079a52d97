package io.finbridge.usage;

import io.finbridge.revenue.RevenuePeriod;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.camel.spi.AggregationRepository;

/**
 * Which usage groups are due to close: those whose billed period ended more than the grace window ago, plus a settle
 * time (the longest an intake transaction can take, so that no request that placed an event in the period before
 * its deadline is still open when the group is rated). Read from the aggregator's repository, so every open group
 * is found, after a restart too.
 */
public final class UsageClose {

    public static final String BEAN_NAME = "usageClose";
    private final AggregationRepository repository;
    private final UsageEvents events;
    private final Duration settle;
    private final Clock clock;

    public UsageClose(AggregationRepository repository, UsageEvents events, Duration settle, Clock clock) {
        this.repository = repository;
        this.events = events;
        this.settle = settle;
        this.clock = clock;
    }

    public List<String> due() {
        Instant now = clock.instant();
        return repository.getKeys().stream().filter(group -> {
            RevenuePeriod billed = events.periodLength().parse(UsageTotals.parts(group)[3]);
            return !now.isBefore(events.closesAt(billed).plus(settle));
        }).sorted().toList();
    }
}
