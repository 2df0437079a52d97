package io.finbridge.review;

import io.finbridge.audit.AuditEntry;
import io.finbridge.audit.AuditTrail;
import io.finbridge.canonical.Money;
import io.finbridge.inbound.InboxEvent;
import io.finbridge.store.Columns;
import io.finbridge.store.Store;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The exception (dead-letter) queue finance operators work from: one case per failed event, with its class, stage,
 * error and financial impact; replay (as is, or with a corrected payload kept beside the original) and discard,
 * each audited with who did it. A replay puts the event back in the inbox; idempotent Odoo writes keep it from
 * posting twice.
 */
public final class ExceptionQueue {

    /** A case's state: open until an operator acts, replaying while the event is back in the inbox. */
    public enum Status { OPEN, REPLAYING, RESOLVED, DISCARDED }

    private final Store store;
    private final AuditTrail audit;

    public ExceptionQueue(Store store, AuditTrail audit) {
        this.store = store;
        this.audit = audit;
    }

    /** Opens a case for the event, or reopens its existing one (a replay that failed again). Returns the case id. */
    public long open(Connection c, InboxEvent event, Failure f) throws SQLException {
        Timestamp now = Timestamp.from(Instant.now());
        Optional<Money> known = f.amount() != null
                ? Optional.of(Money.of(f.amount(), f.currency()))
                : FinancialImpact.of(event.source(), event.effectiveBody());
        try (PreparedStatement up = c.prepareStatement("UPDATE exception_case SET status = 'OPEN', classification = ?, flow = ?, "
                + "stage = ?, error_type = ?, error_message = ?, attempts = ?, last_seen = ?, resolved_by = NULL, resolved_at = NULL "
                + "WHERE event_ref = ?")) {
            up.setString(1, f.classification().id());
            up.setString(2, f.flow());
            up.setString(3, f.stage());
            up.setString(4, f.errorType());
            up.setString(5, Columns.fit(f.message(), 4000));
            up.setInt(6, event.attempts());
            up.setTimestamp(7, now);
            up.setLong(8, event.id());
            if (up.executeUpdate() == 0) {
                try (PreparedStatement ins = c.prepareStatement("INSERT INTO exception_case (event_ref, source, flow, classification, "
                        + "stage, error_type, error_message, amount, currency, status, attempts, first_seen, last_seen) "
                        + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'OPEN', ?, ?, ?)")) {
                    ins.setLong(1, event.id());
                    ins.setString(2, event.source());
                    ins.setString(3, f.flow());
                    ins.setString(4, f.classification().id());
                    ins.setString(5, f.stage());
                    ins.setString(6, f.errorType());
                    ins.setString(7, Columns.fit(f.message(), 4000));
                    ins.setBigDecimal(8, known.map(Money::amount).orElse(null));
                    ins.setString(9, known.map(Money::currency).orElse(null));
                    ins.setInt(10, event.attempts());
                    ins.setTimestamp(11, now);
                    ins.setTimestamp(12, now);
                    ins.executeUpdate();
                }
            }
        }
        try (PreparedStatement q = c.prepareStatement("SELECT id FROM exception_case WHERE event_ref = ?")) {
            q.setLong(1, event.id());
            try (ResultSet rs = q.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** The event was posted: its case, if any and not discarded, is resolved. */
    public void resolve(Connection c, long eventRef, String actor, String note) throws SQLException {
        try (PreparedStatement up = c.prepareStatement("UPDATE exception_case SET status = 'RESOLVED', resolved_by = ?, "
                + "resolved_at = ?, resolution_note = ? WHERE event_ref = ? AND status IN ('OPEN', 'REPLAYING')")) {
            up.setString(1, actor);
            up.setTimestamp(2, Timestamp.from(Instant.now()));
            up.setString(3, note);
            up.setLong(4, eventRef);
            up.executeUpdate();
        }
    }

    /**
     * Puts the case's event back in the inbox, optionally with a corrected payload (the original stays as received).
     *
     * @throws CaseStateException when the case is not open (already replaying, resolved or discarded)
     */
    public Map<String, Object> replay(long caseId, String actor, String correctedBody) {
        return store.inTransaction(c -> {
            Map<String, Object> found = lockOpen(c, caseId, "replay");
            long eventRef = ((Number) found.get("eventRef")).longValue();
            try (PreparedStatement up = c.prepareStatement("UPDATE exception_case SET status = 'REPLAYING' WHERE id = ?")) {
                up.setLong(1, caseId);
                up.executeUpdate();
            }
            try (PreparedStatement up = c.prepareStatement("UPDATE inbox_event SET status = 'RECEIVED', next_attempt_at = ?, "
                    + "finished_at = NULL, corrected_body = COALESCE(?, corrected_body) WHERE id = ? AND status = 'FAILED'")) {
                up.setTimestamp(1, Timestamp.from(Instant.now()));
                up.setString(2, correctedBody);
                up.setLong(3, eventRef);
                if (up.executeUpdate() != 1) {
                    throw new CaseStateException("event " + eventRef + " of case " + caseId + " is not in the failed state");
                }
            }
            Map<String, Object> detail = new LinkedHashMap<>();
            detail.put("case", caseId);
            detail.put("corrected", correctedBody != null);
            audit.append(c, List.of(new AuditEntry("REPLAY", eventRef, actor, "exception/" + caseId, detail)));
            return find(c, caseId).orElseThrow();
        });
    }

    /** Closes the case without posting; the reason is required and audited. */
    public Map<String, Object> discard(long caseId, String actor, String reason) {
        if (reason == null || reason.isBlank()) {
            throw new IllegalArgumentException("a reason is required to discard");
        }
        return store.inTransaction(c -> {
            Map<String, Object> found = lockOpen(c, caseId, "discard");
            long eventRef = ((Number) found.get("eventRef")).longValue();
            Timestamp now = Timestamp.from(Instant.now());
            try (PreparedStatement up = c.prepareStatement("UPDATE exception_case SET status = 'DISCARDED', resolved_by = ?, "
                    + "resolved_at = ?, resolution_note = ? WHERE id = ?")) {
                up.setString(1, actor);
                up.setTimestamp(2, now);
                up.setString(3, Columns.fit(reason, 2000));
                up.setLong(4, caseId);
                up.executeUpdate();
            }
            try (PreparedStatement up = c.prepareStatement("UPDATE inbox_event SET status = 'DISCARDED', finished_at = ? WHERE id = ?")) {
                up.setTimestamp(1, now);
                up.setLong(2, eventRef);
                up.executeUpdate();
            }
            audit.append(c, List.of(new AuditEntry("DISCARD", eventRef, actor, "exception/" + caseId, Map.of("reason", reason))));
            return find(c, caseId).orElseThrow();
        });
    }

    private Map<String, Object> lockOpen(Connection c, long caseId, String action) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT status FROM exception_case WHERE id = ? FOR UPDATE")) {
            ps.setLong(1, caseId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new CaseNotFoundException("no exception case " + caseId);
                }
                if (!"OPEN".equals(rs.getString(1))) {
                    throw new CaseStateException("case " + caseId + " is " + rs.getString(1).toLowerCase() + "; only open cases can be "
                            + (action.equals("replay") ? "replayed" : "discarded"));
                }
            }
        }
        return find(c, caseId).orElseThrow();
    }

    public Optional<Map<String, Object>> find(long caseId) {
        return store.inTransaction(c -> find(c, caseId));
    }

    private Optional<Map<String, Object>> find(Connection c, long caseId) throws SQLException {
        List<Map<String, Object>> rows = query(c, "WHERE x.id = ?", List.of(caseId), 1, 0, true);
        return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0));
    }

    /** Filtered list, newest first. Filters: source, flow, classification, status, minAmount, currency. */
    public List<Map<String, Object>> list(Map<String, String> filter, int limit, int offset) {
        StringBuilder where = new StringBuilder("WHERE 1 = 1");
        List<Object> args = new ArrayList<>();
        addFilter(filter, "source", "x.source = ?", where, args);
        addFilter(filter, "flow", "x.flow = ?", where, args);
        if (filter.get("classification") != null) {
            where.append(" AND x.classification = ?");
            args.add(FailureClass.parse(filter.get("classification")).id());
        }
        if (filter.get("status") != null) {
            where.append(" AND x.status = ?");
            args.add(Status.valueOf(filter.get("status").trim().toUpperCase(java.util.Locale.ROOT)).name());
        }
        if (filter.get("minAmount") != null) {
            where.append(" AND x.amount >= ?");
            args.add(new BigDecimal(filter.get("minAmount")));
        }
        addFilter(filter, "currency", "x.currency = ?", where, args);
        return store.inTransaction(c -> query(c, where.toString(), args, limit, offset, false));
    }

    private static void addFilter(Map<String, String> filter, String key, String clause, StringBuilder where, List<Object> args) {
        String v = filter.get(key);
        if (v != null && !v.isBlank()) {
            where.append(" AND ").append(clause);
            args.add(v.trim());
        }
    }

    private static List<Map<String, Object>> query(Connection c, String where, List<Object> args, int limit, int offset,
                                                   boolean withPayload) throws SQLException {
        String sql = "SELECT x.id, x.event_ref, x.source, x.flow, x.classification, x.stage, x.error_type, x.error_message, "
                + "x.amount, x.currency, x.status, x.attempts, x.first_seen, x.last_seen, x.resolved_by, x.resolved_at, "
                + "x.resolution_note, e.event_id, e.event_type, e.body, e.corrected_body FROM exception_case x "
                + "JOIN inbox_event e ON e.id = x.event_ref " + where + " ORDER BY x.last_seen DESC, x.id DESC LIMIT ? OFFSET ?";
        List<Map<String, Object>> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            int i = 1;
            for (Object a : args) {
                ps.setObject(i++, a);
            }
            ps.setInt(i++, limit);
            ps.setInt(i, offset);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("id", rs.getLong(1));
                    m.put("eventRef", rs.getLong(2));
                    m.put("source", rs.getString(3));
                    m.put("flow", rs.getString(4));
                    m.put("classification", rs.getString(5));
                    m.put("stage", rs.getString(6));
                    m.put("errorType", rs.getString(7));
                    m.put("error", rs.getString(8));
                    BigDecimal amount = rs.getBigDecimal(9);
                    m.put("amount", amount == null ? null : amount.stripTrailingZeros().toPlainString());
                    m.put("currency", rs.getString(10));
                    m.put("status", rs.getString(11).toLowerCase(java.util.Locale.ROOT));
                    m.put("attempts", rs.getInt(12));
                    m.put("firstSeen", Columns.iso(rs.getTimestamp(13)));
                    m.put("lastSeen", Columns.iso(rs.getTimestamp(14)));
                    m.put("resolvedBy", rs.getString(15));
                    m.put("resolvedAt", Columns.iso(rs.getTimestamp(16)));
                    m.put("resolutionNote", rs.getString(17));
                    m.put("eventId", rs.getString(18));
                    m.put("eventType", rs.getString(19));
                    if (withPayload) {
                        m.put("originalPayload", rs.getString(20));
                        m.put("correctedPayload", rs.getString(21));
                    }
                    out.add(m);
                }
            }
        }
        return out;
    }

}
