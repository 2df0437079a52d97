package io.finbridge.posting;

import io.finbridge.store.Dialect;
import io.finbridge.store.Store;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Leases on posting keys, one holder at a time across threads and instances sharing the store: whoever posts a key
 * (creates the Odoo record of a binding key, or matches a customer's email) holds its lease while it searches and
 * creates in Odoo. A lease is a row in {@code posting_lock}; the database's conditional update decides who gets it.
 * No transaction stays open while Odoo is called.
 *
 * <p>A lease ends when its holder releases it, when its time is up, or when its instance is gone (on H2, which one
 * process owns, any other instance; on PostgreSQL, one without a heartbeat for the stale-claim time), so a crash
 * never blocks a key for long. Keys are taken in sorted order and a holder that cannot get them all within the wait
 * gives back what it took, so two holders never wait for each other in a circle.
 */
public final class PostingLocks {

    private final Store store;
    private final Supplier<String> instanceId;
    private final Clock clock;
    private final Duration lease;
    private final Duration staleInstance;

    /** What a holder holds, and which of its keys were never taken before (no earlier attempt can have written them). */
    public record Lease(String token, Set<String> keys, Set<String> fresh) {
        public boolean isFresh(String key) {
            return fresh.contains(key);
        }
    }

    public PostingLocks(Store store, Supplier<String> instanceId, Clock clock, Duration lease, Duration staleInstance) {
        this.store = store;
        this.instanceId = instanceId;
        this.clock = clock;
        this.lease = lease;
        this.staleInstance = staleInstance;
    }

    /**
     * Takes every key, waiting up to {@code maxWait} for holders to finish.
     *
     * @throws KeyBusyException when a key is still held by someone else after the wait (retryable)
     */
    public Lease acquire(Collection<String> keys, Duration maxWait) {
        return acquire(keys, maxWait, null);
    }

    /** As {@link #acquire(Collection, Duration)}, under a token already held (one batch's leases are one token). */
    public Lease acquire(Collection<String> keys, Duration maxWait, String heldToken) {
        String token = heldToken != null ? heldToken : UUID.randomUUID().toString();
        TreeSet<String> sorted = new TreeSet<>(keys);
        Set<String> held = new LinkedHashSet<>();
        Set<String> fresh = new LinkedHashSet<>();
        Instant deadline = clock.instant().plus(maxWait);
        long pause = 10;
        for (String key : sorted) {
            while (true) {
                Take t = take(key, token);
                if (t != Take.BUSY) {
                    held.add(key);
                    if (t == Take.FRESH) {
                        fresh.add(key);
                    }
                    break;
                }
                if (clock.instant().isAfter(deadline)) {
                    release(new Lease(token, held, fresh));
                    throw new KeyBusyException(key, maxWait);
                }
                sleep(pause);
                pause = Math.min(pause * 2, 200);
            }
        }
        return new Lease(token, Set.copyOf(held), Set.copyOf(fresh));
    }

    public void release(Lease lease) {
        if (lease == null || lease.keys().isEmpty()) {
            return;
        }
        store.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE posting_lock SET holder_instance = NULL, holder_token = NULL, "
                    + "held_until = NULL WHERE lock_key = ? AND holder_token = ?")) {
                for (String key : lease.keys()) {
                    ps.setString(1, key);
                    ps.setString(2, lease.token());
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            return null;
        });
    }

    private enum Take { FRESH, TAKEN, BUSY }

    private Take take(String key, String token) {
        Instant now = clock.instant();
        Timestamp until = Timestamp.from(now.plus(lease));
        if (insert(key, token, now, until)) {
            return Take.FRESH;
        }
        return store.inTransaction(c -> {
            String sql = "UPDATE posting_lock SET holder_instance = ?, holder_token = ?, held_until = ? WHERE lock_key = ? "
                    + "AND (holder_token IS NULL OR held_until < ? OR " + gone() + ")";
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setString(1, instanceId.get());
                ps.setString(2, token);
                ps.setTimestamp(3, until);
                ps.setString(4, key);
                ps.setTimestamp(5, Timestamp.from(now));
                ps.setString(6, instanceId.get());
                if (store.dialect() != Dialect.H2) {
                    ps.setTimestamp(7, Timestamp.from(now.minus(staleInstance)));
                }
                return ps.executeUpdate() == 1 ? Take.TAKEN : Take.BUSY;
            }
        });
    }

    /** The holder's instance is gone: on H2 any other instance (one process owns the file), else one without a heartbeat. */
    private String gone() {
        return store.dialect() == Dialect.H2
                ? "holder_instance <> ?"
                : "(holder_instance <> ? AND holder_instance NOT IN (SELECT instance_id FROM runtime_instance WHERE heartbeat_at > ?))";
    }

    private boolean insert(String key, String token, Instant now, Timestamp until) {
        try (Connection c = store.dataSource().getConnection();
                PreparedStatement ps = c.prepareStatement("INSERT INTO posting_lock (lock_key, holder_instance, holder_token, "
                        + "held_until, first_claimed_at) VALUES (?, ?, ?, ?, ?)")) {
            ps.setString(1, key);
            ps.setString(2, instanceId.get());
            ps.setString(3, token);
            ps.setTimestamp(4, until);
            ps.setTimestamp(5, Timestamp.from(now));
            return ps.executeUpdate() == 1;
        } catch (SQLException ex) {
            if ("23505".equals(ex.getSQLState())) {
                return false; // the key was taken before: its row is there to take over
            }
            throw new io.finbridge.store.StoreException("Cannot take the posting lease on " + key + ": " + ex.getMessage(), ex);
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new KeyBusyException("interrupted", Duration.ZERO);
        }
    }
}
