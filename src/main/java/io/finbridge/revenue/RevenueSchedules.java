package io.finbridge.revenue;

import io.finbridge.audit.AuditEntry;
import io.finbridge.audit.AuditTrail;
import io.finbridge.canonical.CreditNote;
import io.finbridge.canonical.Invoice;
import io.finbridge.canonical.InvoiceLine;
import io.finbridge.canonical.Money;
import io.finbridge.canonical.Origin;
import io.finbridge.canonical.RevenueEntry;
import io.finbridge.canonical.RevenueSchedule;
import io.finbridge.revenue.ScheduleAdjustment.Kind;
import io.finbridge.store.Columns;
import io.finbridge.store.Store;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Revenue schedules in the store: one per deferred invoice line, with its credits and cancellation, and what it
 * recognizes per period ({@link ScheduleRule}). Recording is idempotent: a line, credit note, refund or cancellation
 * recorded again changes nothing. Periods a recognition run has posted (or is posting) are never changed: a credit
 * takes effect from the first open period at the latest, and a line billed late catches up there.
 */
public final class RevenueSchedules {

    public static final String BEAN_NAME = "revenueSchedules";
    static final String KIND_SCHEDULE = "REVENUE_SCHEDULE";
    static final String KIND_ADJUSTMENT = "REVENUE_ADJUSTMENT";

    private final Store store;
    private final AuditTrail audit;
    private final PeriodLength length;
    private final ZoneId zone;
    private final Clock clock;

    public RevenueSchedules(Store store, AuditTrail audit, PeriodLength length, ZoneId zone, Clock clock) {
        this.store = store;
        this.audit = audit;
        this.length = length;
        this.zone = zone;
        this.clock = clock;
    }

    public PeriodLength periodLength() {
        return length;
    }

    public ZoneId zone() {
        return zone;
    }

    /** A schedule for every line of {@code invoice} with a service period; lines recorded before are left as they are. */
    public List<RevenueSchedule> recordInvoice(Invoice invoice) {
        List<RevenueSchedule> out = new ArrayList<>();
        for (DeferredLine line : DeferredLine.of(invoice, zone)) {
            out.add(record(line));
        }
        return out;
    }

    public RevenueSchedule record(DeferredLine line) {
        return store.inTransaction(c -> {
            Long existing = scheduleId(c, line.sourceLineRef());
            if (existing != null) {
                return load(c, existing).compute(length);
            }
            LocalDate open = firstOpenDay(c, line.entity(), line.currency());
            DeferredLine placed = open != null && length.periodOf(line.serviceStart()).start().isBefore(open)
                    ? line.recognizedFrom(open) : line;
            long id = insert(c, placed);
            Stored stored = new Stored(id, placed, List.of());
            RevenueSchedule schedule = stored.compute(length);
            writeEntries(c, stored, schedule, Map.of());
            audit.append(c, List.of(AuditEntry.of(KIND_SCHEDULE, null, placed.sourceLineRef(), Map.of(
                    "amount", placed.amount().toString(), "service", placed.serviceStart() + ".." + placed.serviceEnd(),
                    "recognizeFrom", String.valueOf(placed.recognizeFrom())))));
            return schedule;
        });
    }

    /**
     * A credit note or refund of {@code credited} against one line, dated {@code dated}: it reduces what the line has
     * left to recognize from that day, or from the first open period when that day is in one already recognized.
     */
    public RevenueSchedule credit(String sourceLineRef, Kind kind, String sourceRef, Money credited, LocalDate dated) {
        if (kind == Kind.CANCELLATION) {
            throw new IllegalArgumentException("a cancellation is recorded with cancel(...)");
        }
        return store.inTransaction(c -> adjust(c, requireSchedule(c, sourceLineRef), kind, sourceRef, credited, dated));
    }

    /** A credit of {@code credited} against an invoice as a whole: shared by its deferred lines in proportion to their amounts. */
    public List<RevenueSchedule> creditInvoice(String invoiceRef, Kind kind, String sourceRef, Money credited, LocalDate dated) {
        return store.inTransaction(c -> {
            List<Long> ids = ids(c, "SELECT id FROM revenue_schedule WHERE invoice_ref = ? ORDER BY id", invoiceRef);
            if (ids.isEmpty()) {
                throw new ScheduleNotFoundException("invoice " + invoiceRef + " has no revenue schedules");
            }
            List<Stored> lines = new ArrayList<>();
            for (long id : ids) {
                lines.add(load(c, id));
            }
            List<BigDecimal> weights = lines.stream().map(s -> s.line.amount().amount().abs()).toList();
            List<Money> shares = credited.abs().allocate(weights);
            List<RevenueSchedule> out = new ArrayList<>();
            for (int i = 0; i < lines.size(); i++) {
                if (!shares.get(i).isZero()) {
                    out.add(adjust(c, lines.get(i), kind, sourceRef, shares.get(i), dated));
                }
            }
            return out;
        });
    }

    /**
     * A credit note against its invoice: each line goes to the schedule of the same price (or subscription item); what
     * no line names (a credit note without lines, or lines of other prices) is shared by the invoice's deferred lines.
     * A credit note for an invoice without deferred lines changes no schedule.
     */
    public List<RevenueSchedule> recordCreditNote(CreditNote note) {
        LocalDate dated = LocalDate.ofInstant(note.origin().occurredAt(), zone);
        String ref = note.origin().sourceSystem() + ":" + note.origin().sourceId();
        return store.inTransaction(c -> {
            List<Long> ids = ids(c, "SELECT id FROM revenue_schedule WHERE invoice_ref = ? ORDER BY id", note.invoiceRef());
            if (ids.isEmpty()) {
                return List.of();
            }
            List<Stored> lines = new ArrayList<>();
            for (long id : ids) {
                lines.add(load(c, id));
            }
            Map<Stored, Money> credits = new LinkedHashMap<>();
            String currency = note.total().currency();
            Money unmatched = note.lines().isEmpty()
                    ? note.total().minus(note.taxTotal() == null ? Money.zero(currency) : note.taxTotal()) : Money.zero(currency);
            for (InvoiceLine l : note.lines()) {
                Optional<Stored> match = lines.stream().filter(s -> same(l.priceRef(), s.line.priceRef())
                        || same(l.subscriptionItemRef(), s.line.subscriptionItemRef())).findFirst();
                if (match.isPresent()) {
                    credits.merge(match.get(), l.amount().abs(), Money::plus);
                } else {
                    unmatched = unmatched.plus(l.amount().abs());
                }
            }
            if (!unmatched.isZero()) {
                List<Money> shares = unmatched.abs().allocate(lines.stream().map(s -> s.line.amount().amount().abs()).toList());
                for (int i = 0; i < lines.size(); i++) {
                    credits.merge(lines.get(i), shares.get(i), Money::plus);
                }
            }
            List<RevenueSchedule> out = new ArrayList<>();
            for (Map.Entry<Stored, Money> e : credits.entrySet()) {
                if (!e.getValue().isZero()) {
                    out.add(adjust(c, e.getKey(), Kind.CREDIT_NOTE, ref, e.getValue(), dated));
                }
            }
            return out;
        });
    }

    /** Stops the schedules of a subscription on {@code dated} (or the first open period); see {@link ScheduleRule}. */
    public List<RevenueSchedule> cancelSubscription(String subscriptionRef, String sourceRef, LocalDate dated) {
        return store.inTransaction(c -> {
            List<Long> ids = ids(c, "SELECT id FROM revenue_schedule WHERE subscription_ref = ? AND service_end > ? ORDER BY id",
                    subscriptionRef, Date.valueOf(dated));
            List<RevenueSchedule> out = new ArrayList<>();
            for (long id : ids) {
                out.add(adjust(c, load(c, id), Kind.CANCELLATION, sourceRef, null, dated));
            }
            return out;
        });
    }

    /** Stops one line's schedule. */
    public RevenueSchedule cancel(String sourceLineRef, String sourceRef, LocalDate dated) {
        return store.inTransaction(c -> adjust(c, requireSchedule(c, sourceLineRef), Kind.CANCELLATION, sourceRef, null, dated));
    }

    private RevenueSchedule adjust(Connection c, Stored stored, Kind kind, String sourceRef, Money credited, LocalDate dated)
            throws SQLException {
        if (stored.adjustments.stream().anyMatch(a -> a.sourceRef().equals(sourceRef))) {
            return stored.compute(length); // recorded before: a redelivered credit note changes nothing
        }
        LocalDate open = firstOpenDay(c, stored.line.entity(), stored.line.currency());
        LocalDate effective = open != null && dated.isBefore(open) ? open : dated;
        ScheduleAdjustment a = kind == Kind.CANCELLATION ? ScheduleAdjustment.cancellation(sourceRef, effective)
                : ScheduleAdjustment.credit(kind, sourceRef, credited, stored.line.amount(), effective);
        if (a.change() != null && !a.change().currency().equals(stored.line.currency())) {
            throw new IllegalArgumentException(sourceRef + " is in " + a.change().currency() + ", the line "
                    + stored.line.sourceLineRef() + " in " + stored.line.currency());
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO revenue_adjustment (schedule_id, kind, source_ref, "
                + "change_amount, dated, effective, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            ps.setLong(1, stored.id);
            ps.setString(2, kind.name());
            ps.setString(3, Columns.fit(sourceRef, 300));
            if (a.change() == null) {
                ps.setNull(4, Types.NUMERIC);
            } else {
                ps.setBigDecimal(4, a.change().amount());
            }
            ps.setDate(5, Date.valueOf(dated));
            ps.setDate(6, Date.valueOf(effective));
            ps.setTimestamp(7, Timestamp.from(clock.instant()));
            ps.executeUpdate();
        }
        List<ScheduleAdjustment> all = new ArrayList<>(stored.adjustments);
        all.add(a);
        Stored changed = new Stored(stored.id, stored.line, all);
        RevenueSchedule schedule = changed.compute(length);
        writeEntries(c, changed, schedule, closedEntries(c, stored));
        try (PreparedStatement ps = c.prepareStatement("UPDATE revenue_schedule SET net_amount = ?, cancelled_on = COALESCE(cancelled_on, ?), "
                + "updated_at = ? WHERE id = ?")) {
            ps.setBigDecimal(1, schedule.total().amount());
            if (kind == Kind.CANCELLATION) {
                ps.setDate(2, Date.valueOf(effective));
            } else {
                ps.setNull(2, Types.DATE);
            }
            ps.setTimestamp(3, Timestamp.from(clock.instant()));
            ps.setLong(4, stored.id);
            ps.executeUpdate();
        }
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("kind", kind.name());
        detail.put("source", sourceRef);
        detail.put("change", a.change() == null ? null : a.change().toString());
        detail.put("dated", dated.toString());
        detail.put("effective", effective.toString());
        audit.append(c, List.of(AuditEntry.of(KIND_ADJUSTMENT, null, stored.line.sourceLineRef(), detail)));
        return schedule;
    }

    /** The first day no posted or posting recognition run covers for an entity and currency; null when none ran. */
    LocalDate firstOpenDay(Connection c, String entity, String currency) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT MAX(period) FROM recognition_run WHERE entity = ? AND currency = ? "
                + "AND status IN ('POSTED', 'POSTING')")) {
            ps.setString(1, entity);
            ps.setString(2, currency);
            try (ResultSet rs = ps.executeQuery()) {
                String last = rs.next() ? rs.getString(1) : null;
                return last == null ? null : length.parse(last).end();
            }
        }
    }

    /** The entries of periods already recognized, which a change must leave exactly as they are. */
    private Map<String, BigDecimal> closedEntries(Connection c, Stored stored) throws SQLException {
        LocalDate open = firstOpenDay(c, stored.line.entity(), stored.line.currency());
        Map<String, BigDecimal> out = new HashMap<>();
        if (open == null) {
            return out;
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT period, amount FROM revenue_schedule_entry WHERE schedule_id = ?")) {
            ps.setLong(1, stored.id);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    if (length.parse(rs.getString(1)).start().isBefore(open)) {
                        out.put(rs.getString(1), rs.getBigDecimal(2));
                    }
                }
            }
        }
        return out;
    }

    private void writeEntries(Connection c, Stored stored, RevenueSchedule schedule, Map<String, BigDecimal> closed) throws SQLException {
        Map<String, RevenueEntry> byPeriod = new LinkedHashMap<>();
        for (RevenueEntry e : schedule.entries()) {
            byPeriod.put(length.periodOf(e.start()).key(), e);
        }
        for (Map.Entry<String, BigDecimal> e : closed.entrySet()) {
            RevenueEntry now = byPeriod.get(e.getKey());
            if (now == null || now.amount().amount().compareTo(e.getValue()) != 0) {
                // ScheduleRule never moves money into or out of a period before the effective date; this guards it
                throw new IllegalStateException(stored.line.sourceLineRef() + ": the change would alter period " + e.getKey()
                        + ", which is already recognized");
            }
        }
        try (PreparedStatement del = c.prepareStatement("DELETE FROM revenue_schedule_entry WHERE schedule_id = ?")) {
            del.setLong(1, stored.id);
            del.executeUpdate();
        }
        try (PreparedStatement ins = c.prepareStatement("INSERT INTO revenue_schedule_entry (schedule_id, period, entity, currency, "
                + "covers_from, covers_until, amount) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            for (Map.Entry<String, RevenueEntry> e : byPeriod.entrySet()) {
                ins.setLong(1, stored.id);
                ins.setString(2, e.getKey());
                ins.setString(3, stored.line.entity());
                ins.setString(4, stored.line.currency());
                ins.setDate(5, Date.valueOf(e.getValue().start()));
                ins.setDate(6, Date.valueOf(e.getValue().end()));
                ins.setBigDecimal(7, e.getValue().amount().amount());
                ins.addBatch();
            }
            ins.executeBatch();
        }
    }

    private long insert(Connection c, DeferredLine l) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO revenue_schedule (source_line_ref, source_system, invoice_ref, "
                + "invoice_number, entity, currency, customer_ref, subscription_ref, subscription_item_ref, price_ref, description, "
                + "proration, amount, net_amount, service_start, service_end, recognize_from, occurred_at, mapping, mapping_version, "
                + "created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                new String[] {"id"})) {
            Timestamp now = Timestamp.from(clock.instant());
            ps.setString(1, Columns.fit(l.sourceLineRef(), 300));
            ps.setString(2, l.origin().sourceSystem());
            ps.setString(3, l.invoiceRef());
            ps.setString(4, l.invoiceNumber());
            ps.setString(5, l.entity());
            ps.setString(6, l.currency());
            ps.setString(7, l.customerRef());
            ps.setString(8, l.subscriptionRef());
            ps.setString(9, l.subscriptionItemRef());
            ps.setString(10, l.priceRef());
            ps.setString(11, Columns.fit(l.description(), 500));
            ps.setBoolean(12, l.proration());
            ps.setBigDecimal(13, l.amount().amount());
            ps.setBigDecimal(14, l.amount().amount());
            ps.setDate(15, Date.valueOf(l.serviceStart()));
            ps.setDate(16, Date.valueOf(l.serviceEnd()));
            ps.setDate(17, l.recognizeFrom() == null ? null : Date.valueOf(l.recognizeFrom()));
            ps.setTimestamp(18, Timestamp.from(l.origin().occurredAt()));
            ps.setString(19, l.origin().mapping());
            ps.setInt(20, l.origin().mappingVersion());
            ps.setTimestamp(21, now);
            ps.setTimestamp(22, now);
            ps.executeUpdate();
            try (ResultSet keys = ps.getGeneratedKeys()) {
                keys.next();
                return keys.getLong(1);
            }
        }
    }

    private Stored requireSchedule(Connection c, String sourceLineRef) throws SQLException {
        Long id = scheduleId(c, sourceLineRef);
        if (id == null) {
            throw new ScheduleNotFoundException("no revenue schedule for source line " + sourceLineRef);
        }
        return load(c, id);
    }

    private static Long scheduleId(Connection c, String sourceLineRef) throws SQLException {
        List<Long> ids = ids(c, "SELECT id FROM revenue_schedule WHERE source_line_ref = ?", sourceLineRef);
        return ids.isEmpty() ? null : ids.get(0);
    }

    private static List<Long> ids(Connection c, String sql, Object... args) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            List<Long> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getLong(1));
                }
            }
            return out;
        }
    }

    private static final String LINE_COLUMNS = "id, source_line_ref, source_system, invoice_ref, invoice_number, entity, currency, "
            + "customer_ref, subscription_ref, subscription_item_ref, price_ref, description, proration, amount, service_start, "
            + "service_end, recognize_from, occurred_at, mapping, mapping_version";

    private Stored load(Connection c, long id) throws SQLException {
        DeferredLine line;
        try (PreparedStatement ps = c.prepareStatement("SELECT " + LINE_COLUMNS + " FROM revenue_schedule WHERE id = ?")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                line = line(rs);
            }
        }
        List<ScheduleAdjustment> adjustments = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT kind, source_ref, change_amount, effective FROM revenue_adjustment "
                + "WHERE schedule_id = ? ORDER BY id")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    BigDecimal change = rs.getBigDecimal(3);
                    adjustments.add(new ScheduleAdjustment(Kind.valueOf(rs.getString(1)), rs.getString(2),
                            change == null ? null : Money.of(change, line.currency()), rs.getDate(4).toLocalDate()));
                }
            }
        }
        return new Stored(id, line, adjustments);
    }

    private static DeferredLine line(ResultSet rs) throws SQLException {
        String currency = rs.getString(7);
        Origin origin = new Origin(rs.getString(3), rs.getString(4), rs.getString(6), rs.getTimestamp(18).toInstant(),
                rs.getString(19), rs.getInt(20));
        Date from = rs.getDate(17);
        return new DeferredLine(origin, rs.getString(2), rs.getString(5), rs.getString(8), rs.getString(9), rs.getString(10),
                rs.getString(11), rs.getString(12), Money.of(rs.getBigDecimal(14), currency), rs.getDate(15).toLocalDate(),
                rs.getDate(16).toLocalDate(), rs.getBoolean(13), from == null ? null : from.toLocalDate());
    }

    // ---- reading, for the operator API and the recognition run

    /** One schedule as the API shows it: the line, its adjustments and its entries; empty when there is none. */
    public Optional<Map<String, Object>> forLine(String sourceLineRef) {
        return store.inTransaction(c -> {
            Long id = scheduleId(c, sourceLineRef);
            return id == null ? Optional.<Map<String, Object>>empty() : Optional.of(view(c, load(c, id), true));
        });
    }

    public List<Map<String, Object>> find(ScheduleQuery q, int limit, int offset) {
        StringBuilder sql = new StringBuilder("SELECT id FROM revenue_schedule s WHERE 1 = 1");
        List<Object> args = new ArrayList<>();
        filter(sql, args, "s.entity", q.entity());
        filter(sql, args, "s.customer_ref", q.customer());
        filter(sql, args, "s.source_line_ref", q.sourceLine());
        filter(sql, args, "s.invoice_ref", q.invoice());
        filter(sql, args, "s.subscription_ref", q.subscription());
        if (q.period() != null) {
            sql.append(" AND EXISTS (SELECT 1 FROM revenue_schedule_entry e WHERE e.schedule_id = s.id AND e.period = ?)");
            args.add(q.period().key());
        }
        sql.append(" ORDER BY s.id LIMIT ").append(limit).append(" OFFSET ").append(offset);
        return store.inTransaction(c -> {
            List<Map<String, Object>> out = new ArrayList<>();
            for (long id : ids(c, sql.toString(), args.toArray())) {
                out.add(view(c, load(c, id), false));
            }
            return out;
        });
    }

    private static void filter(StringBuilder sql, List<Object> args, String column, String value) {
        if (value != null) {
            sql.append(" AND ").append(column).append(" = ?");
            args.add(value);
        }
    }

    private Map<String, Object> view(Connection c, Stored s, boolean withAdjustments) throws SQLException {
        DeferredLine l = s.line;
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("sourceLine", l.sourceLineRef());
        m.put("entity", l.entity());
        m.put("currency", l.currency());
        m.put("customer", l.customerRef());
        m.put("invoice", l.invoiceRef());
        m.put("invoiceNumber", l.invoiceNumber());
        m.put("subscription", l.subscriptionRef());
        m.put("description", l.description());
        m.put("proration", l.proration());
        m.put("amount", l.amount().amount().toPlainString());
        m.put("servicePeriod", Map.of("start", l.serviceStart().toString(), "end", l.serviceEnd().toString()));
        m.put("recognizeFrom", l.recognizeFrom() == null ? null : l.recognizeFrom().toString());
        RevenueSchedule schedule = s.compute(length);
        m.put("total", schedule.total().amount().toPlainString());
        m.put("cancelledOn", s.adjustments.stream().filter(ScheduleAdjustment::isCancellation).map(a -> a.effective().toString())
                .findFirst().orElse(null));
        LocalDate open = firstOpenDay(c, l.entity(), l.currency());
        List<Map<String, Object>> entries = new ArrayList<>();
        for (RevenueEntry e : schedule.entries()) {
            RevenuePeriod p = length.periodOf(e.start());
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("period", p.key());
            row.put("from", e.start().toString());
            row.put("until", e.end().toString());
            row.put("amount", e.amount().amount().toPlainString());
            row.put("recognized", open != null && p.start().isBefore(open));
            entries.add(row);
        }
        m.put("entries", entries);
        if (withAdjustments) {
            List<Map<String, Object>> adj = new ArrayList<>();
            for (ScheduleAdjustment a : s.adjustments) {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("kind", a.kind().name().toLowerCase(java.util.Locale.ROOT));
                row.put("source", a.sourceRef());
                row.put("change", a.change() == null ? null : a.change().amount().toPlainString());
                row.put("effective", a.effective().toString());
                adj.add(row);
            }
            m.put("adjustments", adj);
        }
        return m;
    }

    /** Every source line's amount for {@code period}, by entity, currency and line. */
    public List<ScheduledAmount> amountsFor(RevenuePeriod period) {
        return store.inTransaction(c -> {
            List<ScheduledAmount> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT e.entity, e.currency, s.source_line_ref, s.invoice_ref, "
                    + "s.description, e.amount FROM revenue_schedule_entry e JOIN revenue_schedule s ON s.id = e.schedule_id "
                    + "WHERE e.period = ? ORDER BY e.entity, e.currency, s.source_line_ref")) {
                ps.setString(1, period.key());
                ps.setFetchSize(1000);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new ScheduledAmount(rs.getString(1), rs.getString(3), rs.getString(4), rs.getString(5),
                                Money.of(rs.getBigDecimal(6), rs.getString(2))));
                    }
                }
            }
            return out;
        });
    }

    private static boolean same(String a, String b) {
        return a != null && a.equals(b);
    }

    /** A schedule as stored: its line and adjustments, from which the entries are computed. */
    private record Stored(long id, DeferredLine line, List<ScheduleAdjustment> adjustments) {
        RevenueSchedule compute(PeriodLength length) {
            return ScheduleRule.compute(line, adjustments, length);
        }
    }
}
