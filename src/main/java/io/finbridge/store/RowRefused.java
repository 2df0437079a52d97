package io.finbridge.store;

import java.sql.SQLException;
import java.util.Optional;

/**
 * Whether a failed write failed because of the values of a row (SQLSTATE class 22, data exception: a value too long,
 * a character the encoding refuses; class 23, a constraint) rather than because the store is unreachable or
 * overloaded. A row the store refuses is the sender's to fix and fails only its own request; anything else is the
 * store's and worth a retry later. What the store said stays in the log: its message quotes the SQL and the values.
 */
public final class RowRefused {

    private RowRefused() {
    }

    /** The SQLSTATE of the first {@link SQLException} in the causes, if any. */
    public static Optional<String> sqlState(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && sql.getSQLState() != null) {
                return Optional.of(sql.getSQLState());
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return Optional.empty();
    }

    /** True when the store refused a row's values (class 22 or 23). */
    public static boolean byValues(Throwable failure) {
        return sqlState(failure).filter(s -> s.startsWith("22") || s.startsWith("23")).isPresent();
    }

    /** True when writing the same rows again, in other company, may succeed: values refused, a deadlock, a serialization failure. */
    public static boolean worthSplitting(Throwable failure) {
        return byValues(failure) || sqlState(failure).filter(s -> s.startsWith("40")).isPresent();
    }

    /** What to tell the sender about a row refused by its values: the kind of problem, never the store's own words. */
    public static String reason(Throwable failure) {
        String state = sqlState(failure).orElse("");
        if (state.equals("22001")) {
            return "a value is longer than the store keeps";
        }
        if (state.equals("22021") || state.equals("22P05")) {
            return "a value has characters the store cannot keep";
        }
        if (state.startsWith("23")) {
            return "a value breaks one of the store's rules";
        }
        return "a value the store cannot keep";
    }
}
