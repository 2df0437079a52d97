package io.finbridge.usage;

import io.finbridge.canonical.Invoice;
import io.finbridge.canonical.InvoiceLine;
import io.finbridge.canonical.InvoiceStatus;
import io.finbridge.canonical.Money;
import io.finbridge.canonical.Origin;
import io.finbridge.canonical.ServicePeriod;
import io.finbridge.revenue.RevenuePeriod;
import io.finbridge.store.Columns;
import io.finbridge.store.Store;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.List;
import java.util.function.Supplier;
import org.apache.camel.Exchange;

/**
 * Rates a closed usage group with the customer's plan and records it as a batch: the batch's events are marked, and
 * the result is one invoice line, sent on as a canonical {@link Invoice} with the batch reference as the line's id.
 * Rating is cumulative per customer, meter and usage period: a group of late events (or a second group of the same
 * period) is priced as the difference between the price of everything rated so far plus it and the price already
 * invoiced, so a tier is never applied twice and the lines of a period add up to the price of its whole usage.
 * A redelivered group (the aggregator recovers completed groups after a restart) finds its batch and is sent again,
 * never rated twice.
 */
public final class UsageRating {

    public static final String BEAN_NAME = "usageRating";
    public static final String BATCH = "FinbridgeUsageBatch";
    private final Store store;
    private final Supplier<PricingPlans> plans;
    private final UsageEvents events;
    private final java.time.ZoneId zone;
    private final Clock clock;

    public UsageRating(Store store, Supplier<PricingPlans> plans, UsageEvents events, java.time.ZoneId zone, Clock clock) {
        this.store = store;
        this.plans = plans;
        this.events = events;
        this.zone = zone;
        this.clock = clock;
    }

    /** Camel: the completed group in, the invoice to send out (a null body when there is nothing to send). */
    public void rate(Exchange exchange) {
        UsageTotals totals = exchange.getMessage().getBody(UsageTotals.class);
        String aggregateId = exchange.getExchangeId();
        if (totals == null || totals.count() == 0) {
            exchange.getMessage().setBody(null); // a close marker for a group that had no events
            return;
        }
        Invoice invoice = store.inTransaction(c -> rate(c, totals, aggregateId));
        exchange.getMessage().setHeader(BATCH, invoice == null ? null : invoice.origin().sourceId());
        exchange.getMessage().setBody(invoice);
    }

    private Invoice rate(Connection c, UsageTotals t, String aggregateId) throws SQLException {
        String existing = null;
        try (PreparedStatement ps = c.prepareStatement("SELECT batch_ref, status FROM usage_batch WHERE aggregate_id = ?")) {
            ps.setString(1, aggregateId);
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    existing = rs.getString(1);
                    if (!rs.getString(2).equals("RATED") && !rs.getString(2).equals("UNSENT")) {
                        return null; // sent, or could not be priced: nothing to send again
                    }
                }
            }
        }
        if (existing != null) {
            return invoiceOf(c, existing);
        }
        int seq = 1;
        UsageTotals before = null;
        BigDecimal invoiced = BigDecimal.ZERO;
        try (PreparedStatement ps = c.prepareStatement("SELECT batches, events, quantity_sum, quantity_max, quantity_last, last_at, amount "
                + "FROM usage_rating WHERE customer = ? AND meter = ? AND usage_period = ? FOR UPDATE")) {
            ps.setString(1, t.customer());
            ps.setString(2, t.meter());
            ps.setString(3, t.usagePeriod());
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    seq = rs.getInt(1) + 1;
                    before = new UsageTotals(t.group(), t.customer(), t.meter(), t.usagePeriod(), t.billedPeriod(), rs.getLong(2),
                            rs.getBigDecimal(3), rs.getBigDecimal(4), rs.getBigDecimal(5), rs.getLong(6));
                    invoiced = rs.getBigDecimal(7);
                }
            }
        }
        String ref = "usage:" + t.customer() + ":" + t.meter() + ":" + t.usagePeriod() + ":" + seq;
        PricingPlan plan = plans.get().planOf(t.customer()).orElse(null);
        MeterPrice price = plan == null ? null : plan.meters().get(t.meter());
        if (price == null) {
            insertBatch(c, ref, aggregateId, t, null, null, null, null, null, "UNPRICED",
                    "no plan prices meter " + t.meter() + " for customer " + t.customer() + " any more");
            markEvents(c, t, ref);
            return null;
        }
        UsageTotals after = t.merge(before);
        BigDecimal quantity = after.quantity(price.aggregate());
        BigDecimal previous = before == null ? BigDecimal.ZERO : before.quantity(price.aggregate());
        Money total = price.rate(quantity, plan.currency());
        Money amount = total.minus(Money.of(invoiced, plan.currency()));
        insertBatch(c, ref, aggregateId, t, plan, price, quantity, previous, amount, "RATED", null);
        try (PreparedStatement ps = c.prepareStatement(before == null
                ? "INSERT INTO usage_rating (batches, events, quantity_sum, quantity_max, quantity_last, last_at, amount, customer, meter, usage_period) "
                        + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                : "UPDATE usage_rating SET batches = ?, events = ?, quantity_sum = ?, quantity_max = ?, quantity_last = ?, last_at = ?, "
                        + "amount = ? WHERE customer = ? AND meter = ? AND usage_period = ?")) {
            ps.setInt(1, seq);
            ps.setLong(2, after.count());
            ps.setBigDecimal(3, after.sum());
            ps.setBigDecimal(4, after.max());
            ps.setBigDecimal(5, after.last());
            ps.setLong(6, after.lastAt());
            ps.setBigDecimal(7, total.amount());
            ps.setString(8, t.customer());
            ps.setString(9, t.meter());
            ps.setString(10, t.usagePeriod());
            ps.executeUpdate();
        }
        markEvents(c, t, ref);
        return invoice(ref, t, plan, price, quantity.subtract(previous), amount, before != null || t.isAdjustment());
    }

    private void markEvents(Connection c, UsageTotals t, String ref) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE usage_event SET batch_ref = ? WHERE customer = ? AND meter = ? "
                + "AND usage_period = ? AND billed_period = ? AND batch_ref IS NULL")) {
            ps.setString(1, ref);
            ps.setString(2, t.customer());
            ps.setString(3, t.meter());
            ps.setString(4, t.usagePeriod());
            ps.setString(5, t.billedPeriod());
            ps.executeUpdate();
        }
    }

    private void insertBatch(Connection c, String ref, String aggregateId, UsageTotals t, PricingPlan plan, MeterPrice price,
            BigDecimal quantity, BigDecimal previous, Money amount, String status, String detail) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO usage_batch (batch_ref, aggregate_id, customer, meter, plan, entity, "
                + "currency, usage_period, billed_period, kind, aggregate_kind, events, quantity_sum, quantity_max, quantity_last, "
                + "rated_quantity, previous_quantity, amount, status, detail, created_at, updated_at) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            Timestamp now = Timestamp.from(clock.instant());
            ps.setString(1, ref);
            ps.setString(2, aggregateId);
            ps.setString(3, t.customer());
            ps.setString(4, t.meter());
            ps.setString(5, plan == null ? null : plan.name());
            ps.setString(6, plan == null ? null : plan.entity());
            ps.setString(7, plan == null ? null : plan.currency());
            ps.setString(8, t.usagePeriod());
            ps.setString(9, t.billedPeriod());
            ps.setString(10, t.isAdjustment() ? "ADJUSTMENT" : "USAGE");
            ps.setString(11, price == null ? null : price.aggregate().name());
            ps.setLong(12, t.count());
            ps.setBigDecimal(13, t.sum());
            ps.setBigDecimal(14, t.max());
            ps.setBigDecimal(15, t.last());
            ps.setBigDecimal(16, quantity);
            ps.setBigDecimal(17, previous);
            ps.setBigDecimal(18, amount == null ? null : amount.amount());
            ps.setString(19, status);
            ps.setString(20, Columns.fit(detail, 2000));
            ps.setTimestamp(21, now);
            ps.setTimestamp(22, now);
            ps.executeUpdate();
        }
    }

    private Invoice invoiceOf(Connection c, String ref) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT customer, meter, usage_period, billed_period, plan, rated_quantity, "
                + "previous_quantity, amount, events, quantity_sum, quantity_max, quantity_last, kind FROM usage_batch WHERE batch_ref = ?")) {
            ps.setString(1, ref);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                String planName = rs.getString(5);
                PricingPlan plan = plans.get().plans().stream().filter(p -> p.name().equals(planName)).findFirst().orElseThrow(
                        () -> new IllegalStateException("usage batch " + ref + " was rated with a plan that is gone"));
                MeterPrice price = plan.meters().get(rs.getString(2));
                UsageTotals t = new UsageTotals("", rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getLong(9),
                        rs.getBigDecimal(10), rs.getBigDecimal(11), rs.getBigDecimal(12), 0);
                return invoice(ref, t, plan, price, rs.getBigDecimal(6).subtract(rs.getBigDecimal(7)),
                        Money.of(rs.getBigDecimal(8), plan.currency()), rs.getString(13).equals("ADJUSTMENT") || !ref.endsWith(":1"));
            }
        }
    }

    /** One summarized line for the meter; the batch reference is the line's id and the invoice's source id. */
    private Invoice invoice(String ref, UsageTotals t, PricingPlan plan, MeterPrice price, BigDecimal quantity, Money amount,
            boolean adjustment) {
        RevenuePeriod used = events.periodLength().parse(t.usagePeriod());
        ServicePeriod period = new ServicePeriod(used.start().atStartOfDay(zone).toInstant(), used.end().atStartOfDay(zone).toInstant());
        String description = (adjustment ? "Usage adjustment: " : "Usage: ") + price.description() + ", " + t.usagePeriod() + " ("
                + quantity.stripTrailingZeros().toPlainString() + " " + price.aggregate().name().toLowerCase(java.util.Locale.ROOT)
                + (adjustment ? " more" : "") + ", batch " + ref + ")";
        InvoiceLine line = new InvoiceLine(ref, description, plan.name() + ":" + t.meter(), t.meter(), quantity.stripTrailingZeros(),
                null, amount, period, false, null, List.of());
        Origin origin = new Origin("finbridge-usage", ref, plan.entity(), clock.instant(), "usage-rating", 1);
        return new Invoice(origin, null, t.customer(), plan.currency(), InvoiceStatus.OPEN, adjustment ? "usage_adjustment" : "usage",
                null, clock.instant(), null, period, List.of(line), amount, null, null, amount, null, amount);
    }

    /** Camel: the invoice reached the posting route. */
    public void sent(Exchange exchange) {
        status(exchange.getMessage().getHeader(BATCH, String.class), "SENT", null);
    }

    /**
     * Camel: the aggregator gave up redelivering a completed group (its dead letter, after the repository's maximum
     * redeliveries): the batch stays, marked unsent, for the posting to be repaired and the batch sent again.
     */
    public void unsent(Exchange exchange) {
        store.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE usage_batch SET status = 'UNSENT', detail = ?, updated_at = ? "
                    + "WHERE aggregate_id = ? AND status = 'RATED'")) {
                ps.setString(1, "not sent to Odoo after the aggregator's redeliveries; see the log for the posting route's error");
                ps.setTimestamp(2, Timestamp.from(clock.instant()));
                ps.setString(3, exchange.getExchangeId());
                return ps.executeUpdate();
            }
        });
    }

    private void status(String ref, String status, String detail) {
        if (ref == null) {
            return;
        }
        store.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE usage_batch SET status = ?, detail = ?, updated_at = ? WHERE batch_ref = ?")) {
                ps.setString(1, status);
                ps.setString(2, Columns.fit(detail, 2000));
                ps.setTimestamp(3, Timestamp.from(clock.instant()));
                ps.setString(4, ref);
                return ps.executeUpdate();
            }
        });
    }
}
