package io.finbridge.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.finbridge.config.Settings;
import io.finbridge.testing.TestStores;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An H2 file store gives the space freed by a purge back to the file system when it closes. */
class H2CompactionTest {

    @TempDir
    Path dir;

    private Store open(boolean compact) {
        return Store.open(Settings.load(Map.of(), new Properties(), Map.of(
                "finbridge.profile", "sandbox",
                // without compaction at shutdown, H2's own bounded compaction at close is off too, so what the
                // file keeps shows (H2 otherwise spends up to 200 ms compacting at close, more or less by load)
                "finbridge.store.url", TestStores.h2File(dir) + (compact ? "" : ";MAX_COMPACT_TIME=0"),
                "finbridge.retention.compact-at-shutdown", Boolean.toString(compact))));
    }

    @Test
    void theFileShrinksAtShutdownAfterPayloadsWerePurged() throws Exception {
        Path file = Dialect.h2File(TestStores.h2File(dir)).orElseThrow();
        StringBuilder random = new StringBuilder();
        java.util.Random r = new java.util.Random(7);
        while (random.length() < 20_000) {
            random.append(Long.toHexString(r.nextLong()));
        }
        String body = random.toString();
        try (Store store = open(true)) {
            store.inTransaction(c -> {
                try (PreparedStatement ins = c.prepareStatement("INSERT INTO inbox_event (source, dedupe_key, received_at, headers, "
                        + "body, status, next_attempt_at) VALUES ('stripe', ?, ?, '{}', ?, 'DONE', ?)")) {
                    for (int i = 0; i < 1500; i++) {
                        Timestamp now = Timestamp.from(Instant.now());
                        ins.setString(1, "evt_" + i);
                        ins.setTimestamp(2, now);
                        ins.setString(3, body + i);
                        ins.setTimestamp(4, now);
                        ins.addBatch();
                    }
                    return ins.executeBatch().length;
                }
            });
        }
        long full = Files.size(file);
        // the same purge without compaction at close: H2 keeps the file as large as it was
        try (Store store = open(false)) {
            store.inTransaction(c -> c.createStatement().executeUpdate("UPDATE inbox_event SET body = ''"));
        }
        long uncompacted = Files.size(file);
        try (Store store = open(true)) {
            assertThat(store.isReachable()).isTrue();
        }
        long compacted = Files.size(file);
        System.out.printf("H2 file: %d bytes full, %d purged, %d compacted%n", full, uncompacted, compacted);

        assertThat(full).isGreaterThan(10L << 20);
        assertThat(uncompacted).isGreaterThan(full / 2);
        assertThat(compacted).isLessThan(full / 10);
    }
}
