package io.finbridge.inbound;

import io.finbridge.testing.TestStores;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The same deliveries on PostgreSQL, the production store, where a failed statement aborts the whole transaction and
 * the store's own rules (SQLSTATE 23514 for the check constraint, 42P01 for the missing table) differ from H2's.
 */
class WebhookValidationOnPostgresqlTest extends WebhookValidationTest {

    static String url;

    @BeforeAll
    static void start() throws Exception {
        url = TestStores.postgresSchema();
        startOn(url);
    }

    @AfterAll
    static void stop() {
        if (fb != null) {
            fb.close();
        }
        TestStores.dropPostgresSchema(url);
    }
}
