package io.finbridge.inbound;

import io.finbridge.config.ConfigurationException;
import io.finbridge.config.Settings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * How long the inbox keeps an event's payload once the event is final (done, ignored or discarded), and whether a
 * removed payload is archived to files first. Events still open (received, processing, retrying, parked, failed)
 * keep theirs whatever their age: they may still be posted or replayed.
 *
 * @param payloads how long after its outcome an event keeps its payload; zero keeps payloads for ever
 * @param batchSize events purged per transaction
 * @param maxPerRun events purged per run at most, so that a first run over a large backlog does not hold the store
 * @param archiveFolder where removed payloads are written first (gzip JSON lines), or empty to delete them
 */
public record RetentionPolicy(Duration payloads, int batchSize, int maxPerRun, Optional<Path> archiveFolder) {

    /** Finance records are commonly kept for years; 90 days of raw payloads covers replays and disputes of a quarter. */
    public static final Duration DEFAULT_PAYLOADS = Duration.ofDays(90);

    public RetentionPolicy {
        if (payloads.isNegative()) {
            throw new ConfigurationException("finbridge.retention.payloads must not be negative (0 keeps payloads for ever)");
        }
        if (batchSize < 1 || maxPerRun < 1) {
            throw new ConfigurationException("finbridge.retention.batch-size and max-per-run must be at least 1");
        }
    }

    public static RetentionPolicy from(Settings s) {
        return new RetentionPolicy(
                s.getDuration("finbridge.retention.payloads", DEFAULT_PAYLOADS),
                s.getInt("finbridge.retention.batch-size", 1000),
                s.getInt("finbridge.retention.max-per-run", 200_000),
                s.find("finbridge.retention.archive-folder").map(Path::of));
    }

    public boolean keepsForever() {
        return payloads.isZero();
    }
}
