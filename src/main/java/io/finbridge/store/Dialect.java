package io.finbridge.store;

/**
 * The two databases Finbridge runs on: one schema, migrated by Flyway from {@code db/migration} plus the vendor's own
 * scripts in {@code db/vendor/<vendor>}; the runtime asks it where a statement differs (row locks that skip).
 */
public enum Dialect {
    H2,
    POSTGRESQL;

    public static Dialect of(String jdbcUrl) {
        if (jdbcUrl.startsWith("jdbc:h2:")) {
            return H2;
        }
        if (jdbcUrl.startsWith("jdbc:postgresql:")) {
            return POSTGRESQL;
        }
        throw new IllegalArgumentException("Unsupported store URL (use jdbc:h2:file:... or jdbc:postgresql://...): " + jdbcUrl);
    }

    /** The folder name of this database's own migration scripts, {@code db/vendor/<vendor>}. */
    public String vendor() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /**
     * H2 is run in PostgreSQL mode so that the same SQL works on both, flushing every commit, and closed by the
     * runtime rather than by its own shutdown hook; the settings are appended unless the URL already says otherwise.
     */
    public String normalize(String jdbcUrl) {
        if (this != H2) {
            return jdbcUrl;
        }
        StringBuilder url = new StringBuilder(jdbcUrl);
        String upper = jdbcUrl.toUpperCase(java.util.Locale.ROOT);
        if (!upper.contains(";MODE=")) {
            url.append(";MODE=PostgreSQL");
        }
        if (!upper.contains(";DATABASE_TO_LOWER=")) {
            url.append(";DATABASE_TO_LOWER=TRUE");
        }
        if (!upper.contains(";DEFAULT_NULL_ORDERING=")) {
            url.append(";DEFAULT_NULL_ORDERING=HIGH");
        }
        // an acknowledged webhook must survive kill -9: flush each commit instead of H2's default 500 ms delay
        if (!upper.contains(";WRITE_DELAY=")) {
            url.append(";WRITE_DELAY=0");
        }
        // the runtime closes the store itself after Camel has stopped; H2's own shutdown hook would close it earlier
        if (!upper.contains(";DB_CLOSE_ON_EXIT=")) {
            url.append(";DB_CLOSE_ON_EXIT=FALSE");
        }
        return url.toString();
    }

    /** The data file of an H2 file store ({@code jdbc:h2:file:./data/finbridge} is {@code ./data/finbridge.mv.db}). */
    public static java.util.Optional<java.nio.file.Path> h2File(String jdbcUrl) {
        String prefix = "jdbc:h2:file:";
        if (!jdbcUrl.startsWith(prefix)) {
            return java.util.Optional.empty();
        }
        String path = jdbcUrl.substring(prefix.length()).split(";", 2)[0];
        return java.util.Optional.of(java.nio.file.Path.of(path + ".mv.db"));
    }
}
