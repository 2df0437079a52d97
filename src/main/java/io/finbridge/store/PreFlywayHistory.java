package io.finbridge.store;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes over a store migrated by Finbridge's own runner before Flyway: each version in its history table
 * ({@code finbridge_schema_history}: version, script, SHA-256 of the script and its vendor companion, applied_at)
 * becomes Flyway's record of the same scripts, so Flyway runs only what the store has not had yet. Nothing in the
 * store is changed but the history: the old table is kept, renamed, and a store whose scripts differ from this
 * build's is refused, as the old runner refused it.
 */
final class PreFlywayHistory {

    static final String TABLE = "finbridge_schema_history";
    static final String KEPT_AS = "finbridge_schema_history_before_flyway";

    private static final Logger LOG = LoggerFactory.getLogger(PreFlywayHistory.class);
    // the old runner's advisory lock key ("Finbridg"): an old and a new instance starting together take turns
    private static final long PG_LOCK_KEY = 0x46696e6272696467L;

    private PreFlywayHistory() {
    }

    static void transfer(DataSource dataSource, Dialect dialect, Flyway flyway) {
        try (Connection c = dataSource.getConnection()) {
            lock(c, dialect, "pg_advisory_lock");
            try {
                if (!exists(c, TABLE)) {
                    return;
                }
                Map<Integer, Applied> applied = applied(c);
                Map<Integer, List<MigrationInfo>> scripts = byMajorVersion(flyway.info().all());
                List<MigrationInfo> transferred = new ArrayList<>();
                for (Map.Entry<Integer, Applied> old : applied.entrySet()) {
                    List<MigrationInfo> same = scripts.get(old.getKey());
                    if (same == null) {
                        throw StoreMigrations.newer("version " + old.getKey());
                    }
                    if (!fingerprint(same, dialect).equals(old.getValue().checksum())) {
                        throw new StoreException("Migration " + same.get(0).getScript() + " was changed after it was "
                                + "applied to this store; add a new migration instead");
                    }
                    transferred.addAll(same);
                }
                if (!exists(c, StoreMigrations.HISTORY)) {
                    flyway.baseline();
                }
                record(c, transferred, applied);
                LOG.info("Store taken over by Flyway: {} scripts of the runner before it recorded; its history kept as {}",
                        transferred.size(), KEPT_AS);
            } finally {
                lock(c, dialect, "pg_advisory_unlock");
            }
        } catch (SQLException ex) {
            throw new StoreException("Taking over the store's migration history failed: " + ex.getMessage(), ex);
        }
    }

    /** The Flyway rows and the renaming in one transaction: a crash in between leaves the old table to start again. */
    private static void record(Connection c, List<MigrationInfo> scripts, Map<Integer, Applied> applied) throws SQLException {
        boolean auto = c.getAutoCommit();
        c.setAutoCommit(false);
        try (Statement st = c.createStatement()) {
            int rank;
            try (ResultSet rs = st.executeQuery("SELECT COALESCE(MAX(installed_rank), 0) FROM " + StoreMigrations.HISTORY)) {
                rs.next();
                rank = rs.getInt(1);
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + StoreMigrations.HISTORY
                    + " (installed_rank, version, description, type, script, checksum, installed_by, installed_on,"
                    + " execution_time, success) VALUES (?, ?, ?, 'SQL', ?, ?, ?, ?, 0, TRUE)")) {
                for (MigrationInfo m : scripts) {
                    ps.setInt(1, ++rank);
                    ps.setString(2, m.getVersion().getVersion());
                    ps.setString(3, m.getDescription());
                    ps.setString(4, m.getScript());
                    ps.setInt(5, m.getChecksum());
                    ps.setString(6, "finbridge (before Flyway)");
                    ps.setTimestamp(7, applied.get(m.getVersion().getMajor().intValueExact()).at());
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            st.execute("ALTER TABLE " + TABLE + " RENAME TO " + KEPT_AS);
            c.commit();
        } catch (SQLException | RuntimeException ex) {
            c.rollback();
            throw ex;
        } finally {
            c.setAutoCommit(auto);
        }
    }

    /** Flyway's scripts grouped as the old runner ran them: {@code V002} and its vendor companion {@code V002.1}. */
    private static Map<Integer, List<MigrationInfo>> byMajorVersion(MigrationInfo[] all) {
        Map<Integer, List<MigrationInfo>> out = new TreeMap<>();
        for (MigrationInfo m : all) {
            if (m.isVersioned() && m.getVersion().getMajor().compareTo(BigInteger.ZERO) > 0) {
                out.computeIfAbsent(m.getVersion().getMajor().intValueExact(), v -> new ArrayList<>()).add(m);
            }
        }
        return out;
    }

    /** What the old runner stored: SHA-256 of the shared script, then a newline and the vendor companion if any. */
    private static String fingerprint(List<MigrationInfo> scripts, Dialect dialect) {
        StringBuilder sql = new StringBuilder();
        for (MigrationInfo m : scripts) {
            boolean companion = m.getVersion().getVersion().contains(".");
            if (companion) {
                sql.append('\n');
            }
            sql.append(read((companion ? StoreMigrations.vendorLocation(dialect) : StoreMigrations.COMMON) + "/" + m.getScript()));
        }
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(sql.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException(ex);
        }
    }

    private static String read(String resource) {
        try (InputStream in = PreFlywayHistory.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new StoreException("Migration script missing from the build: " + resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException ex) {
            throw new StoreException("Cannot read migration " + resource, ex);
        }
    }

    /** One row of the old runner's history: what it fingerprinted and when. */
    private record Applied(String checksum, Timestamp at) {
    }

    private static Map<Integer, Applied> applied(Connection c) throws SQLException {
        Map<Integer, Applied> out = new TreeMap<>();
        try (Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT version, checksum, applied_at FROM " + TABLE)) {
            while (rs.next()) {
                out.put(rs.getInt(1), new Applied(rs.getString(2), rs.getTimestamp(3)));
            }
        }
        return out;
    }

    private static boolean exists(Connection c, String table) throws SQLException {
        try (ResultSet rs = c.getMetaData().getTables(null, c.getSchema(), table, new String[] {"TABLE"})) {
            return rs.next();
        }
    }

    /** PostgreSQL: instances sharing the store take turns; an embedded H2 file has one process anyway. */
    private static void lock(Connection c, Dialect dialect, String function) throws SQLException {
        if (dialect == Dialect.POSTGRESQL) {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + function + "(?)")) {
                ps.setLong(1, PG_LOCK_KEY);
                ps.execute();
            }
        }
    }
}
