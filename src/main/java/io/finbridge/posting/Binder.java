package io.finbridge.posting;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.finbridge.store.Columns;
import io.finbridge.store.Store;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The binder (the role of OCA's connector binder): source record to Odoo record, kept in Finbridge's store. It is
 * the one place that knows which Odoo record a source record became; nothing else looks that up. Flows reach it
 * through {@link PostingBatches}, which also searches Odoo by the natural key when the binder has no answer.
 */
public final class Binder {

    public static final String BEAN_NAME = "binder";
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(com.fasterxml.jackson.databind.DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() { };

    private final Store store;
    private final Clock clock;

    public Binder(Store store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    public Optional<Binding> find(BindingKey key) {
        return Optional.ofNullable(findAll(List.of(key)).get(key));
    }

    /** The bindings of those keys that have one. */
    public Map<BindingKey, Binding> findAll(Collection<BindingKey> keys) {
        Map<BindingKey, Binding> out = new LinkedHashMap<>();
        if (keys.isEmpty()) {
            return out;
        }
        store.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT odoo_model, odoo_id, natural_key, odoo_state, source_version, "
                    + "written_values FROM odoo_binding WHERE source = ? AND object_type = ? AND source_id = ? AND entity = ?")) {
                for (BindingKey k : keys) {
                    ps.setString(1, k.source());
                    ps.setString(2, k.objectType());
                    ps.setString(3, k.sourceId());
                    ps.setString(4, k.entity());
                    try (ResultSet rs = ps.executeQuery()) {
                        if (rs.next()) {
                            out.put(k, new Binding(k, rs.getString(1), rs.getInt(2), rs.getString(3), rs.getString(4),
                                    rs.getString(5), values(rs.getString(6))));
                        }
                    }
                }
            }
            return null;
        });
        return out;
    }

    /** The source records bound to one Odoo record (e.g. a partner that is a Shopify and a Stripe customer). */
    public List<BindingKey> boundTo(String model, int odooId) {
        return store.inTransaction(c -> {
            List<BindingKey> keys = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT source, object_type, source_id, entity FROM odoo_binding "
                    + "WHERE odoo_model = ? AND odoo_id = ? ORDER BY bound_at")) {
                ps.setString(1, model);
                ps.setInt(2, odooId);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        keys.add(new BindingKey(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)));
                    }
                }
            }
            return keys;
        });
    }

    /** Records (or replaces) bindings, all in one transaction. */
    public void bindAll(Collection<Binding> bindings) {
        if (bindings.isEmpty()) {
            return;
        }
        store.inTransaction(c -> {
            for (Binding b : bindings) {
                bind(c, b);
            }
            return null;
        });
    }

    public void bind(Binding b) {
        bindAll(List.of(b));
    }

    private void bind(Connection c, Binding b) throws SQLException {
        Timestamp now = Timestamp.from(clock.instant());
        try (PreparedStatement up = c.prepareStatement("UPDATE odoo_binding SET odoo_model = ?, odoo_id = ?, natural_key = ?, "
                + "odoo_state = ?, source_version = ?, written_values = ?, updated_at = ? "
                + "WHERE source = ? AND object_type = ? AND source_id = ? AND entity = ?")) {
            up.setString(1, b.model());
            up.setInt(2, b.odooId());
            up.setString(3, Columns.fit(b.naturalKey(), 400));
            up.setString(4, b.odooState());
            up.setString(5, b.sourceVersion());
            up.setString(6, json(b.writtenValues()));
            up.setTimestamp(7, now);
            up.setString(8, b.key().source());
            up.setString(9, b.key().objectType());
            up.setString(10, b.key().sourceId());
            up.setString(11, b.key().entity());
            if (up.executeUpdate() == 1) {
                return;
            }
        }
        try (PreparedStatement ins = c.prepareStatement("INSERT INTO odoo_binding (source, object_type, source_id, entity, "
                + "odoo_model, odoo_id, natural_key, odoo_state, source_version, written_values, bound_at, updated_at) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            ins.setString(1, b.key().source());
            ins.setString(2, b.key().objectType());
            ins.setString(3, b.key().sourceId());
            ins.setString(4, b.key().entity());
            ins.setString(5, b.model());
            ins.setInt(6, b.odooId());
            ins.setString(7, Columns.fit(b.naturalKey(), 400));
            ins.setString(8, b.odooState());
            ins.setString(9, b.sourceVersion());
            ins.setString(10, json(b.writtenValues()));
            ins.setTimestamp(11, now);
            ins.setTimestamp(12, now);
            ins.executeUpdate();
        }
    }

    private static String json(Map<String, Object> values) {
        try {
            return values.isEmpty() ? null : JSON.writeValueAsString(values);
        } catch (JsonProcessingException ex) {
            throw new IllegalArgumentException("binding values are not serializable: " + ex.getOriginalMessage(), ex);
        }
    }

    private static Map<String, Object> values(String json) {
        if (json == null || json.isBlank()) {
            return Map.of();
        }
        try {
            return JSON.readValue(json, MAP);
        } catch (JsonProcessingException ex) {
            return Map.of();
        }
    }
}
