package io.finbridge.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.finbridge.testing.TestStores;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.Location;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** The same schema and behaviour on H2 (embedded default) and PostgreSQL 15 (production), migrated by Flyway. */
class StoreTest {

    private static String url(String db) {
        return db.equals("h2") ? TestStores.h2() : TestStores.postgresSchema();
    }

    private static Store open(String url) {
        return Store.open(url, url.startsWith("jdbc:postgresql") ? TestStores.PG_USER : "", "", 4);
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void flywayMigratesTheSchemaOnceWithTheVendorsOwnScripts(String db) throws Exception {
        String url = url(db);
        try {
            try (Store store = open(url)) {
                assertThat(store.isReachable()).isTrue();
            }
            try (Store again = open(url)) {
                Map<String, Integer> history = history(again);
                assertThat(history).containsKeys("V001__foundation.sql", "V002__inbound.sql", "V002.1__inbound_append_only.sql",
                        "V010__posting.sql", "V021__usage.sql");
                assertThat(history.values()).as("each script applied once, by the first start").allMatch(n -> n == 1);
                assertThat(history.containsKey("V004.1__inbox_id_cache.sql")).as("H2's own script").isEqualTo(db.equals("h2"));
                assertThat(StoreMigrations.flyway(again.dataSource(), again.dialect()).info().pending()).isEmpty();
            }
        } finally {
            TestStores.dropPostgresSchema(url);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void aScriptEditedAfterItWasAppliedStopsTheStart(String db) throws Exception {
        String url = url(db);
        try {
            try (Store store = open(url); Connection c = store.dataSource().getConnection(); Statement st = c.createStatement()) {
                // what editing V003 after it ran looks like to Flyway: the recorded checksum no longer matches the file
                st.executeUpdate("UPDATE flyway_schema_history SET checksum = checksum + 1 WHERE script = 'V003__canonical.sql'");
            }
            assertThatThrownBy(() -> open(url)).isInstanceOf(StoreException.class)
                    .hasMessageContaining("checksum mismatch").hasMessageContaining("003");
        } finally {
            TestStores.dropPostgresSchema(url);
        }
    }

    @Test
    void aScriptNumberedBelowTheNewestAppliedRunsWhenItArrives() throws Exception {
        String url = TestStores.h2();
        try (Store store = open(url)) {
            Flyway stock = StoreMigrations.flyway(store.dataSource(), store.dialect());
            List<String> locations = new ArrayList<>();
            for (Location l : stock.getConfiguration().getLocations()) {
                locations.add(l.getDescriptor());
            }
            locations.add("classpath:db/late");
            Flyway withLateScript = Flyway.configure(StoreTest.class.getClassLoader()).configuration(stock.getConfiguration())
                    .locations(locations.toArray(String[]::new)).load();
            assertThat(withLateScript.migrate().migrationsExecuted).isEqualTo(1);
            assertThat(history(store)).containsKey("V005__late_arrival.sql");
            try (Connection c = store.dataSource().getConnection(); Statement st = c.createStatement()) {
                st.execute("INSERT INTO late_arrival VALUES (1)");
            }
        }
    }

    @Test
    void instancesStartingTogetherMigrateThePostgresStoreOnce() throws Exception {
        String url = TestStores.postgresSchema();
        ExecutorService starts = Executors.newFixedThreadPool(3);
        try {
            List<Future<Store>> stores = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                stores.add(starts.submit(() -> open(url)));
            }
            List<Store> open = new ArrayList<>();
            for (Future<Store> f : stores) {
                open.add(f.get());
            }
            Map<String, Integer> history = history(open.get(0));
            assertThat(history).containsKey("V021__usage.sql");
            assertThat(history.values()).allMatch(n -> n == 1);
            open.forEach(Store::close);
        } finally {
            starts.shutdownNow();
            TestStores.dropPostgresSchema(url);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void theDatabaseRefusesToAlterOrDeleteAuditRows(String db) throws Exception {
        String url = url(db);
        try (Store store = open(url); Connection c = store.dataSource().getConnection(); Statement st = c.createStatement()) {
            st.execute("INSERT INTO audit_log (seq, recorded_at, kind, actor, detail, prev_hash, hash) "
                    + "VALUES (1, CURRENT_TIMESTAMP, 'TEST', 't', '{}', 'p', 'h')");
            assertThatThrownBy(() -> st.execute("UPDATE audit_log SET kind = 'X'")).hasMessageContaining("append-only");
            assertThatThrownBy(() -> st.execute("DELETE FROM audit_log")).hasMessageContaining("append-only");
        } finally {
            TestStores.dropPostgresSchema(url);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void aTransactionThatThrowsLeavesNothingBehind(String db) {
        String url = url(db);
        try (Store store = open(url)) {
            assertThatThrownBy(() -> store.inTransaction(c -> {
                try (Statement st = c.createStatement()) {
                    st.execute("INSERT INTO runtime_instance VALUES ('x', 'h', 'sandbox', 'v', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)");
                }
                throw new IllegalStateException("boom");
            })).hasMessage("boom");
            int rows = store.inTransaction(c -> {
                try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM runtime_instance")) {
                    rs.next();
                    return rs.getInt(1);
                }
            });
            assertThat(rows).isZero();
        } finally {
            TestStores.dropPostgresSchema(url);
        }
    }

    @Test
    void aStoreMigratedByANewerFinbridgeIsRefused() throws Exception {
        String url = TestStores.h2();
        try (Store store = open(url); Connection c = store.dataSource().getConnection(); Statement st = c.createStatement()) {
            st.execute("INSERT INTO flyway_schema_history (installed_rank, version, description, type, script, checksum,"
                    + " installed_by, execution_time, success) VALUES (999, '999', 'future', 'SQL', 'V999__future.sql', 1, 'x', 0, TRUE)");
        }
        assertThatThrownBy(() -> open(url)).isInstanceOf(StoreException.class)
                .hasMessageContaining("newer Finbridge").hasMessageContaining("V999__future.sql");
    }

    @Test
    void h2RunsInPostgresModeUnlessTheUrlSaysOtherwise() {
        assertThat(Dialect.H2.normalize("jdbc:h2:file:./data/x")).contains(";MODE=PostgreSQL").contains(";DATABASE_TO_LOWER=TRUE")
                .contains(";WRITE_DELAY=0").contains(";DB_CLOSE_ON_EXIT=FALSE");
        assertThat(Dialect.H2.normalize("jdbc:h2:file:./x;MODE=Oracle")).doesNotContain("MODE=PostgreSQL");
        assertThat(Dialect.POSTGRESQL.normalize("jdbc:postgresql://h/db")).isEqualTo("jdbc:postgresql://h/db");
    }

    @Test
    void anUnsupportedDatabaseIsNamed() {
        assertThatThrownBy(() -> Dialect.of("jdbc:mysql://h/db")).hasMessageContaining("jdbc:mysql://h/db");
    }

    /** Script -> how many times Flyway recorded it as applied. */
    static Map<String, Integer> history(Store store) throws Exception {
        Map<String, Integer> out = new TreeMap<>();
        try (Connection c = store.dataSource().getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT script FROM flyway_schema_history WHERE success AND type = 'SQL'")) {
            while (rs.next()) {
                out.merge(rs.getString(1), 1, Integer::sum);
            }
        }
        return out;
    }
}
