package io.finbridge.inbound;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
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
public final class InboxWriter extends ServiceSupport {

    private static final Logger LOG = LoggerFactory.getLogger(InboxWriter.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_BATCH = 200;

    private final Store store;
    private final BlockingQueue<Pending> queue = new ArrayBlockingQueue<>(10_000);
    private final Runnable onAccepted;
    private final int writers;
    private final List<Thread> threads = new ArrayList<>();
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
            throw new InboxUnavailable("store failed: " + ex.getCause().getMessage());
        }
    }

    @Override
    protected void doStart() {
        running = true;
        for (int i = 0; i < writers; i++) {
            Thread writer = new Thread(this::loop, "finbridge-inbox-writer-" + (i + 1));
            writer.setDaemon(true);
            writer.start();
            threads.add(writer);
        }
    }

    @Override
    protected void doStop() throws InterruptedException {
        running = false;
        threads.forEach(Thread::interrupt);
        for (Thread writer : threads) {
            writer.join(5_000);
        }
        threads.clear();
        // whatever was queued and not written is refused, never half-written: the sender retries
        List<Pending> left = new ArrayList<>();
        queue.drainTo(left);
        left.forEach(p -> p.done.completeExceptionally(new InboxUnavailable("shutting down")));
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
            LOG.warn("Inbox write of {} requests failed: {}", batch.size(), ex.getMessage());
            batch.forEach(p -> p.done.completeExceptionally(ex));
        }
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
                + "api_version, received_at, headers, body, status, next_attempt_at, payload_sha256, receipt_chained) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'RECEIVED', ?, ?, FALSE) ON CONFLICT DO NOTHING", new String[] {"id"});
             PreparedStatement dup = c.prepareStatement("UPDATE inbox_event SET duplicates = duplicates + 1 "
                     + "WHERE source = ? AND dedupe_key = ?");
             PreparedStatement find = c.prepareStatement("SELECT id FROM inbox_event WHERE source = ? AND dedupe_key = ?")) {
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
