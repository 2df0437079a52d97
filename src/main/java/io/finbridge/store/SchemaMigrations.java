package io.finbridge.store;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A small versioned migration runner: the scripts below run once each, in order, the same SQL on H2 and PostgreSQL.
 * An applied script is fingerprinted; editing it afterwards stops start-up instead of drifting silently. Several
 * instances starting together on PostgreSQL take an advisory lock so only one migrates.
 *
 * <p>Where the two databases cannot share a statement (triggers), a script has a companion named
 * {@code V00n__name.h2.sql} or {@code V00n__name.postgresql.sql}, applied right after it in the same transaction.
 */
final class SchemaMigrations {

    /** Append only. A released script is never edited: add the next one. */
    static final List<String> SCRIPTS = List.of(
            "V001__foundation.sql",
            "V002__inbound.sql",
            "V003__canonical.sql",
            "V004__inbox_id_cache.sql",
            "V005__retention.sql",
            "V006__receipt_chain.sql",
            "V010__posting.sql",
            "V020__revenue.sql",
            "V021__usage.sql");

    private static final Logger LOG = LoggerFactory.getLogger(SchemaMigrations.class);
    private static final long PG_LOCK_KEY = 0x46696e6272696467L; // "Finbridg"

    private final DataSource dataSource;
    private final Dialect dialect;

    SchemaMigrations(DataSource dataSource, Dialect dialect) {
        this.dataSource = dataSource;
        this.dialect = dialect;
    }

    void migrate() {
        try (Connection c = dataSource.getConnection()) {
            lock(c);
            try {
                createHistory(c);
                Map<Integer, String> applied = applied(c);
                int newest = applied.keySet().stream().mapToInt(Integer::intValue).max().orElse(0);
                if (newest > version(SCRIPTS.get(SCRIPTS.size() - 1))) {
                    throw new StoreException("The store was migrated by a newer Finbridge (schema version " + newest
                            + ", this build knows up to " + version(SCRIPTS.get(SCRIPTS.size() - 1))
                            + "). Run that version again, or restore the backup taken before the upgrade.");
                }
                for (String script : SCRIPTS) {
                    int version = version(script);
                    String sql = read(script) + readOptional(companion(script));
                    String checksum = sha256(sql);
                    String done = applied.get(version);
                    if (done != null) {
                        if (!done.equals(checksum)) {
                            throw new StoreException("Migration " + script + " was changed after it was applied; add a new migration instead");
                        }
                        continue;
                    }
                    apply(c, script, version, sql, checksum);
                }
            } finally {
                unlock(c);
            }
        } catch (SQLException ex) {
            throw new StoreException("Schema migration failed: " + ex.getMessage(), ex);
        }
    }

    private void apply(Connection c, String script, int version, String sql, String checksum) throws SQLException {
        boolean auto = c.getAutoCommit();
        c.setAutoCommit(false);
        try (Statement st = c.createStatement()) {
            for (String statement : statements(sql)) {
                try {
                    st.execute(statement);
                } catch (SQLException ex) {
                    throw new SQLException(script + ": " + ex.getMessage() + " in statement: " + statement, ex);
                }
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO finbridge_schema_history (version, script, checksum, applied_at) VALUES (?, ?, ?, CURRENT_TIMESTAMP)")) {
                ps.setInt(1, version);
                ps.setString(2, script);
                ps.setString(3, checksum);
                ps.executeUpdate();
            }
            c.commit();
            LOG.info("Store schema migrated to {}", script);
        } catch (SQLException | RuntimeException ex) {
            c.rollback();
            throw ex;
        } finally {
            c.setAutoCommit(auto);
        }
    }

    private static void createHistory(Connection c) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute("CREATE TABLE IF NOT EXISTS finbridge_schema_history ("
                    + " version INTEGER PRIMARY KEY,"
                    + " script VARCHAR(200) NOT NULL,"
                    + " checksum VARCHAR(64) NOT NULL,"
                    + " applied_at TIMESTAMP WITH TIME ZONE NOT NULL)");
        }
    }

    private static Map<Integer, String> applied(Connection c) throws SQLException {
        Map<Integer, String> out = new HashMap<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT version, checksum FROM finbridge_schema_history")) {
            while (rs.next()) {
                out.put(rs.getInt(1), rs.getString(2));
            }
        }
        return out;
    }

    private void lock(Connection c) throws SQLException {
        if (dialect == Dialect.POSTGRESQL) {
            try (PreparedStatement ps = c.prepareStatement("SELECT pg_advisory_lock(?)")) {
                ps.setLong(1, PG_LOCK_KEY);
                ps.execute();
            }
        }
    }

    private void unlock(Connection c) throws SQLException {
        if (dialect == Dialect.POSTGRESQL) {
            try (PreparedStatement ps = c.prepareStatement("SELECT pg_advisory_unlock(?)")) {
                ps.setLong(1, PG_LOCK_KEY);
                ps.execute();
            }
        }
    }

    static int version(String script) {
        return Integer.parseInt(script.substring(1, script.indexOf("__")));
    }

    /**
     * Statements end with a semicolon at the end of a line; comments are whole lines starting with --. Inside a
     * PostgreSQL dollar-quoted body ($$ ... $$) semicolons do not end the statement.
     */
    static List<String> statements(String sql) {
        List<String> out = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean inDollarQuote = false;
        for (String line : sql.split("\n")) {
            String trimmed = line.strip();
            if (!inDollarQuote && (trimmed.isEmpty() || trimmed.startsWith("--"))) {
                continue;
            }
            current.append(line).append('\n');
            if ((line.split("\\$\\$", -1).length - 1) % 2 == 1) {
                inDollarQuote = !inDollarQuote;
            }
            if (!inDollarQuote && trimmed.endsWith(";")) {
                String s = current.toString().strip();
                out.add(s.substring(0, s.length() - 1));
                current.setLength(0);
            }
        }
        if (!current.toString().isBlank()) {
            out.add(current.toString().strip());
        }
        return out;
    }

    private String companion(String script) {
        return script.replace(".sql", "." + dialect.name().toLowerCase(java.util.Locale.ROOT) + ".sql");
    }

    private static String readOptional(String script) {
        try (InputStream in = SchemaMigrations.class.getResourceAsStream("/db/migration/" + script)) {
            return in == null ? "" : "\n" + new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException ex) {
            throw new StoreException("Cannot read migration " + script, ex);
        }
    }

    private static String read(String script) {
        try (InputStream in = SchemaMigrations.class.getResourceAsStream("/db/migration/" + script)) {
            if (in == null) {
                throw new StoreException("Migration script missing from the build: " + script);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException ex) {
            throw new StoreException("Cannot read migration " + script, ex);
        }
    }

    private static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException(ex);
        }
    }
}
