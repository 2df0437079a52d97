package io.finbridge.usage;

import io.finbridge.revenue.PeriodLength;
import io.finbridge.revenue.RevenuePeriod;
import io.finbridge.store.Columns;
import io.finbridge.store.Store;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.datasource.DataSourceUtils;

/**
 * The raw usage events, kept in Finbridge (never sent to Odoo) and found again by the batch that rated them. An
 * event is placed in its usage period (the period of its timestamp) and billed in it, unless it arrives after that
 * period's grace window: then it is billed in the period it arrived in, as an adjustment of its usage period.
 */
public final class UsageEvents {

    public static final String BEAN_NAME = "usageEvents";
    private final Store store;
    private final PeriodLength length;
    private final ZoneId zone;
    private final Duration grace;
    private final Clock clock;

    public UsageEvents(Store store, PeriodLength length, ZoneId zone, Duration grace, Clock clock) {
        this.store = store;
        this.length = length;
        this.zone = zone;
        this.grace = grace;
        this.clock = clock;
    }

    public PeriodLength periodLength() {
        return length;
    }

    /** When a billed period's groups close: its end plus the grace window. */
    public Instant closesAt(RevenuePeriod billed) {
        return billed.end().atStartOfDay(zone).toInstant().plus(grace);
    }

    /**
     * Stores the events Camel's idempotentConsumer let through, in the caller's transaction (see
     * {@link UsageTransaction}), and returns their totals per group for the aggregator.
     */
    public List<UsageTotals> record(List<UsageEvent> accepted, String source) throws SQLException {
        Map<String, UsageTotals> partials = new LinkedHashMap<>();
        if (accepted == null || accepted.isEmpty()) {
            return List.of();
        }
        Instant now = clock.instant();
        RevenuePeriod current = length.periodOf(LocalDate.ofInstant(now, zone));
        Connection c = DataSourceUtils.getConnection(store.dataSource());
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO usage_event (idempotency_key, customer, meter, quantity, "
                + "occurred_at, received_at, usage_period, billed_period, source) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING")) {
            List<UsageTotals> rows = new ArrayList<>(accepted.size());
            for (UsageEvent e : accepted) {
                RevenuePeriod used = length.periodOf(LocalDate.ofInstant(e.timestamp(), zone));
                RevenuePeriod billed = now.isBefore(closesAt(used)) ? used : current;
                UsageTotals t = UsageTotals.of(e, used.key(), billed.key());
                rows.add(t);
                ps.setString(1, e.key());
                ps.setString(2, e.customer());
                ps.setString(3, e.meter());
                ps.setBigDecimal(4, e.quantity());
                ps.setTimestamp(5, Timestamp.from(e.timestamp()));
                ps.setTimestamp(6, Timestamp.from(now));
                ps.setString(7, used.key());
                ps.setString(8, billed.key());
                ps.setString(9, Columns.fit(source, 50));
                ps.addBatch();
            }
            int[] counts = ps.executeBatch();
            for (int i = 0; i < counts.length; i++) {
                // 0: the key was stored before although the idempotent repository did not know it (cleared): a duplicate
                if (counts[i] != 0) {
                    partials.merge(rows.get(i).group(), rows.get(i), UsageTotals::merge);
                }
            }
            lockGroups(c, new java.util.TreeSet<>(partials.keySet()));
        } finally {
            DataSourceUtils.releaseConnection(c, store.dataSource());
        }
        return List.copyOf(partials.values());
    }

    /** Camel: takes the group lock of the body (a group key) in the caller's transaction; used before closing a group. */
    public void lockGroup(String group) throws SQLException {
        Connection c = DataSourceUtils.getConnection(store.dataSource());
        try {
            lockGroups(c, new java.util.TreeSet<>(java.util.Set.of(group)));
        } finally {
            DataSourceUtils.releaseConnection(c, store.dataSource());
        }
    }

    /**
     * Locks the groups' rows, in key order (no deadlock between two requests), until the transaction ends: the
     * aggregator then always reads the latest totals and its optimistic version check cannot fail, so its retry
     * never runs outside this transaction.
     */
    private static void lockGroups(Connection c, java.util.SortedSet<String> groups) throws SQLException {
        try (PreparedStatement ins = c.prepareStatement("INSERT INTO usage_group_lock (group_key) VALUES (?) ON CONFLICT DO NOTHING");
             PreparedStatement lock = c.prepareStatement("SELECT group_key FROM usage_group_lock WHERE group_key = ? FOR UPDATE")) {
            for (String g : groups) {
                ins.setString(1, g);
                ins.executeUpdate();
                lock.setString(1, g);
                lock.executeQuery().close();
            }
        }
    }

    /** One batch with the events it rated (paged); empty when no batch has that reference. */
    public Optional<Map<String, Object>> batch(String ref, int limit, int offset) {
        return store.inTransaction(c -> {
            List<Map<String, Object>> found = batches(c, "WHERE batch_ref = ?", List.of(ref));
            if (found.isEmpty()) {
                return Optional.<Map<String, Object>>empty();
            }
            Map<String, Object> out = new LinkedHashMap<>(found.get(0));
            List<Map<String, Object>> events = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT idempotency_key, quantity, occurred_at, received_at, usage_period, "
                    + "billed_period, source FROM usage_event WHERE batch_ref = ? ORDER BY occurred_at, idempotency_key LIMIT "
                    + limit + " OFFSET " + offset)) {
                ps.setString(1, ref);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        Map<String, Object> e = new LinkedHashMap<>();
                        e.put("idempotencyKey", rs.getString(1));
                        e.put("quantity", rs.getBigDecimal(2).stripTrailingZeros().toPlainString());
                        e.put("timestamp", Columns.iso(rs.getTimestamp(3)));
                        e.put("receivedAt", Columns.iso(rs.getTimestamp(4)));
                        e.put("usagePeriod", rs.getString(5));
                        e.put("billedPeriod", rs.getString(6));
                        e.put("source", rs.getString(7));
                        events.add(e);
                    }
                }
            }
            out.put("events", events);
            out.put("limit", limit);
            out.put("offset", offset);
            return Optional.of(out);
        });
    }

    public List<Map<String, Object>> batches(String customer, String meter, String period, int limit, int offset) {
        StringBuilder where = new StringBuilder("WHERE 1 = 1");
        List<Object> args = new ArrayList<>();
        for (Object[] f : new Object[][] {{"customer", customer}, {"meter", meter}, {"usage_period", period}}) {
            if (f[1] != null) {
                where.append(" AND ").append(f[0]).append(" = ?");
                args.add(f[1]);
            }
        }
        if (period != null) {
            length.parse(period);
        }
        where.append(" ORDER BY created_at, batch_ref LIMIT ").append(limit).append(" OFFSET ").append(offset);
        return store.inTransaction(c -> batches(c, where.toString(), args));
    }

    private static List<Map<String, Object>> batches(Connection c, String where, List<Object> args) throws SQLException {
        List<Map<String, Object>> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT batch_ref, customer, meter, plan, entity, currency, usage_period, "
                + "billed_period, kind, aggregate_kind, events, quantity_sum, quantity_max, quantity_last, rated_quantity, "
                + "previous_quantity, amount, status, detail, created_at, updated_at FROM usage_batch " + where)) {
            for (int i = 0; i < args.size(); i++) {
                ps.setObject(i + 1, args.get(i));
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("ref", rs.getString(1));
                    m.put("customer", rs.getString(2));
                    m.put("meter", rs.getString(3));
                    m.put("plan", rs.getString(4));
                    m.put("entity", rs.getString(5));
                    m.put("currency", rs.getString(6));
                    m.put("usagePeriod", rs.getString(7));
                    m.put("billedPeriod", rs.getString(8));
                    m.put("kind", rs.getString(9).toLowerCase(java.util.Locale.ROOT));
                    m.put("aggregate", rs.getString(10) == null ? null : rs.getString(10).toLowerCase(java.util.Locale.ROOT));
                    m.put("events", rs.getLong(11));
                    m.put("sum", plain(rs.getBigDecimal(12)));
                    m.put("max", plain(rs.getBigDecimal(13)));
                    m.put("last", plain(rs.getBigDecimal(14)));
                    m.put("ratedQuantity", plain(rs.getBigDecimal(15)));
                    m.put("previouslyRated", plain(rs.getBigDecimal(16)));
                    m.put("amount", rs.getBigDecimal(17) == null ? null
                            : rs.getBigDecimal(17).setScale(io.finbridge.canonical.Currencies.minorUnits(rs.getString(6))).toPlainString());
                    m.put("status", rs.getString(18).toLowerCase(java.util.Locale.ROOT));
                    m.put("detail", rs.getString(19));
                    m.put("createdAt", Columns.iso(rs.getTimestamp(20)));
                    m.put("updatedAt", Columns.iso(rs.getTimestamp(21)));
                    out.add(m);
                }
            }
        }
        return out;
    }

    private static String plain(java.math.BigDecimal d) {
        return d == null ? null : d.stripTrailingZeros().toPlainString();
    }
}
