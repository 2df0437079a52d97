package io.finbridge.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.finbridge.config.Settings;
import java.sql.Connection;
import java.sql.SQLException;
import java.nio.file.Path;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The JDBC store: a pooled DataSource on H2 (embedded default) or PostgreSQL (production, scale-out), with the schema
 * migrated at open. Inbox, idempotency keys, dead letters, audit trail and schedules live here.
 */
public final class Store implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Store.class);
    private final HikariDataSource dataSource;
    private final Dialect dialect;
    private Path compactAtClose;

    private Store(HikariDataSource dataSource, Dialect dialect) {
        this.dataSource = dataSource;
        this.dialect = dialect;
    }

    public static Store open(Settings settings) {
        String url = settings.get("finbridge.store.url");
        Store store = open(url,
                settings.get("finbridge.store.username", ""),
                settings.get("finbridge.store.password", ""),
                settings.getInt("finbridge.store.pool-size", 10));
        if (settings.getBoolean("finbridge.retention.compact-at-shutdown", true)) {
            store.compactAtClose = Dialect.h2File(url).orElse(null);
        }
        return store;
    }

    public static Store open(String url, String username, String password, int poolSize) {
        Dialect dialect = Dialect.of(url);
        HikariConfig config = new HikariConfig();
        config.setPoolName("finbridge-store");
        config.setJdbcUrl(dialect.normalize(url));
        if (username != null && !username.isBlank()) {
            config.setUsername(username);
        } else if (dialect == Dialect.H2) {
            config.setUsername("sa");
        }
        if (password != null && !password.isBlank()) {
            config.setPassword(password);
        }
        // Flyway holds one connection for its lock and migrates on another: a pool of one could never start
        config.setMaximumPoolSize(Math.max(2, poolSize));
        config.setMinimumIdle(Math.min(2, poolSize));
        config.setConnectionTimeout(10_000);
        // fail at start with the database's own reason rather than on the first webhook
        config.setInitializationFailTimeout(10_000);
        HikariDataSource ds;
        try {
            ds = new HikariDataSource(config);
        } catch (RuntimeException ex) {
            throw new StoreException("Cannot open the store at " + redact(url) + ": " + rootMessage(ex), ex);
        }
        Store store = new Store(ds, dialect);
        try {
            StoreMigrations.migrate(ds, dialect);
        } catch (RuntimeException ex) {
            ds.close();
            throw ex;
        }
        return store;
    }

    public DataSource dataSource() {
        return dataSource;
    }

    public Dialect dialect() {
        return dialect;
    }

    /** True when a connection can be had and answers within the timeout; used by the readiness check. */
    public boolean isReachable() {
        try (Connection c = dataSource.getConnection()) {
            return c.isValid(2);
        } catch (SQLException ex) {
            return false;
        }
    }

    /** Runs work in one transaction: committed if it returns, rolled back if it throws. */
    public <T> T inTransaction(SqlWork<T> work) {
        try (Connection c = dataSource.getConnection()) {
            boolean auto = c.getAutoCommit();
            c.setAutoCommit(false);
            try {
                T result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException ex) {
                c.rollback();
                throw ex;
            } finally {
                c.setAutoCommit(auto);
            }
        } catch (SQLException ex) {
            throw new StoreException("Store transaction failed: " + ex.getMessage(), ex);
        }
    }

    /**
     * Closes the pool. An H2 file store opened from settings with {@code finbridge.retention.compact-at-shutdown} is
     * first compacted: H2 reuses the space freed by purges and updates but never gives it back to the file system
     * while open; {@code SHUTDOWN COMPACT} rewrites the file with only its live pages (a few seconds per GB).
     */
    @Override
    public void close() {
        if (compactAtClose != null && !dataSource.isClosed()) {
            compact(compactAtClose);
        }
        dataSource.close();
    }

    private void compact(Path file) {
        long before = size(file);
        long started = System.nanoTime();
        try (Connection c = dataSource.getConnection(); java.sql.Statement st = c.createStatement()) {
            st.execute("SHUTDOWN COMPACT");
            LOG.info("H2 store compacted at shutdown: {} MB -> {} MB in {} ms", before >> 20, size(file) >> 20,
                    (System.nanoTime() - started) / 1_000_000);
        } catch (SQLException ex) {
            // the store closes as usual; the next shutdown compacts
            LOG.warn("H2 store not compacted at shutdown: {}", ex.getMessage());
        }
    }

    private static long size(Path file) {
        try {
            return java.nio.file.Files.size(file);
        } catch (java.io.IOException ex) {
            return -1;
        }
    }

    /** One unit of JDBC work. */
    @FunctionalInterface
    public interface SqlWork<T> {
        T run(Connection connection) throws SQLException;
    }

    /** A JDBC URL fit for a log line: a password given in it is masked. */
    public static String redact(String url) {
        return url.replaceAll("(?i)(password=)[^;&]*", "$1****");
    }

    private static String rootMessage(Throwable t) {
        Throwable c = t;
        while (c.getCause() != null && c.getCause() != c) {
            c = c.getCause();
        }
        return c.getMessage();
    }
}
