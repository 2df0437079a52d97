package io.finbridge.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.finbridge.testing.TestStores;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A store created by the build before Flyway (its own runner, history in finbridge_schema_history) starts under
 * Flyway with its data. The fixtures are that build's stores with a little data, dumped by H2's SCRIPT and pg_dump.
 */
class PreFlywayStoreTest {

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void aStoreOfTheRunnerBeforeFlywayStartsWithItsData(String db) throws Exception {
        String url = oldStore(db);
        try {
            try (Store store = open(url)) {
                assertThat(query(store, "SELECT body FROM inbox_event WHERE event_id = '820982911946154508'"))
                        .isEqualTo("{\"id\":820982911946154508,\"total_price\":\"199.00\"}");
                assertThat(query(store, "SELECT odoo_id FROM odoo_binding WHERE source_id = '820982911946154508'")).isEqualTo("4711");
                assertThat(query(store, "SELECT last_seq FROM audit_head")).isEqualTo("1");
                assertThat(query(store, "SELECT COUNT(*) FROM " + PreFlywayHistory.KEPT_AS)).as("old history kept").isEqualTo("7");
                Map<String, Integer> history = StoreTest.history(store);
                assertThat(history).containsKeys("V001__foundation.sql", "V002__inbound.sql", "V002.1__inbound_append_only.sql",
                        "V021__usage.sql");
                assertThat(history.values()).allMatch(n -> n == 1);
                // what the old runner applied is not run again; only scripts newer than the old build's (V022 on) run
                assertThat(query(store, "SELECT COUNT(*) FROM flyway_schema_history WHERE installed_by <> 'finbridge (before Flyway)'"
                        + " AND type = 'SQL' AND script IN (SELECT script FROM " + PreFlywayHistory.KEPT_AS + ")")).as("nothing run again").isEqualTo("0");
                assertThat(StoreMigrations.flyway(store.dataSource(), store.dialect()).info().pending()).isEmpty();
                try (Connection c = store.dataSource().getConnection(); Statement st = c.createStatement()) {
                    assertThatThrownBy(() -> st.execute("DELETE FROM audit_log")).hasMessageContaining("append-only");
                }
            }
            try (Store again = open(url)) {
                assertThat(query(again, "SELECT COUNT(*) FROM inbox_event")).isEqualTo("1");
            }
        } finally {
            TestStores.dropPostgresSchema(url);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void aScriptTheOldStoreLacksIsRunByFlyway(String db) throws Exception {
        String url = oldStore(db);
        try {
            // a store of an older build still: V021 (usage) not applied yet
            try (Connection c = connect(url); Statement st = c.createStatement()) {
                st.execute("DELETE FROM finbridge_schema_history WHERE version = 21");
                for (String t : new String[] {"usage_message_processed", "usage_event", "usage_batch", "usage_rating",
                        "usage_group_lock", "usage_aggregation", "usage_aggregation_completed"}) {
                    st.execute("DROP TABLE " + t);
                }
            }
            try (Store store = open(url)) {
                assertThat(query(store, "SELECT installed_by FROM flyway_schema_history WHERE script = 'V021__usage.sql'"))
                        .isNotEqualTo("finbridge (before Flyway)");
                assertThat(query(store, "SELECT COUNT(*) FROM usage_event")).isEqualTo("0");
                assertThat(query(store, "SELECT COUNT(*) FROM inbox_event")).isEqualTo("1");
            }
        } finally {
            TestStores.dropPostgresSchema(url);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void anOldStoreWhoseScriptsDifferFromThisBuildIsRefusedAndLeftAsItWas(String db) throws Exception {
        String url = oldStore(db);
        try {
            try (Connection c = connect(url); Statement st = c.createStatement()) {
                st.execute("UPDATE finbridge_schema_history SET checksum = 'edited' WHERE version = 3");
            }
            assertThatThrownBy(() -> open(url)).isInstanceOf(StoreException.class)
                    .hasMessageContaining("V003__canonical.sql was changed after it was applied");
            try (Connection c = connect(url); Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM finbridge_schema_history")) {
                rs.next();
                assertThat(rs.getInt(1)).isEqualTo(7);
            }
        } finally {
            TestStores.dropPostgresSchema(url);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void anOldStoreOfANewerBuildIsRefused(String db) throws Exception {
        String url = oldStore(db);
        try {
            try (Connection c = connect(url); Statement st = c.createStatement()) {
                st.execute("INSERT INTO finbridge_schema_history VALUES (999, 'V999__future.sql', 'x', CURRENT_TIMESTAMP)");
            }
            assertThatThrownBy(() -> open(url)).isInstanceOf(StoreException.class)
                    .hasMessageContaining("newer Finbridge").hasMessageContaining("999");
        } finally {
            TestStores.dropPostgresSchema(url);
        }
    }

    /** A new database holding what the build before Flyway left: its schema, history and data. */
    private static String oldStore(String db) throws Exception {
        String url = db.equals("h2") ? TestStores.h2() : TestStores.postgresSchema();
        try (Connection c = connect(url); Statement st = c.createStatement()) {
            if (db.equals("h2")) {
                st.execute("RUNSCRIPT FROM 'classpath:/fixtures/store/pre-flyway-store.h2.sql'");
            } else {
                String schema = url.substring(url.indexOf("currentSchema=") + "currentSchema=".length());
                st.execute(fixture("pre-flyway-store.postgresql.sql").replace("${schema}", schema));
            }
        }
        return url;
    }

    private static Connection connect(String url) throws SQLException {
        return url.startsWith("jdbc:h2:")
                ? DriverManager.getConnection(Dialect.H2.normalize(url), "sa", "")
                : DriverManager.getConnection(url, TestStores.PG_USER, "");
    }

    private static Store open(String url) {
        return Store.open(url, url.startsWith("jdbc:postgresql") ? TestStores.PG_USER : "", "", 4);
    }

    private static String query(Store store, String sql) throws SQLException {
        try (Connection c = store.dataSource().getConnection(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static String fixture(String name) throws Exception {
        try (InputStream in = PreFlywayStoreTest.class.getResourceAsStream("/fixtures/store/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
