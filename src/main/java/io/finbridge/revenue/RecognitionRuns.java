package io.finbridge.revenue;

import io.finbridge.audit.AuditEntry;
import io.finbridge.audit.AuditTrail;
import io.finbridge.store.Columns;
import io.finbridge.store.Store;

import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.camel.Exchange;

/**
 * The recognition run of one period, as the routes in {@code routes/batch/revenue-recognition.yaml} call it: compute
 * the entries from the stored schedules ({@link RecognitionEntries}), preview them, or claim each one, let the posting
 * route send it and record the outcome. Idempotent per entity, currency and period: an entry posted once is never
 * claimed again, and two runs at once claim each entry once (the row in {@code recognition_run} decides).
 */
public final class RecognitionRuns {

    public static final String BEAN_NAME = "recognitionRuns";
    static final String KIND = "RECOGNITION_RUN";

    private final Store store;
    private final RevenueSchedules schedules;
    private final AuditTrail audit;
    private final Clock clock;
    private final Duration claimTimeout;

    public RecognitionRuns(Store store, RevenueSchedules schedules, AuditTrail audit, Clock clock, Duration claimTimeout) {
        this.store = store;
        this.schedules = schedules;
        this.audit = audit;
        this.clock = clock;
        this.claimTimeout = claimTimeout;
    }

    /** The period a scheduled run covers: the one before today's. */
    public String previousPeriod() {
        LocalDate today = LocalDate.ofInstant(clock.instant(), schedules.zone());
        return schedules.periodLength().periodOf(schedules.periodLength().periodOf(today).start().minusDays(1)).key();
    }

    /**
     * The entries of {@code periodKey}. A dry run records them as previewed (unless posted) and may be run for any
     * period; posting needs a period that has ended.
     */
    public List<RecognitionEntry> entries(String periodKey, boolean dryRun) {
        RevenuePeriod period = schedules.periodLength().parse(periodKey);
        LocalDate today = LocalDate.ofInstant(clock.instant(), schedules.zone());
        if (!dryRun && today.isBefore(period.end())) {
            throw new IllegalArgumentException("period " + period.key() + " has not ended (it ends on " + period.lastDay()
                    + "); preview it with a dry run");
        }
        List<RecognitionEntry> entries = RecognitionEntries.forPeriod(period, schedules.amountsFor(period));
        store.inTransaction(c -> {
            for (RecognitionEntry e : entries) {
                upsertPreview(c, e);
            }
            return null;
        });
        return entries;
    }

    /**
     * Claims {@code entry} for this run: true when nothing posted it and no other run is posting it (a claim older
     * than the claim timeout is taken over: the posting foundation makes a resend of the same key safe).
     */
    public boolean claim(RecognitionEntry entry, String actor) {
        return store.inTransaction(c -> {
            upsertPreview(c, entry);
            Timestamp now = Timestamp.from(clock.instant());
            try (PreparedStatement ps = c.prepareStatement("UPDATE recognition_run SET status = 'POSTING', claimed_at = ?, "
                    + "attempts = attempts + 1, amount = ?, line_count = ?, entry_date = ?, updated_at = ?, posted_by = ? "
                    + "WHERE idempotency_key = ? AND (status IN ('PREVIEWED', 'FAILED', 'LOCKED') "
                    + "OR (status = 'POSTING' AND claimed_at < ?))")) {
                ps.setTimestamp(1, now);
                ps.setBigDecimal(2, entry.recognized().amount());
                ps.setInt(3, entry.lines().size());
                ps.setDate(4, Date.valueOf(entry.date()));
                ps.setTimestamp(5, now);
                ps.setString(6, Columns.fit(actor, 200));
                ps.setString(7, entry.key());
                ps.setTimestamp(8, Timestamp.from(clock.instant().minus(claimTimeout)));
                return ps.executeUpdate() == 1;
            }
        });
    }

    /** Camel: marks the body's entry claimed or not in {@link RevenueHeaders#CLAIMED}. */
    public void claim(Exchange exchange) {
        RecognitionEntry entry = exchange.getMessage().getBody(RecognitionEntry.class);
        String actor = exchange.getMessage().getHeader(RevenueHeaders.ACTOR, "schedule", String.class);
        exchange.getMessage().setHeader(RevenueHeaders.CLAIMED, claim(entry, actor));
    }

    /** Camel: the posting route returned; records posted (or locked, when it says so). */
    public void posted(Exchange exchange) {
        RecognitionEntry entry = exchange.getProperty("FinbridgeRecognitionEntry", RecognitionEntry.class);
        String outcome = exchange.getMessage().getHeader(RevenueHeaders.OUTCOME, "posted", String.class);
        if ("locked".equalsIgnoreCase(outcome)) {
            finish(entry, RunStatus.LOCKED, exchange.getMessage().getHeader(RevenueHeaders.REASON, "period locked in Odoo", String.class),
                    null, null);
            return;
        }
        String postedDate = exchange.getMessage().getHeader(RevenueHeaders.POSTED_DATE, String.class);
        LocalDate booked = postedDate == null ? null : LocalDate.parse(postedDate);
        String detail = booked != null && !booked.equals(entry.date())
                ? "Odoo booked it on " + booked + ", not " + entry.date() + " (a lock date moved it)" : null;
        finish(entry, RunStatus.POSTED, detail, exchange.getMessage().getHeader(RevenueHeaders.ODOO_REF, String.class), booked);
    }

    /** Camel: sending failed; the next run tries again. */
    public void failed(Exchange exchange) {
        RecognitionEntry entry = exchange.getProperty("FinbridgeRecognitionEntry", RecognitionEntry.class);
        Exception ex = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        String reason = ex == null ? "failed" : ex.getClass().getSimpleName() + ": " + ex.getMessage();
        finish(entry, RunStatus.FAILED, reason, null, null);
    }

    void finish(RecognitionEntry entry, RunStatus status, String detail, String odooRef, LocalDate postedDate) {
        store.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE recognition_run SET status = ?, detail = ?, odoo_ref = ?, "
                    + "posted_date = ?, claimed_at = NULL, updated_at = ? WHERE idempotency_key = ? AND status = 'POSTING'")) {
                ps.setString(1, status.name());
                ps.setString(2, Columns.fit(detail, 2000));
                ps.setString(3, odooRef);
                ps.setDate(4, postedDate == null ? null : Date.valueOf(postedDate));
                ps.setTimestamp(5, Timestamp.from(clock.instant()));
                ps.setString(6, entry.key());
                ps.executeUpdate();
            }
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("status", status.name());
            d.put("period", entry.period());
            d.put("recognized", entry.recognized().toString());
            d.put("lines", entry.lines().size());
            d.put("odoo", odooRef);
            d.put("detail", detail);
            audit.append(c, List.of(AuditEntry.of(KIND, null, entry.key(), d)));
            return null;
        });
    }

    /** Camel: the answer of a run, read back from the store for the entries of the run's period. */
    public Map<String, Object> report(String periodKey, boolean dryRun, List<RecognitionEntry> entries, Boolean withLines) {
        Map<String, Map<String, Object>> rows = new LinkedHashMap<>();
        for (Map<String, Object> r : list(periodKey, null)) {
            rows.put((String) r.get("key"), r);
        }
        List<Map<String, Object>> out = new ArrayList<>();
        for (RecognitionEntry e : entries) {
            Map<String, Object> m = new LinkedHashMap<>(rows.getOrDefault(e.key(), Map.of("key", e.key())));
            m.put("debit", e.totalDebit().amount().toPlainString());
            m.put("credit", e.totalCredit().amount().toPlainString());
            m.put("sourceLines", e.sourceLines());
            if (Boolean.TRUE.equals(withLines)) {
                m.put("lines", e.lines().stream().map(l -> Map.of("account", l.account().key(),
                        "debit", l.debit().amount().toPlainString(), "credit", l.credit().amount().toPlainString(),
                        "sourceLine", l.sourceLineRef(), "label", l.label())).toList());
            }
            out.add(m);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("period", periodKey);
        body.put("dryRun", dryRun);
        body.put("entries", out);
        Map<String, Long> counts = new LinkedHashMap<>();
        for (Map<String, Object> m : out) {
            counts.merge(String.valueOf(m.get("status")), 1L, Long::sum);
        }
        body.put("byStatus", counts);
        return body;
    }

    /** The recorded entries of a period (or every period when null), optionally of one status. */
    public List<Map<String, Object>> list(String periodKey, String status) {
        StringBuilder sql = new StringBuilder("SELECT idempotency_key, entity, currency, period, entry_date, status, amount, "
                + "line_count, attempts, odoo_ref, posted_date, detail, updated_at, posted_by FROM recognition_run WHERE 1 = 1");
        List<Object> args = new ArrayList<>();
        if (periodKey != null) {
            sql.append(" AND period = ?");
            args.add(schedules.periodLength().parse(periodKey).key());
        }
        if (status != null) {
            sql.append(" AND status = ?");
            args.add(RunStatus.valueOf(status.toUpperCase(java.util.Locale.ROOT)).name());
        }
        sql.append(" ORDER BY period DESC, entity, currency LIMIT 1000");
        return store.inTransaction(c -> {
            List<Map<String, Object>> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
                for (int i = 0; i < args.size(); i++) {
                    ps.setObject(i + 1, args.get(i));
                }
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        Map<String, Object> m = new LinkedHashMap<>();
                        m.put("key", rs.getString(1));
                        m.put("entity", rs.getString(2));
                        m.put("currency", rs.getString(3));
                        m.put("period", rs.getString(4));
                        m.put("date", rs.getDate(5).toLocalDate().toString());
                        m.put("status", rs.getString(6).toLowerCase(java.util.Locale.ROOT));
                        m.put("recognized", rs.getBigDecimal(7).setScale(io.finbridge.canonical.Currencies.minorUnits(rs.getString(3)))
                                .toPlainString());
                        m.put("lineCount", rs.getInt(8));
                        m.put("attempts", rs.getInt(9));
                        m.put("odoo", rs.getString(10));
                        m.put("postedDate", rs.getDate(11) == null ? null : rs.getDate(11).toLocalDate().toString());
                        m.put("detail", rs.getString(12));
                        m.put("updatedAt", Columns.iso(rs.getTimestamp(13)));
                        m.put("by", rs.getString(14));
                        out.add(m);
                    }
                }
            }
            return out;
        });
    }

    private void upsertPreview(Connection c, RecognitionEntry e) throws SQLException {
        Timestamp now = Timestamp.from(clock.instant());
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO recognition_run (idempotency_key, entity, currency, period, "
                + "entry_date, status, amount, line_count, attempts, updated_at) VALUES (?, ?, ?, ?, ?, 'PREVIEWED', ?, ?, 0, ?) "
                + "ON CONFLICT DO NOTHING")) {
            ps.setString(1, e.key());
            ps.setString(2, e.entity());
            ps.setString(3, e.currency());
            ps.setString(4, e.period());
            ps.setDate(5, Date.valueOf(e.date()));
            ps.setBigDecimal(6, e.recognized().amount());
            ps.setInt(7, e.lines().size());
            ps.setTimestamp(8, now);
            if (ps.executeUpdate() == 1) {
                return;
            }
        }
        // what a preview shows changes with the schedules until the entry is posted
        try (PreparedStatement ps = c.prepareStatement("UPDATE recognition_run SET amount = ?, line_count = ?, updated_at = ? "
                + "WHERE idempotency_key = ? AND status IN ('PREVIEWED', 'FAILED', 'LOCKED')")) {
            ps.setBigDecimal(1, e.recognized().amount());
            ps.setInt(2, e.lines().size());
            ps.setTimestamp(3, now);
            ps.setString(4, e.key());
            ps.executeUpdate();
        }
    }

}
