package io.finbridge.inbound;

import io.finbridge.audit.AuditEntry;
import io.finbridge.audit.AuditTrail;
import io.finbridge.review.ExceptionQueue;
import io.finbridge.review.Failure;
import io.finbridge.store.Columns;
import io.finbridge.store.Dialect;
import io.finbridge.store.Store;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The inbox's state transitions. Each runs in one transaction with the audit rows that describe it, and each
 * checks that this instance still holds the claim, so a worker that lost its claim cannot overwrite another's result.
 */
public final class Inbox {

    // taken once its receipt is in the audit chain (ReceiptChainer), so that an event's trail starts with RECEIVED
    private static final String CLAIMABLE = "status IN ('RECEIVED', 'RETRYING', 'PARKED') AND id NOT IN (SELECT inbox_id FROM inbox_receipt_pending)";
    private final Store store;
    private final AuditTrail audit;
    private final ExceptionQueue exceptions;

    public Inbox(Store store, AuditTrail audit, ExceptionQueue exceptions) {
        this.store = store;
        this.audit = audit;
        this.exceptions = exceptions;
    }

    /** Claims up to {@code max} due events for this instance; several instances never claim the same row. */
    public List<InboxEvent> claim(String instanceId, int max) {
        if (max <= 0) {
            return List.of();
        }
        Timestamp now = Timestamp.from(Instant.now());
        List<Long> candidates = store.inTransaction(c -> {
            List<Long> ids = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT id FROM inbox_event WHERE " + CLAIMABLE
                    + " AND next_attempt_at <= ? ORDER BY next_attempt_at, id LIMIT ?")) {
                ps.setTimestamp(1, now);
                ps.setInt(2, max * 2);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        ids.add(rs.getLong(1));
                    }
                }
            }
            return ids;
        });
        List<InboxEvent> claimed = new ArrayList<>();
        for (Long id : candidates) {
            if (claimed.size() >= max) {
                break;
            }
            InboxEvent e = store.inTransaction(c -> {
                try (PreparedStatement up = c.prepareStatement("UPDATE inbox_event SET status = 'PROCESSING', claimed_by = ?, "
                        + "claimed_at = ?, attempts = attempts + 1 WHERE id = ? AND " + CLAIMABLE + " AND next_attempt_at <= ?")) {
                    up.setString(1, instanceId);
                    up.setTimestamp(2, now);
                    up.setLong(3, id);
                    up.setTimestamp(4, now);
                    if (up.executeUpdate() != 1) {
                        return null;
                    }
                }
                return load(c, id);
            });
            if (e != null) {
                claimed.add(e);
            }
        }
        return claimed;
    }

    private static InboxEvent load(Connection c, long id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT id, source, dedupe_key, event_id, event_type, api_version, "
                + "received_at, headers, body, corrected_body, attempts, park_deadline FROM inbox_event WHERE id = ?")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return null;
                }
                Timestamp deadline = rs.getTimestamp(12);
                return new InboxEvent(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                        rs.getString(6), rs.getTimestamp(7).toInstant(), rs.getString(8), rs.getString(9), rs.getString(10),
                        rs.getInt(11), deadline == null ? null : deadline.toInstant());
            }
        }
    }

    /**
     * Posted (done), or left alone because no flow handles its type (ignored, for a later re-drive); with the stages
     * and Odoo writes of this attempt. An open exception for it is resolved.
     */
    public boolean done(long id, String instanceId, boolean ignored, List<AuditEntry> trail) {
        return store.inTransaction(c -> {
            try (PreparedStatement up = c.prepareStatement("UPDATE inbox_event SET status = ?, finished_at = ?, "
                    + "claimed_by = NULL, last_error = NULL, park_reason = NULL WHERE id = ? AND claimed_by = ?")) {
                up.setString(1, ignored ? "IGNORED" : "DONE");
                up.setTimestamp(2, Timestamp.from(Instant.now()));
                up.setLong(3, id);
                up.setString(4, instanceId);
                if (up.executeUpdate() != 1) {
                    return false;
                }
            }
            exceptions.resolve(c, id, AuditEntry.SYSTEM, "posted");
            audit.append(c, trail);
            return true;
        });
    }

    /** A retryable failure: try again at {@code when}. */
    public boolean retry(long id, String instanceId, Instant when, String error, List<AuditEntry> trail) {
        return transition(id, instanceId, "RETRYING", when, error, null, null, trail);
    }

    /** Waits for a dependency; woken early when another event provides it. */
    public boolean park(long id, String instanceId, Instant when, Instant deadline, String dependency, List<AuditEntry> trail) {
        return transition(id, instanceId, "PARKED", when, null, dependency, deadline, trail);
    }

    private boolean transition(long id, String instanceId, String status, Instant when, String error, String dependency,
                               Instant deadline, List<AuditEntry> trail) {
        return store.inTransaction(c -> {
            try (PreparedStatement up = c.prepareStatement("UPDATE inbox_event SET status = ?, next_attempt_at = ?, "
                    + (status.equals("PARKED") ? "attempts = attempts - 1, " : "")
                    + "claimed_by = NULL, last_error = COALESCE(?, last_error), park_reason = ?, "
                    + "park_deadline = COALESCE(park_deadline, ?) WHERE id = ? AND claimed_by = ?")) {
                up.setString(1, status);
                up.setTimestamp(2, Timestamp.from(when));
                up.setString(3, Columns.fit(error, 2000));
                up.setString(4, Columns.fit(dependency, 1000));
                up.setTimestamp(5, deadline == null ? null : Timestamp.from(deadline));
                up.setLong(6, id);
                up.setString(7, instanceId);
                if (up.executeUpdate() != 1) {
                    return false;
                }
            }
            audit.append(c, trail);
            return true;
        });
    }

    /** Not postable without an operator: the event fails and an exception case is opened (or reopened). */
    public boolean deadLetter(long id, String instanceId, Failure failure, List<AuditEntry> trail) {
        return store.inTransaction(c -> {
            InboxEvent e = load(c, id);
            try (PreparedStatement up = c.prepareStatement("UPDATE inbox_event SET status = 'FAILED', claimed_by = NULL, "
                    + "finished_at = ?, last_error = ? WHERE id = ? AND claimed_by = ?")) {
                up.setTimestamp(1, Timestamp.from(Instant.now()));
                up.setString(2, Columns.fit(failure.message(), 2000));
                up.setLong(3, id);
                up.setString(4, instanceId);
                if (up.executeUpdate() != 1) {
                    return false;
                }
            }
            long caseId = exceptions.open(c, e, failure);
            List<AuditEntry> all = new ArrayList<>(trail);
            all.add(AuditEntry.of("EXCEPTION", id, "exception/" + caseId, java.util.Map.of(
                    "class", failure.classification().id(), "error", failure.errorType(), "message", Columns.fit(failure.message(), 500))));
            audit.append(c, all);
            return true;
        });
    }

    /**
     * Sends ignored events back to their flows: those of {@code source} (and {@code type}, and received within
     * {@code [from, to)}, where given). Each is processed again like a new event, through the same idempotent path,
     * so an event that was posted meanwhile is not posted twice; events not ignored are left alone.
     *
     * @return the ids re-driven
     */
    public List<Long> redrive(String source, String type, Instant from, Instant to, String actor, int max) {
        return store.inTransaction(c -> {
            StringBuilder sql = new StringBuilder("SELECT id, dedupe_key FROM inbox_event WHERE status = 'IGNORED' "
                    // an event whose payload the retention policy removed has nothing left to post
                    + "AND payload_purged_at IS NULL AND source = ?");
            List<Object> args = new ArrayList<>(List.of(source));
            if (type != null) {
                sql.append(" AND event_type = ?");
                args.add(type);
            }
            if (from != null) {
                sql.append(" AND received_at >= ?");
                args.add(Timestamp.from(from));
            }
            if (to != null) {
                sql.append(" AND received_at < ?");
                args.add(Timestamp.from(to));
            }
            sql.append(" ORDER BY id LIMIT ").append(max);
            List<Long> ids = new ArrayList<>();
            List<AuditEntry> entries = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
                for (int i = 0; i < args.size(); i++) {
                    ps.setObject(i + 1, args.get(i));
                }
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        ids.add(rs.getLong(1));
                        entries.add(new AuditEntry("REDRIVE", rs.getLong(1), actor, source + "/" + rs.getString(2),
                                java.util.Map.of("reason", "re-driven by an operator")));
                    }
                }
            }
            try (PreparedStatement up = c.prepareStatement("UPDATE inbox_event SET status = 'RECEIVED', next_attempt_at = ?, "
                    + "attempts = 0, finished_at = NULL WHERE id = ? AND status = 'IGNORED' AND payload_purged_at IS NULL")) {
                for (Long id : ids) {
                    up.setTimestamp(1, Timestamp.from(Instant.now()));
                    up.setLong(2, id);
                    up.addBatch();
                }
                up.executeBatch();
            }
            audit.append(c, entries);
            return ids;
        });
    }

    /** Wakes parked events waiting for {@code dependency}; returns how many. */
    public int provide(String dependency) {
        return store.inTransaction(c -> {
            try (PreparedStatement up = c.prepareStatement("UPDATE inbox_event SET next_attempt_at = ? "
                    + "WHERE status = 'PARKED' AND park_reason = ?")) {
                up.setTimestamp(1, Timestamp.from(Instant.now()));
                up.setString(2, dependency);
                return up.executeUpdate();
            }
        });
    }

    /**
     * Gives back events claimed by instances that are gone: on H2 (one process owns the file) every claim not ours;
     * on PostgreSQL those whose instance has not sent a heartbeat within {@code staleAfterSeconds}.
     */
    public int releaseAbandoned(String instanceId, long staleAfterSeconds) {
        return store.inTransaction(c -> {
            String sql = store.dialect() == Dialect.H2
                    ? "UPDATE inbox_event SET status = 'RECEIVED', claimed_by = NULL WHERE status = 'PROCESSING' AND claimed_by <> ?"
                    : "UPDATE inbox_event SET status = 'RECEIVED', claimed_by = NULL WHERE status = 'PROCESSING' AND claimed_by <> ? "
                    + "AND claimed_by NOT IN (SELECT instance_id FROM runtime_instance WHERE heartbeat_at > ?)";
            try (PreparedStatement up = c.prepareStatement(sql)) {
                up.setString(1, instanceId);
                if (store.dialect() != Dialect.H2) {
                    up.setTimestamp(2, Timestamp.from(Instant.now().minusSeconds(staleAfterSeconds)));
                }
                return up.executeUpdate();
            }
        });
    }
}
