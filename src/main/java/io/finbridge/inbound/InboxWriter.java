package io.finbridge.inbound;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.finbridge.privacy.Excerpt;
import io.finbridge.store.RowRefused;
import io.finbridge.store.Store;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.camel.CamelContext;
import org.apache.camel.CamelContextAware;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes accepted webhooks into the inbox, durably, before they are acknowledged.
 *
 * <p>Group commit: requests waiting at the same moment are written by one writer in one transaction, so the cost of a
 * commit is shared by the batch instead of paid by each request. Several writers take batches in parallel
 * ({@code finbridge.inbox.writers}): PostgreSQL flushes the WAL of concurrent commits together, so batches no longer
 * wait for each other's flush. The writers do not touch the audit chain (whose head lock would make them take turns
 * again): each row is stored unchained with its payload's SHA-256, and the {@link ReceiptChainer} appends the
 * receipts right after. A duplicate (same source and dedupe key) inserts nothing and only counts.
 */
public final class InboxWriter extends ServiceSupport implements CamelContextAware {

    private static final Logger LOG = LoggerFactory.getLogger(InboxWriter.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_BATCH = 200;
    private static final String STORE_FAILED = "the store could not take the event; nothing was kept, send it again later";

    private final Store store;
    private final BlockingQueue<Pending> queue = new ArrayBlockingQueue<>(10_000);
    private final Runnable onAccepted;
    private final int writers;
    /** Its threads come from Camel, named as its JMX thread pool (Hawtio lists it) and ended by the context's shutdown at the latest. */
    private CamelContext camelContext;
    private ExecutorService writerThreads;
    private volatile boolean running;

    /**
     * @param onAccepted called after new events were committed (nudges the receipt chainer)
     * @param writers how many batches are written at once
     */
    public InboxWriter(Store store, Runnable onAccepted, int writers) {
        if (writers < 1) {
            throw new IllegalArgumentException("finbridge.inbox.writers must be at least 1");
        }
        this.store = store;
        this.onAccepted = onAccepted;
        this.writers = writers;
    }

    /** One writer: group commit alone. */
    public InboxWriter(Store store, Runnable onAccepted) {
        this(store, onAccepted, 1);
    }

    /** The outcome for one event: its inbox id, or the id of the event it duplicates. */
    public record Stored(long inboxId, boolean duplicate) {
    }

    /**
     * Stores the events of one request atomically (all or none) and returns when they are committed.
     *
     * @throws InboxUnavailable when the store cannot take them in time; the sender should retry later
     * @throws RejectedWebhook when the store refused this request's own values (400, nothing kept); the others
     *                        written with it are not affected
     */
    public List<Stored> store(List<InboundEvent> events, Duration timeout) {
        // hashed on the request's own thread, not in the writer's transaction
        Pending p = new Pending(events, events.stream().map(e -> PayloadHash.of(e.body())).toList(), new CompletableFuture<>());
        try {
            if (!running || !queue.offer(p, timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new InboxUnavailable("inbox is not accepting events right now");
            }
            return p.done.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new InboxUnavailable("interrupted while storing");
        } catch (TimeoutException ex) {
            throw new InboxUnavailable("store did not commit within " + timeout.toMillis() + " ms");
        } catch (ExecutionException ex) {
            // the writer completes with what the sender may read (a refusal of its own values, or unavailable);
            // anything else is the store's message, which quotes SQL and other requests' values: it stays in the log
            if (ex.getCause() instanceof RejectedWebhook refused) {
                throw refused;
            }
            if (ex.getCause() instanceof InboxUnavailable unavailable) {
                throw unavailable;
            }
            throw new InboxUnavailable(STORE_FAILED);
        }
    }

    @Override
    protected void doStart() {
        running = true;
        writerThreads = camelContext.getExecutorServiceManager().newFixedThreadPool("finbridge-inbox-writer", "finbridge-inbox-writer", writers);
        for (int i = 0; i < writers; i++) {
            writerThreads.submit(this::loop);
        }
    }

    @Override
    protected void doStop() throws InterruptedException {
        running = false;
        if (writerThreads != null) {
            camelContext.getExecutorServiceManager().shutdownNow(writerThreads);
            writerThreads.awaitTermination(5, TimeUnit.SECONDS);
        }
        // whatever was queued and not written is refused, never half-written: the sender retries
        List<Pending> left = new ArrayList<>();
        queue.drainTo(left);
        left.forEach(p -> p.done.completeExceptionally(new InboxUnavailable("shutting down")));
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
        List<Pending> batch = new ArrayList<>();
        while (running) {
            try {
                Pending first = queue.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, MAX_BATCH - 1);
                write(batch);
            } catch (InterruptedException ex) {
                if (!running) {
                    break;
                }
            } finally {
                batch.clear();
            }
        }
        // finish what was taken before the stop signal
        List<Pending> rest = new ArrayList<>();
        queue.drainTo(rest);
        if (!rest.isEmpty()) {
            write(rest);
        }
    }

    private void write(List<Pending> batch) {
        try {
            List<List<Stored>> results = store.inTransaction(c -> insert(c, batch));
            boolean anyNew = false;
            for (int i = 0; i < batch.size(); i++) {
                batch.get(i).done.complete(results.get(i));
                anyNew |= results.get(i).stream().anyMatch(s -> !s.duplicate());
            }
            if (anyNew) {
                onAccepted.run();
            }
        } catch (RuntimeException ex) {
            failed(batch, ex);
        }
    }

    /**
     * A group commit failed. When a row's values were refused (or the batch met a deadlock), one request must not fail
     * the others that shared its commit: the halves are written apart, down to the one request at fault, which alone
     * is refused (400, its values) or answered 503. Only a store that is down fails the whole batch.
     */
    private void failed(List<Pending> batch, RuntimeException ex) {
        if (batch.size() > 1 && RowRefused.worthSplitting(ex)) {
            LOG.debug("Inbox write of {} requests failed on a row, writing its halves apart: {}", batch.size(),
                    Excerpt.message(ex.getMessage()));
            int half = batch.size() / 2;
            write(new ArrayList<>(batch.subList(0, half)));
            write(new ArrayList<>(batch.subList(half, batch.size())));
            return;
        }
        if (RowRefused.byValues(ex)) {
            InboundEvent first = batch.get(0).events.get(0);
            LOG.warn("Inbox refused a request of {} event(s) from {} (first {} {}): {}", batch.get(0).events.size(), first.source(),
                    Excerpt.bare(first.type()), Excerpt.bare(first.eventId()), Excerpt.message(ex.getMessage()));
            RejectedWebhook refused = new RejectedWebhook(400, "unstorable", "the inbox cannot store this event: "
                    + RowRefused.reason(ex) + "; nothing was kept");
            batch.forEach(p -> p.done.completeExceptionally(refused));
            return;
        }
        LOG.warn("Inbox write of {} requests failed: {}", batch.size(), Excerpt.message(ex.getMessage()));
        InboxUnavailable unavailable = new InboxUnavailable(STORE_FAILED);
        batch.forEach(p -> p.done.completeExceptionally(unavailable));
    }

    private List<List<Stored>> insert(Connection c, List<Pending> batch) throws SQLException {
        Timestamp now = Timestamp.from(Instant.now());
        Stored[][] results = new Stored[batch.size()][];
        // every writer, in every instance, takes the rows' locks in one order: no deadlock between two batches that
        // carry the same events (a platform's retry reaching another instance)
        List<int[]> order = new ArrayList<>();
        for (int p = 0; p < batch.size(); p++) {
            results[p] = new Stored[batch.get(p).events.size()];
            for (int e = 0; e < batch.get(p).events.size(); e++) {
                order.add(new int[] {p, e});
            }
        }
        order.sort(java.util.Comparator.comparing((int[] pe) -> batch.get(pe[0]).events.get(pe[1]).source())
                .thenComparing(pe -> batch.get(pe[0]).events.get(pe[1]).dedupeKey()));
        try (PreparedStatement ins = c.prepareStatement("INSERT INTO inbox_event (source, dedupe_key, event_id, event_type, "
                + "api_version, received_at, headers, body, status, next_attempt_at, payload_sha256) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'RECEIVED', ?, ?) ON CONFLICT DO NOTHING", new String[] {"id"});
             PreparedStatement dup = c.prepareStatement("UPDATE inbox_event SET duplicates = duplicates + 1 "
                     + "WHERE source = ? AND dedupe_key = ?");
             PreparedStatement find = c.prepareStatement("SELECT id FROM inbox_event WHERE source = ? AND dedupe_key = ?");
             // the receipt chainer's queue: a tiny row, so that chaining never rewrites the event's own row
             PreparedStatement pending = c.prepareStatement("INSERT INTO inbox_receipt_pending (inbox_id) VALUES (?)")) {
            for (int[] pe : order) {
                InboundEvent e = batch.get(pe[0]).events.get(pe[1]);
                ins.setString(1, e.source());
                ins.setString(2, e.dedupeKey());
                ins.setString(3, e.eventId());
                ins.setString(4, e.type());
                ins.setString(5, e.apiVersion());
                ins.setTimestamp(6, now);
                ins.setString(7, json(e.headers()));
                ins.setString(8, e.body());
                ins.setTimestamp(9, now);
                ins.setString(10, batch.get(pe[0]).hashes.get(pe[1]));
                if (ins.executeUpdate() == 1) {
                    long id;
                    try (ResultSet keys = ins.getGeneratedKeys()) {
                        keys.next();
                        id = keys.getLong(1);
                    }
                    results[pe[0]][pe[1]] = new Stored(id, false);
                    pending.setLong(1, id);
                    pending.addBatch();
                } else {
                    dup.setString(1, e.source());
                    dup.setString(2, e.dedupeKey());
                    dup.executeUpdate();
                    find.setString(1, e.source());
                    find.setString(2, e.dedupeKey());
                    long id = -1;
                    try (ResultSet rs = find.executeQuery()) {
                        if (rs.next()) {
                            id = rs.getLong(1);
                        }
                    }
                    results[pe[0]][pe[1]] = new Stored(id, true);
                }
            }
            pending.executeBatch();
        }
        List<List<Stored>> out = new ArrayList<>();
        for (Stored[] r : results) {
            out.add(List.of(r));
        }
        return out;
    }

    private static String json(Map<String, String> headers) {
        try {
            return JSON.writeValueAsString(headers);
        } catch (JsonProcessingException ex) {
            throw new IllegalArgumentException(ex);
        }
    }

    private record Pending(List<InboundEvent> events, List<String> hashes, CompletableFuture<List<Stored>> done) {
    }
}
