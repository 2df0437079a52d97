package io.finbridge.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.finbridge.store.Columns;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.List;

/**
 * The append-only, hash-chained audit trail. Appends happen inside the caller's transaction, together with the state
 * change they describe, and lock the chain's head row so that every instance on one database extends one chain. There
 * is no update or delete here, and the database refuses them too (a trigger on audit_log).
 */
public final class AuditTrail {

    static final ObjectMapper JSON = new ObjectMapper().configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);

    /**
     * Takes the chain's head lock for the rest of the caller's transaction, before anything is appended: what the
     * caller reads after it (e.g. receipts not chained yet) no other appender is chaining at the same time.
     */
    public void lockHead(Connection c) throws SQLException {
        head(c);
    }

    /** Appends within the caller's transaction; the caller commits. */
    public void append(Connection c, List<AuditEntry> entries) throws SQLException {
        if (entries.isEmpty()) {
            return;
        }
        Object[] head = head(c);
        long seq = (Long) head[0];
        String prev = (String) head[1];
        try (PreparedStatement ins = c.prepareStatement("INSERT INTO audit_log "
                + "(seq, recorded_at, kind, event_ref, actor, subject, detail, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
            for (AuditEntry e : entries) {
                seq++;
                String detail = json(e);
                // fitted to their columns (V002: actor 200, subject 300) before hashing, so that a long source key
                // never fails the transaction it describes and the hash covers what is stored
                String actor = Columns.fit(e.actor(), 200);
                String subject = Columns.fit(e.subject(), 300);
                String hash = hash(prev, seq, now, e.kind(), e.eventRef(), actor, subject, detail);
                ins.setLong(1, seq);
                ins.setTimestamp(2, Timestamp.from(now));
                ins.setString(3, e.kind());
                if (e.eventRef() == null) {
                    ins.setNull(4, Types.BIGINT);
                } else {
                    ins.setLong(4, e.eventRef());
                }
                ins.setString(5, actor);
                ins.setString(6, subject);
                ins.setString(7, detail);
                ins.setString(8, prev);
                ins.setString(9, hash);
                ins.addBatch();
                prev = hash;
            }
            ins.executeBatch();
        }
        try (PreparedStatement up = c.prepareStatement("UPDATE audit_head SET last_seq = ?, last_hash = ? WHERE id = 1")) {
            up.setLong(1, seq);
            up.setString(2, prev);
            up.executeUpdate();
        }
    }

    private static Object[] head(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT last_seq, last_hash FROM audit_head WHERE id = 1 FOR UPDATE");
             ResultSet rs = ps.executeQuery()) {
            if (!rs.next()) {
                throw new SQLException("audit_head row missing");
            }
            return new Object[] {rs.getLong(1), rs.getString(2)};
        }
    }

    /**
     * The row's hash covers the previous row's hash and every column of its own, so changing, removing or
     * reordering any row breaks the chain from that row on.
     */
    static String hash(String prev, long seq, Instant at, String kind, Long eventRef, String actor, String subject, String detail) {
        String material = String.join("\n", prev, Long.toString(seq), Long.toString(at.toEpochMilli()), kind,
                String.valueOf(eventRef), actor, String.valueOf(subject), detail);
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(material.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException(ex);
        }
    }

    private static String json(AuditEntry e) {
        try {
            return JSON.writeValueAsString(e.detail());
        } catch (JsonProcessingException ex) {
            throw new IllegalArgumentException("audit detail is not serializable: " + ex.getOriginalMessage(), ex);
        }
    }
}
