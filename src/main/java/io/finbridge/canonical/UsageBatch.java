package io.finbridge.canonical;

import java.math.BigDecimal;
import java.util.List;

/** Usage reported together for one meter (and customer, when the source meters customers) and period. */
public record UsageBatch(@Required Origin origin, @Required String meter, String customerRef, ServicePeriod period,
        List<UsageRecord> records)
        implements CanonicalRecord {

    public UsageBatch {
        records = records == null ? List.of() : List.copyOf(records);
    }

    public BigDecimal totalQuantity() {
        return records.stream().map(UsageRecord::quantity).reduce(BigDecimal.ZERO, BigDecimal::add);
    }
}
