package io.finbridge.inbound;

import static org.assertj.core.api.Assertions.assertThat;

import io.finbridge.audit.AuditTrail;
import io.finbridge.audit.AuditVerifier;
import io.finbridge.review.ExceptionQueue;
import io.finbridge.store.Store;
import io.finbridge.testing.TestStores;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Parallel inbox writers and the receipt chainer on H2 and PostgreSQL: every stored event gets exactly one RECEIVED
 * row, the chain verifies, receipts stored but not chained (a crash in between) are chained at start, and workers
 * never take an event whose receipt is not chained yet.
 */
class ReceiptChainerTest {

    /** The writers\' and the chainer\'s threads come from Camel\'s ExecutorServiceManager, as in the runtime. */
    static final org.apache.camel.CamelContext CAMEL = new org.apache.camel.impl.DefaultCamelContext();

    private final List<AutoCloseable> open = new ArrayList<>();
    private final List<String> urls = new ArrayList<>();

    private Store store(String db) {
        String url = db.equals("h2") ? TestStores.h2() : TestStores.postgresSchema();
        urls.add(url);
        Store store = Store.open(url, db.equals("h2") ? "" : TestStores.PG_USER, "", 12);
        open.add(store);
        return store;
    }

    @AfterEach
    void close() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
        urls.forEach(TestStores::dropPostgresSchema);
    }

    private static InboundEvent event(String id) {
        return new InboundEvent("stripe", id, id, "customer.created", null, Map.of(), "{\"id\":\"" + id + "\"}");
    }

    private static long count(Store store, String sql) {
        return store.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void parallelWritersAndTheChainerGiveEveryEventOneReceiptInAnIntactChain(String db) throws Exception {
        Store store = store(db);
        AuditTrail audit = new AuditTrail();
        ReceiptChainer chainer = new ReceiptChainer(store, audit, () -> { });
        chainer.setCamelContext(CAMEL);
        InboxWriter writer = new InboxWriter(store, chainer::nudge, 4);
        writer.setCamelContext(CAMEL);
        chainer.start();
        writer.start();
        ConcurrentLinkedQueue<Long> stored = new ConcurrentLinkedQueue<>();
        ExecutorService senders = Executors.newFixedThreadPool(16);
        for (int t = 0; t < 16; t++) {
            int thread = t;
            senders.execute(() -> {
                for (int i = 0; i < 100; i++) {
                    // every tenth is a redelivery of an event another sender stores too
                    String id = i % 10 == 0 ? "evt_shared_" + i : "evt_" + thread + "_" + i;
                    InboxWriter.Stored s = writer.store(List.of(event(id)), Duration.ofSeconds(20)).get(0);
                    if (!s.duplicate()) {
                        stored.add(s.inboxId());
                    }
                }
            });
        }
        senders.shutdown();
        assertThat(senders.awaitTermination(120, TimeUnit.SECONDS)).isTrue();
        writer.stop();
        chainer.stop();

        long expected = 16 * 90 + 10;
        assertThat(stored).hasSize((int) expected);
        assertThat(count(store, "SELECT COUNT(*) FROM inbox_event")).isEqualTo(expected);
        assertThat(count(store, "SELECT COUNT(*) FROM inbox_receipt_pending")).isZero();
        assertThat(count(store, "SELECT COUNT(*) FROM audit_log WHERE kind = 'RECEIVED'")).isEqualTo(expected);
        assertThat(count(store, "SELECT COUNT(DISTINCT event_ref) FROM audit_log WHERE kind = 'RECEIVED'")).isEqualTo(expected);
        assertThat(new AuditVerifier(store).verify()).containsEntry("status", "intact").containsEntry("rows", expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void receiptsStoredButNotChainedAreChainedAtStartAndOnlyThenTaken(String db) throws Exception {
        Store store = store(db);
        AuditTrail audit = new AuditTrail();
        // the process that stored these died before its chainer ran
        InboxWriter writer = new InboxWriter(store, () -> { }, 2);
        writer.setCamelContext(CAMEL);
        writer.start();
        for (int i = 0; i < 1200; i++) {
            writer.store(List.of(event("evt_crash_" + i)), Duration.ofSeconds(10));
        }
        writer.stop();
        Inbox inbox = new Inbox(store, audit, new ExceptionQueue(store, audit));
        assertThat(count(store, "SELECT COUNT(*) FROM inbox_receipt_pending")).isEqualTo(1200);
        assertThat(inbox.claim("worker", 10)).as("no event is taken before its receipt is chained").isEmpty();

        ReceiptChainer chainer = new ReceiptChainer(store, audit, () -> { });
        chainer.setCamelContext(CAMEL);
        chainer.start();
        try {
            assertThat(count(store, "SELECT COUNT(*) FROM inbox_receipt_pending")).isZero();
            assertThat(count(store, "SELECT COUNT(*) FROM audit_log WHERE kind = 'RECEIVED'")).isEqualTo(1200);
            assertThat(new AuditVerifier(store).verify()).containsEntry("status", "intact");
            assertThat(inbox.claim("worker", 10)).hasSize(10);
        } finally {
            chainer.stop();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"postgresql"})
    void twoInstancesChainingOneDatabaseChainEachReceiptOnce(String db) throws Exception {
        Store first = store(db);
        Store second = Store.open(urls.get(0), TestStores.PG_USER, "", 4);
        open.add(second);
        AuditTrail audit = new AuditTrail();
        ReceiptChainer one = new ReceiptChainer(first, audit, () -> { }, Duration.ofMillis(5));
        one.setCamelContext(CAMEL);
        ReceiptChainer two = new ReceiptChainer(second, audit, () -> { }, Duration.ofMillis(5));
        two.setCamelContext(CAMEL);
        InboxWriter writerOne = new InboxWriter(first, one::nudge, 2);
        writerOne.setCamelContext(CAMEL);
        InboxWriter writerTwo = new InboxWriter(second, two::nudge, 2);
        writerTwo.setCamelContext(CAMEL);
        for (var s : List.of(one, two, writerOne, writerTwo)) {
            s.start();
        }
        ExecutorService senders = Executors.newFixedThreadPool(8);
        for (int t = 0; t < 8; t++) {
            int thread = t;
            InboxWriter w = t % 2 == 0 ? writerOne : writerTwo;
            senders.execute(() -> {
                for (int i = 0; i < 100; i++) {
                    w.store(List.of(event("evt_" + thread + "_" + i)), Duration.ofSeconds(20));
                }
            });
        }
        senders.shutdown();
        assertThat(senders.awaitTermination(120, TimeUnit.SECONDS)).isTrue();
        for (var s : List.of(writerOne, writerTwo, one, two)) {
            s.stop();
        }

        assertThat(count(first, "SELECT COUNT(*) FROM audit_log WHERE kind = 'RECEIVED'")).isEqualTo(800);
        assertThat(count(first, "SELECT COUNT(DISTINCT event_ref) FROM audit_log WHERE kind = 'RECEIVED'")).isEqualTo(800);
        assertThat(new AuditVerifier(first).verify()).containsEntry("status", "intact");
    }
}
