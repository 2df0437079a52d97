package io.finbridge.inbound;

import static org.assertj.core.api.Assertions.assertThat;

import io.finbridge.audit.AuditTrail;
import io.finbridge.audit.AuditVerifier;
import io.finbridge.review.ExceptionQueue;
import io.finbridge.store.Store;
import io.finbridge.testing.MutableClock;
import io.finbridge.testing.TestStores;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The retention policy on H2 and PostgreSQL: what is purged, what stays, and that the audit chain still verifies. */
class InboxRetentionTest {

    /** The writers\' and the chainer\'s threads come from Camel\'s ExecutorServiceManager, as in the runtime. */
    static final org.apache.camel.CamelContext CAMEL = new org.apache.camel.impl.DefaultCamelContext();

    private static final Instant NOW = Instant.parse("2026-12-01T03:30:00Z");
    private String url;
    private Store store;
    private InboxWriter writer;

    @TempDir
    Path archive;

    private Store open(String db) {
        url = db.equals("h2") ? TestStores.h2() : TestStores.postgresSchema();
        store = Store.open(url, db.equals("h2") ? "" : TestStores.PG_USER, "", 4);
        return store;
    }

    @AfterEach
    void close() throws Exception {
        if (writer != null) {
            writer.stop();
        }
        if (store != null) {
            store.close();
        }
        if (url != null) {
            TestStores.dropPostgresSchema(url);
        }
    }

    /** Stores one event per status through the writer (as a webhook is), then ages it as a finished event would be. */
    private Map<String, Long> events(AuditTrail audit, Map<String, Duration> finishedAgo) throws Exception {
        writer = new InboxWriter(store, () -> { });
        writer.setCamelContext(CAMEL);
        writer.start();
        Map<String, Long> ids = new LinkedHashMap<>();
        for (Map.Entry<String, Duration> e : finishedAgo.entrySet()) {
            String key = e.getKey();
            String status = key.substring(0, key.indexOf('-'));
            String body = "{\"id\":\"evt_" + key + "\",\"customer\":{\"email\":\"ada@example.com\"}}";
            long id = writer.store(List.of(new InboundEvent("stripe", "evt_" + key, "evt_" + key, "customer.created", null,
                    Map.of("Stripe-Signature", "t=1,v1=ab"), body)), Duration.ofSeconds(10)).get(0).inboxId();
            ids.put(key, id);
            Instant finished = NOW.minus(e.getValue());
            store.inTransaction(c -> {
                try (PreparedStatement up = c.prepareStatement("UPDATE inbox_event SET status = ?, finished_at = ?, "
                        + "received_at = ? WHERE id = ?")) {
                    up.setString(1, status.toUpperCase());
                    up.setTimestamp(2, Timestamp.from(finished));
                    up.setTimestamp(3, Timestamp.from(finished.minusSeconds(60)));
                    up.setLong(4, id);
                    return up.executeUpdate();
                }
            });
        }
        // every receipt is in the audit chain before retention runs
        new ReceiptChainer(store, audit, () -> { }).chainAll();
        return ids;
    }

    private record Row(String headers, String body, String sha, Timestamp purgedAt) {
    }

    private Row row(long id) {
        return store.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT headers, body, payload_sha256, payload_purged_at FROM inbox_event WHERE id = ?")) {
                ps.setLong(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return new Row(rs.getString(1), rs.getString(2), rs.getString(3), rs.getTimestamp(4));
                }
            }
        });
    }

    private static Map<String, Duration> mix() {
        Map<String, Duration> m = new LinkedHashMap<>();
        m.put("done-old", Duration.ofDays(91));
        m.put("ignored-old", Duration.ofDays(120));
        m.put("discarded-old", Duration.ofDays(400));
        m.put("done-recent", Duration.ofDays(89));
        m.put("failed-old", Duration.ofDays(200));
        m.put("parked-old", Duration.ofDays(200));
        m.put("retrying-old", Duration.ofDays(200));
        return m;
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void onlyFinalEventsPastTheRetentionLoseTheirPayloadAndTheChainStillVerifies(String db) throws Exception {
        open(db);
        AuditTrail audit = new AuditTrail();
        Map<String, Long> ids = events(audit, mix());
        Map<Long, String> bodies = new LinkedHashMap<>();
        ids.values().forEach(id -> bodies.put(id, row(id).body()));

        InboxRetention retention = new InboxRetention(store, audit,
                new RetentionPolicy(Duration.ofDays(90), 2, 1000, Optional.empty()), new MutableClock(NOW));
        Map<String, Object> report = retention.purge();

        assertThat(report).containsEntry("purged", 3).containsEntry("batches", 2);
        for (String key : List.of("done-old", "ignored-old", "discarded-old")) {
            Row r = row(ids.get(key));
            assertThat(r.body()).as(key).isEmpty();
            assertThat(r.headers()).as(key).isEqualTo("{}");
            assertThat(r.purgedAt()).as(key).isNotNull();
            assertThat(r.sha()).as(key).isEqualTo(PayloadHash.of(bodies.get(ids.get(key))));
        }
        for (String key : List.of("done-recent", "failed-old", "parked-old", "retrying-old")) {
            Row r = row(ids.get(key));
            assertThat(r.body()).as(key).isEqualTo(bodies.get(ids.get(key)));
            assertThat(r.purgedAt()).as(key).isNull();
        }
        assertThat(new AuditVerifier(store).verify()).containsEntry("status", "intact");
        // the receipts stay in the chain with the payload's hash, and each batch says which events lost their payload
        assertThat(auditDetails("RECEIVED")).hasSize(7)
                .anySatisfy(d -> assertThat(d).contains(PayloadHash.of(bodies.get(ids.get("done-old")))));
        List<String> purges = auditDetails("PAYLOADS_PURGED");
        assertThat(purges).hasSize(2);
        assertThat(String.join(" ", purges)).contains(String.valueOf(ids.get("done-old")), String.valueOf(ids.get("discarded-old")));

        assertThat(retention.purge()).containsEntry("purged", 0);
        assertThat(new AuditVerifier(store).verify()).containsEntry("status", "intact");
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void anIgnoredEventWithoutItsPayloadIsNotReDriven(String db) throws Exception {
        open(db);
        AuditTrail audit = new AuditTrail();
        Map<String, Duration> m = new LinkedHashMap<>();
        m.put("ignored-old", Duration.ofDays(100));
        m.put("ignored-recent", Duration.ofDays(10));
        Map<String, Long> ids = events(audit, m);
        new InboxRetention(store, audit, new RetentionPolicy(Duration.ofDays(90), 100, 1000, Optional.empty()),
                new MutableClock(NOW)).purge();

        List<Long> redriven = new Inbox(store, audit, new ExceptionQueue(store, audit))
                .redrive("stripe", null, null, null, "operator", 100);

        assertThat(redriven).containsExactly(ids.get("ignored-recent"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void anArchiveFolderGetsThePayloadsBeforeTheStoreForgetsThem(String db) throws Exception {
        open(db);
        AuditTrail audit = new AuditTrail();
        Map<String, Long> ids = events(audit, mix());
        String original = row(ids.get("done-old")).body();

        Map<String, Object> report = new InboxRetention(store, audit,
                new RetentionPolicy(Duration.ofDays(90), 100, 1000, Optional.of(archive)), new MutableClock(NOW)).purge();

        assertThat(report).containsEntry("purged", 3);
        List<Path> files;
        try (var list = Files.list(archive)) {
            files = list.toList();
        }
        assertThat(files).hasSize(1);
        assertThat(files.get(0).getFileName().toString()).endsWith(".jsonl.gz");
        List<String> lines = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(new GZIPInputStream(Files.newInputStream(files.get(0))),
                StandardCharsets.UTF_8))) {
            r.lines().forEach(lines::add);
        }
        assertThat(lines).hasSize(3);
        var first = new com.fasterxml.jackson.databind.ObjectMapper().readTree(lines.get(0));
        assertThat(first.get("id").asLong()).isEqualTo(ids.get("done-old"));
        assertThat(first.get("body").asText()).isEqualTo(original);
        assertThat(first.get("sha256").asText()).isEqualTo(PayloadHash.of(original));
        assertThat(row(ids.get("done-old")).body()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2"})
    void zeroKeepsEveryPayload(String db) throws Exception {
        open(db);
        AuditTrail audit = new AuditTrail();
        Map<String, Long> ids = events(audit, mix());
        Map<String, Object> report = new InboxRetention(store, audit,
                new RetentionPolicy(Duration.ZERO, 100, 1000, Optional.empty()), new MutableClock(NOW)).purge();
        assertThat(report).containsEntry("purged", 0);
        assertThat(row(ids.get("discarded-old")).purgedAt()).isNull();
    }

    private List<String> auditDetails(String kind) {
        return store.inTransaction(c -> {
            List<String> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT detail FROM audit_log WHERE kind = ? ORDER BY seq")) {
                ps.setString(1, kind);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(rs.getString(1));
                    }
                }
            }
            return out;
        });
    }
}
