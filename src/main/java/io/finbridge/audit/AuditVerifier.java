package io.finbridge.audit;

import io.finbridge.store.Store;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** Walks the audit chain from the first row and reports the first broken link, if any. */
public final class AuditVerifier {

    private final Store store;

    public AuditVerifier(Store store) {
        this.store = store;
    }

    /**
     * Verifies the chain up to the head as it is when the check starts: the head is read first, then the rows up to
     * it. Appends commit their rows and the head together, so every row up to a committed head is there to read, and
     * rows appended while the check runs lie beyond it and are left for the next check. Reading the rows first and
     * the head after (as before) saw a head that had moved on meanwhile and reported a break that was not there.
     */
    public Map<String, Object> verify() {
        return store.inTransaction(c -> {
            long headSeq;
            String headHash;
            try (PreparedStatement ps = c.prepareStatement("SELECT last_seq, last_hash FROM audit_head WHERE id = 1");
                 ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return broken(0, 0, "the chain's head row is missing");
                }
                headSeq = rs.getLong(1);
                headHash = rs.getString(2);
            }
            String prev = null;
            long expectedSeq = 1;
            long rows = 0;
            try (PreparedStatement ps = c.prepareStatement("SELECT seq, recorded_at, kind, event_ref, actor, subject, detail, "
                    + "prev_hash, hash FROM audit_log WHERE seq <= ? ORDER BY seq")) {
                ps.setLong(1, headSeq);
                ps.setFetchSize(1000);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        long seq = rs.getLong(1);
                        Instant at = rs.getTimestamp(2).toInstant();
                        long ref = rs.getLong(4);
                        Long eventRef = rs.wasNull() ? null : ref;
                        String prevHash = rs.getString(8);
                        String stored = rs.getString(9);
                        if (seq != expectedSeq) {
                            return broken(rows, seq, "row " + expectedSeq + " is missing (next row is " + seq + ")");
                        }
                        if (prev != null && !prev.equals(prevHash)) {
                            return broken(rows, seq, "row " + seq + " does not link to row " + (seq - 1));
                        }
                        String computed = AuditTrail.hash(prevHash, seq, at, rs.getString(3), eventRef, rs.getString(5),
                                rs.getString(6), rs.getString(7));
                        if (!computed.equals(stored)) {
                            return broken(rows, seq, "row " + seq + " was altered: its content no longer matches its hash");
                        }
                        prev = stored;
                        expectedSeq++;
                        rows++;
                    }
                }
            }
            if (rows != headSeq) {
                return broken(rows, rows + 1, "the chain ends at row " + rows + " but its head says " + headSeq);
            }
            if (headSeq > 0 && !headHash.equals(prev)) {
                return broken(rows - 1, headSeq, "row " + headSeq + " is not the row its head names (the hashes differ)");
            }
            Map<String, Object> ok = new LinkedHashMap<>();
            ok.put("ok", true);
            ok.put("status", "intact");
            ok.put("rows", rows);
            return ok;
        });
    }

    private static Map<String, Object> broken(long verified, long seq, String reason) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("ok", false);
        out.put("status", "broken");
        out.put("rowsVerified", verified);
        out.put("firstBrokenSeq", seq);
        out.put("reason", reason);
        return out;
    }
}
