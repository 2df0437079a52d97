package io.finbridge.inbound;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.finbridge.audit.AuditEntry;
import io.finbridge.audit.AuditTrail;
import io.finbridge.store.Columns;
import io.finbridge.store.Store;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Removes the payloads of final inbox events older than the {@link RetentionPolicy} (routes/batch/inbox-retention.yaml
 * runs it on a schedule). The rows stay, with their status, keys, timestamps and the body's SHA-256; the audit trail is
 * not touched except for one {@code PAYLOADS_PURGED} row per batch naming the events, so the chain still verifies and
 * tells when each payload went. With an archive folder, each batch's payloads are written to a file and flushed to
 * disk before the store forgets them.
 */
public final class InboxRetention {

    public static final String BEAN_NAME = "inboxRetention";
    static final String FINAL = "('DONE', 'IGNORED', 'DISCARDED')";
    private static final Logger LOG = LoggerFactory.getLogger(InboxRetention.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Store store;
    private final AuditTrail audit;
    private final RetentionPolicy policy;
    private final Clock clock;

    public InboxRetention(Store store, AuditTrail audit, RetentionPolicy policy, Clock clock) {
        this.store = store;
        this.audit = audit;
        this.policy = policy;
        this.clock = clock;
        policy.archiveFolder().ifPresent(folder -> {
            try {
                Files.createDirectories(folder);
            } catch (IOException ex) {
                throw new UncheckedIOException("Cannot create the retention archive folder " + folder, ex);
            }
        });
    }

    /** One run: purges batch after batch until nothing is due or the run's maximum is reached. */
    public Map<String, Object> purge() {
        Map<String, Object> report = new LinkedHashMap<>();
        if (policy.keepsForever()) {
            report.put("purged", 0);
            report.put("reason", "finbridge.retention.payloads is 0: payloads are kept");
            return report;
        }
        Instant finishedBefore = clock.instant().minus(policy.payloads());
        int purged = 0;
        int batches = 0;
        List<String> archives = new ArrayList<>();
        while (purged < policy.maxPerRun()) {
            int limit = Math.min(policy.batchSize(), policy.maxPerRun() - purged);
            Batch batch = store.inTransaction(c -> purgeBatch(c, finishedBefore, limit));
            if (batch.ids().isEmpty()) {
                break;
            }
            purged += batch.ids().size();
            batches++;
            if (batch.archive() != null) {
                archives.add(batch.archive());
            }
            if (batch.ids().size() < limit) {
                break;
            }
        }
        report.put("purged", purged);
        report.put("batches", batches);
        report.put("finishedBefore", finishedBefore.toString());
        if (policy.archiveFolder().isPresent()) {
            report.put("archives", archives);
        }
        if (purged > 0) {
            LOG.info("Retention: payloads of {} final events finished before {} removed{}", purged, finishedBefore,
                    archives.isEmpty() ? "" : " (archived in " + policy.archiveFolder().get() + ")");
        }
        return report;
    }

    private record Batch(List<Long> ids, String archive) {
    }

    private Batch purgeBatch(Connection c, Instant finishedBefore, int limit) throws SQLException {
        List<Map<String, Object>> rows = new ArrayList<>();
        // locked, so that a re-drive (which needs the payload) and the purge of one event never interleave
        try (PreparedStatement ps = c.prepareStatement("SELECT id, source, dedupe_key, event_id, event_type, status, "
                + "received_at, finished_at, payload_sha256, headers, body, corrected_body FROM inbox_event "
                + "WHERE status IN " + FINAL + " AND finished_at < ? AND payload_purged_at IS NULL ORDER BY id LIMIT ? FOR UPDATE")) {
            ps.setTimestamp(1, Timestamp.from(finishedBefore));
            ps.setInt(2, limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    row.put("id", rs.getLong(1));
                    row.put("source", rs.getString(2));
                    row.put("dedupeKey", rs.getString(3));
                    row.put("eventId", rs.getString(4));
                    row.put("type", rs.getString(5));
                    row.put("status", rs.getString(6).toLowerCase(java.util.Locale.ROOT));
                    row.put("receivedAt", Columns.iso(rs.getTimestamp(7)));
                    row.put("finishedAt", Columns.iso(rs.getTimestamp(8)));
                    String body = rs.getString(11);
                    String sha = rs.getString(9);
                    row.put("sha256", sha != null ? sha : PayloadHash.of(body));
                    row.put("headers", rs.getString(10));
                    row.put("body", body);
                    row.put("correctedBody", rs.getString(12));
                    rows.add(row);
                }
            }
        }
        if (rows.isEmpty()) {
            return new Batch(List.of(), null);
        }
        String archive = policy.archiveFolder().map(folder -> archive(folder, rows)).orElse(null);
        Timestamp now = Timestamp.from(clock.instant());
        List<Long> ids = new ArrayList<>();
        try (PreparedStatement up = c.prepareStatement("UPDATE inbox_event SET headers = '{}', body = '', corrected_body = NULL, "
                + "payload_sha256 = ?, payload_purged_at = ? WHERE id = ?")) {
            for (Map<String, Object> row : rows) {
                long id = (Long) row.get("id");
                up.setString(1, (String) row.get("sha256"));
                up.setTimestamp(2, now);
                up.setLong(3, id);
                up.addBatch();
                ids.add(id);
            }
            up.executeBatch();
        }
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("events", ids.size());
        detail.put("finishedBefore", finishedBefore.toString());
        detail.put("ids", ids);
        if (archive != null) {
            detail.put("archive", archive);
        }
        audit.append(c, List.of(AuditEntry.of("PAYLOADS_PURGED", null, "inbox_event", detail)));
        return new Batch(ids, archive);
    }

    /**
     * One gzip file of JSON lines per batch, written under a temporary name, forced to disk and then renamed, so that
     * a file with the final name is always complete, and exists before the payloads leave the store.
     */
    private static String archive(Path folder, List<Map<String, Object>> rows) {
        String name = "inbox-payloads-" + rows.get(0).get("id") + "-" + rows.get(rows.size() - 1).get("id") + ".jsonl.gz";
        Path target = folder.resolve(name);
        Path temp = folder.resolve(name + ".part");
        try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            OutputStream raw = Channels.newOutputStream(channel);
            GZIPOutputStream gz = new GZIPOutputStream(raw, 64 * 1024);
            for (Map<String, Object> row : rows) {
                gz.write(JSON.writeValueAsBytes(row));
                gz.write('\n');
            }
            gz.finish();
            gz.flush();
            channel.force(true);
        } catch (IOException ex) {
            throw new UncheckedIOException("Cannot write the retention archive " + temp + ": " + ex.getMessage(), ex);
        }
        try {
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException ex) {
            throw new UncheckedIOException("Cannot name the retention archive " + target + ": " + ex.getMessage(), ex);
        }
        return name;
    }
}
