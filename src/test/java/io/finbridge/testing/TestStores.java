package io.finbridge.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import org.junit.jupiter.api.Assumptions;

/**
 * Stores for tests: a fresh H2 database, or a fresh schema in the machine's PostgreSQL 15 (127.0.0.1:5432, database
 * test, trust auth; FINBRIDGE_TEST_PG_URL overrides). On CI PostgreSQL must be there; elsewhere its tests are skipped
 * when it is not.
 */
public final class TestStores {

    public static final String PG_URL = System.getenv().getOrDefault("FINBRIDGE_TEST_PG_URL", "jdbc:postgresql://127.0.0.1:5432/test");
    public static final String PG_USER = System.getenv().getOrDefault("FINBRIDGE_TEST_PG_USER", "postgres");

    private TestStores() {
    }

    public static String h2() {
        return "jdbc:h2:mem:fb-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
    }

    public static String h2File(java.nio.file.Path dir) {
        return "jdbc:h2:file:" + dir.resolve("finbridge").toAbsolutePath();
    }

    /** Creates an empty schema and returns a URL that works in it. */
    public static String postgresSchema() {
        String schema = "fb_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        try (Connection c = DriverManager.getConnection(PG_URL, PG_USER, ""); Statement st = c.createStatement()) {
            st.execute("CREATE SCHEMA " + schema);
        } catch (SQLException ex) {
            if ("true".equals(System.getenv("CI"))) {
                throw new IllegalStateException("PostgreSQL is required on CI: " + ex.getMessage(), ex);
            }
            Assumptions.abort("PostgreSQL not reachable at " + PG_URL + ": " + ex.getMessage());
        }
        return PG_URL + (PG_URL.contains("?") ? "&" : "?") + "currentSchema=" + schema;
    }

    public static void dropPostgresSchema(String url) {
        int i = url.indexOf("currentSchema=");
        if (i < 0) {
            return;
        }
        String schema = url.substring(i + "currentSchema=".length()).split("&")[0];
        try (Connection c = DriverManager.getConnection(PG_URL, PG_USER, ""); Statement st = c.createStatement()) {
            st.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        } catch (SQLException ex) {
            // a leftover schema costs nothing but space; the next run uses a new name
        }
    }
}
