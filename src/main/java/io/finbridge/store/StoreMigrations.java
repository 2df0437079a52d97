package io.finbridge.store;

import java.util.Arrays;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationState;

/**
 * The store's schema, migrated by Flyway at open: the scripts in {@code db/migration} run on both databases, those in
 * {@code db/vendor/h2} or {@code db/vendor/postgresql} only on theirs (a companion of {@code V002} is {@code V002.1}).
 * Flyway validates the checksum of every applied script before migrating (an edited script stops start-up instead of
 * drifting silently) and takes its own lock, so that of several instances starting together only one migrates.
 */
final class StoreMigrations {

    /** Where the scripts shared by both databases live; a plain {@code V005__name.sql} put here just works. */
    static final String COMMON = "db/migration";
    /** Flyway's history table, in the store's own schema (PostgreSQL: the URL's currentSchema). */
    static final String HISTORY = "flyway_schema_history";

    private StoreMigrations() {
    }

    static void migrate(DataSource dataSource, Dialect dialect) {
        Flyway flyway = flyway(dataSource, dialect);
        try {
            PreFlywayHistory.transfer(dataSource, dialect, flyway);
            refuseNewerStore(flyway);
            flyway.migrate();
        } catch (FlywayException ex) {
            throw new StoreException("Schema migration failed: " + ex.getMessage(), ex);
        }
    }

    static Flyway flyway(DataSource dataSource, Dialect dialect) {
        return Flyway.configure(StoreMigrations.class.getClassLoader())
                .dataSource(dataSource)
                .locations("classpath:" + COMMON, "classpath:" + vendorLocation(dialect))
                .table(HISTORY)
                // branches number their scripts independently (V005 may land after V021): a store that has V021
                // gets V005 when it arrives, as Finbridge's runner before Flyway did
                .outOfOrder(true)
                // a taken-over store's history starts with this marker (PreFlywayHistory)
                .baselineVersion("0")
                .baselineDescription("Finbridge store before Flyway")
                .validateMigrationNaming(true)
                .failOnMissingLocations(true)
                .cleanDisabled(true)
                .load();
    }

    static String vendorLocation(Dialect dialect) {
        return "db/vendor/" + dialect.vendor();
    }

    /** Flyway lets an older build run on a newer schema; Finbridge refuses, since its code may not fit the schema. */
    private static void refuseNewerStore(Flyway flyway) {
        String future = Arrays.stream(flyway.info().applied())
                .filter(m -> m.getState() == MigrationState.FUTURE_SUCCESS || m.getState() == MigrationState.FUTURE_FAILED)
                .map(MigrationInfo::getScript)
                .collect(Collectors.joining(", "));
        if (!future.isEmpty()) {
            throw newer(future);
        }
    }

    static StoreException newer(String scripts) {
        return new StoreException("The store was migrated by a newer Finbridge (" + scripts + " unknown to this build). "
                + "Run that version again, or restore the backup taken before the upgrade.");
    }
}
