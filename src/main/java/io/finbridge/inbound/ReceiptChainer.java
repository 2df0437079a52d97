package io.finbridge.inbound;

import io.finbridge.audit.AuditEntry;
import io.finbridge.audit.AuditTrail;
import io.finbridge.store.Columns;
import io.finbridge.store.Store;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.camel.CamelContext;
import org.apache.camel.CamelContextAware;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Appends the {@code RECEIVED} audit row of every stored webhook, in a second step after the webhook was acknowledged:
 * the inbox writers commit rows without touching the audit chain, so that they never wait for its head lock (on
 * PostgreSQL, a WAL flush per batch held it), and this one thread chains what they stored, many receipts per
 * transaction, marking each row chained in the same transaction. A row stored but not chained (the process died in
 * between) is chained at the next start, before webhooks are taken. Workers claim only chained rows, so an event's
 * audit trail starts with its receipt, and instances sharing one database chain each receipt once: the head lock is
 * taken before the rows are read.
 */
public final class ReceiptChainer extends ServiceSupport implements CamelContextAware {

    private static final Logger LOG = LoggerFactory.getLogger(ReceiptChainer.class);
    static final int BATCH = 500;
    /**
     * How long a nudge waits before chaining: nothing waits for the chainer (the webhook is answered already), so it
     * gathers the receipts of several writer commits into one transaction instead of committing once per batch.
     */
    static final long GATHER_MILLIS = 10;

    private final Store store;
    private final AuditTrail audit;
    private final Runnable onChained;
    private final Duration idlePoll;
    private final Object signal = new Object();
    private boolean nudged;
    /** Its thread comes from Camel, named as its JMX thread pool (Hawtio lists it) and ended by the context's shutdown at the latest. */
    private CamelContext camelContext;
    private ExecutorService thread;
    private volatile boolean running;

    /**
     * @param onChained called after receipts were chained (wakes the inbox workers)
     * @param idlePoll how often it looks without being nudged: for rows another instance stored and did not chain
     */
    public ReceiptChainer(Store store, AuditTrail audit, Runnable onChained, Duration idlePoll) {
        this.store = store;
        this.audit = audit;
        this.onChained = onChained;
        this.idlePoll = idlePoll;
    }

    public ReceiptChainer(Store store, AuditTrail audit, Runnable onChained) {
        this(store, audit, onChained, Duration.ofSeconds(1));
    }

    /** New rows were committed: chain them now. */
    public void nudge() {
        synchronized (signal) {
            nudged = true;
            signal.notifyAll();
        }
    }

    /** Chains every receipt stored and not chained yet; returns how many. */
    public int chainAll() {
        int total = 0;
        while (true) {
            int n = store.inTransaction(this::chainBatch);
            total += n;
            if (n < BATCH) {
                break;
            }
        }
        if (total > 0) {
            onChained.run();
        }
        return total;
    }

    private int chainBatch(Connection c) throws SQLException {
        audit.lockHead(c);
        List<AuditEntry> received = new ArrayList<>();
        List<Long> ids = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT id, source, dedupe_key, event_id, event_type, received_at, "
                + "payload_sha256 FROM inbox_event WHERE id IN (SELECT inbox_id FROM inbox_receipt_pending) ORDER BY id LIMIT " + BATCH)) {
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    long id = rs.getLong(1);
                    Map<String, Object> detail = new LinkedHashMap<>();
                    detail.put("source", rs.getString(2));
                    detail.put("eventId", rs.getString(4));
                    detail.put("type", rs.getString(5));
                    detail.put("dedupeKey", rs.getString(3));
                    detail.put("receivedAt", Columns.iso(rs.getTimestamp(6)));
                    detail.put("sha256", rs.getString(7));
                    received.add(AuditEntry.of("RECEIVED", id, rs.getString(2) + "/" + rs.getString(3), detail));
                    ids.add(id);
                }
            }
        }
        if (ids.isEmpty()) {
            return 0;
        }
        audit.append(c, received);
        try (PreparedStatement up = c.prepareStatement("DELETE FROM inbox_receipt_pending WHERE inbox_id = ?")) {
            for (Long id : ids) {
                up.setLong(1, id);
                up.addBatch();
            }
            up.executeBatch();
        }
        return ids.size();
    }

    @Override
    protected void doStart() {
        // recovery: receipts stored before a crash are chained before anything new is taken
        int recovered = chainAll();
        if (recovered > 0) {
            LOG.info("Chained the receipts of {} events stored before the last stop", recovered);
        }
        running = true;
        thread = camelContext.getExecutorServiceManager().newSingleThreadExecutor("finbridge-receipt-chainer", "finbridge-receipt-chainer");
        thread.submit(this::loop);
    }

    @Override
    protected void doStop() throws InterruptedException {
        running = false;
        nudge();
        if (thread != null) {
            camelContext.getExecutorServiceManager().shutdown(thread);
            thread.awaitTermination(5, TimeUnit.SECONDS);
        }
        // what the writers committed before they stopped
        try {
            chainAll();
        } catch (RuntimeException ex) {
            LOG.warn("Receipts not chained at stop, chained at the next start: {}", ex.getMessage());
        }
    }

    @Override
    public void setCamelContext(CamelContext camelContext) {
        this.camelContext = camelContext;
    }

    @Override
    public CamelContext getCamelContext() {
        return camelContext;
    }

    private void loop() {
        while (running) {
            try {
                synchronized (signal) {
                    if (!nudged) {
                        signal.wait(idlePoll.toMillis());
                    }
                    nudged = false;
                }
                Thread.sleep(GATHER_MILLIS);
                chainAll();
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException ex) {
                // the rows stay unchained and are taken again on the next round; the store may be away for a moment
                LOG.warn("Chaining receipts failed, retrying: {}", ex.getMessage());
                sleepQuietly();
            }
        }
    }

    private void sleepQuietly() {
        try {
            Thread.sleep(idlePoll.toMillis());
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }
}
