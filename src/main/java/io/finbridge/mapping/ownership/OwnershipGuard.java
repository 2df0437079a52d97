package io.finbridge.mapping.ownership;

import io.finbridge.canonical.CanonicalRecord;
import io.finbridge.mapping.MappingRegistry;
import io.finbridge.mapping.OwnershipViolation;
import io.finbridge.store.Store;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies ownership.yaml to each write, bound as {@code ownership}: a source that does not own a field cannot change
 * it, and among owners the newer change at the source wins. The newest source time applied per object field is kept
 * in {@code ownership_watermark}; the check and the update are one conditional UPDATE, so two instances admitting
 * changes to one field at once cannot both win with the older one.
 */
public final class OwnershipGuard {

    public static final String BEAN_NAME = "ownership";
    private static final Logger LOG = LoggerFactory.getLogger(OwnershipGuard.class);
    private static final Timestamp NEVER = Timestamp.from(Instant.EPOCH);

    private final MappingRegistry mappings;
    private final Store store;
    private final Clock clock;

    public OwnershipGuard(MappingRegistry mappings, Store store, Clock clock) {
        this.mappings = mappings;
        this.store = store;
        this.clock = clock;
    }

    /**
     * What of {@code record} may be written to the object {@code key} (the Odoo record it lands on, e.g.
     * {@code res.partner/41}; null for the record's own source id). {@code exists}: whether the object is there yet
     * (a creator may then write it all). Accepted fields' source time is recorded; refusals are logged with why.
     */
    public Admission admit(CanonicalRecord record, String key, boolean exists) {
        Ownership.Decision decision = mappings.current().ownership().decide(record, exists);
        String objectKey = key != null ? key : record.origin().sourceSystem() + ":" + record.origin().sourceId();
        Map<String, String> refused = new LinkedHashMap<>(decision.refused());
        Set<String> accepted = new TreeSet<>();
        if (decision.acceptsAnything()) {
            for (String field : decision.accepted()) {
                seed(decision.object(), objectKey, field);
            }
            store.inTransaction(c -> {
                for (String field : decision.accepted()) {
                    String stale = advance(c, decision.object(), objectKey, field, record);
                    if (stale == null) {
                        accepted.add(field);
                    } else {
                        refused.put(field, stale);
                    }
                }
                return null;
            });
        }
        if (!refused.isEmpty()) {
            LOG.info("{} {} {} ({} v{}) to {} {}: refused {}", record.origin().sourceSystem(), record.getClass().getSimpleName(),
                    record.origin().sourceId(), record.origin().mapping(), record.origin().mappingVersion(), decision.object(), objectKey,
                    refused);
        }
        return new Admission(decision.object(), objectKey, Set.copyOf(accepted), Map.copyOf(refused), decision.creates());
    }

    /**
     * {@link #admit}, for flows where a record that may change nothing is an error: throws {@link OwnershipViolation}
     * with every field's reason then.
     */
    public Admission require(CanonicalRecord record, String key, boolean exists) {
        Admission a = admit(record, key, exists);
        if (!a.acceptsAnything()) {
            throw new OwnershipViolation(a.object(), a.key(), a.refused());
        }
        return a;
    }

    /** The row every later change compares with; inserted once, the first change moves it forward. */
    private void seed(String object, String key, String field) {
        try (Connection c = store.dataSource().getConnection();
                PreparedStatement ps = c.prepareStatement("INSERT INTO ownership_watermark (object_type, object_key, field_name,"
                        + " source_system, source_id, source_time, recorded_at) VALUES (?, ?, ?, '', '', ?, ?)")) {
            ps.setString(1, object);
            ps.setString(2, key);
            ps.setString(3, field);
            ps.setTimestamp(4, NEVER);
            ps.setTimestamp(5, Timestamp.from(clock.instant()));
            ps.executeUpdate();
        } catch (SQLException ex) {
            if (!"23505".equals(ex.getSQLState())) {
                throw new IllegalStateException("Cannot record ownership of " + object + " " + key + "." + field + ": " + ex.getMessage(), ex);
            }
        }
    }

    /** Moves the field's watermark to this change unless a newer one is there; returns why not, or null. */
    private String advance(Connection c, String object, String key, String field, CanonicalRecord record) throws SQLException {
        Timestamp at = Timestamp.from(record.origin().occurredAt());
        try (PreparedStatement ps = c.prepareStatement("UPDATE ownership_watermark SET source_system = ?, source_id = ?, source_time = ?,"
                + " recorded_at = ? WHERE object_type = ? AND object_key = ? AND field_name = ? AND source_time <= ?")) {
            ps.setString(1, record.origin().sourceSystem());
            ps.setString(2, record.origin().sourceId());
            ps.setTimestamp(3, at);
            ps.setTimestamp(4, Timestamp.from(clock.instant()));
            ps.setString(5, object);
            ps.setString(6, key);
            ps.setString(7, field);
            ps.setTimestamp(8, at);
            if (ps.executeUpdate() == 1) {
                return null;
            }
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT source_system, source_time FROM ownership_watermark"
                + " WHERE object_type = ? AND object_key = ? AND field_name = ?")) {
            ps.setString(1, object);
            ps.setString(2, key);
            ps.setString(3, field);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return "stale: " + rs.getString(1) + " changed " + object + "." + field + " at " + rs.getTimestamp(2).toInstant()
                        + ", after this change of " + record.origin().occurredAt();
            }
        }
    }
}
