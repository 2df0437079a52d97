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

    public Map<String, Object> verify() {
        return store.inTransaction(c -> {
            String prev = null;
            long expectedSeq = 1;
            long rows = 0;
            try (PreparedStatement ps = c.prepareStatement("SELECT seq, recorded_at, kind, event_ref, actor, subject, detail, "
                    + "prev_hash, hash FROM audit_log ORDER BY seq")) {
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
            try (PreparedStatement ps = c.prepareStatement("SELECT last_seq, last_hash FROM audit_head WHERE id = 1");
                 ResultSet rs = ps.executeQuery()) {
                if (rs.next() && rs.getLong(1) != rows) {
                    return broken(rows, rs.getLong(1), "the chain ends at row " + rows + " but its head says " + rs.getLong(1));
                }
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
