package io.finbridge.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.finbridge.testing.TestStores;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** The same schema and behaviour on H2 (embedded default) and PostgreSQL 15 (production). */
class StoreTest {

    private static String url(String db) {
        return db.equals("h2") ? TestStores.h2() : TestStores.postgresSchema();
    }

    private static Store open(String url) {
        return Store.open(url, url.startsWith("jdbc:postgresql") ? TestStores.PG_USER : "", "", 4);
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void migrationsCreateTheSchemaOnceAndAreRecorded(String db) throws Exception {
        String url = url(db);
        try {
            try (Store store = open(url)) {
                assertThat(store.isReachable()).isTrue();
            }
            try (Store again = open(url); Connection c = again.dataSource().getConnection(); Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT version, script FROM finbridge_schema_history ORDER BY version")) {
                int n = 0;
                while (rs.next()) {
                    assertThat(rs.getString(2)).isEqualTo(SchemaMigrations.SCRIPTS.get(n));
                    n++;
                }
                assertThat(n).isEqualTo(SchemaMigrations.SCRIPTS.size());
            }
        } finally {
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
            st.execute("INSERT INTO finbridge_schema_history VALUES (999, 'V999__future.sql', 'x', CURRENT_TIMESTAMP)");
        }
        assertThatThrownBy(() -> open(url)).isInstanceOf(StoreException.class)
                .hasMessageContaining("newer Finbridge").hasMessageContaining("999");
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

    @Test
    void dollarQuotedBodiesStayOneStatement() {
        List<String> st = SchemaMigrations.statements("""
                -- comment
                CREATE TABLE a (x INT);
                CREATE FUNCTION f() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    RAISE EXCEPTION 'no';
                END;
                $$;
                CREATE TRIGGER t BEFORE UPDATE ON a FOR EACH ROW EXECUTE FUNCTION f();
                """);
        assertThat(st).hasSize(3);
        assertThat(st.get(1)).contains("RAISE EXCEPTION 'no';").endsWith("$$");
    }
}
