package io.finbridge.store;

/** The two databases Finbridge runs on. One schema, the few statements that differ are chosen here. */
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

    /**
     * H2 is run in PostgreSQL mode so that the same SQL works on both; the settings are appended unless the URL
     * already says otherwise.
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
        return url.toString();
    }
}
