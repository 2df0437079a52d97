package io.finbridge.ops;

import io.finbridge.Finbridge;
import io.finbridge.config.Profile;
import io.finbridge.store.Store;
import java.net.InetAddress;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.UUID;
import org.apache.camel.support.service.ServiceSupport;

/**
 * This instance's row in {@code runtime_instance}: registered at start, heartbeat from the
 * {@code runtime-heartbeat} route, removed at a clean stop. Workers use the instance id to claim work so that
 * several instances on one PostgreSQL never take the same event.
 */
public final class RuntimeInstances extends ServiceSupport {

    private final Store store;
    private final Profile profile;
    private final String instanceId;
    private final String host;

    public RuntimeInstances(Store store, Profile profile) {
        this.store = store;
        this.profile = profile;
        this.host = hostName();
        this.instanceId = host + "-" + ProcessHandle.current().pid() + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    public String instanceId() {
        return instanceId;
    }

    @Override
    protected void doStart() {
        store.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO runtime_instance "
                    + "(instance_id, host, profile, version, started_at, heartbeat_at) VALUES (?, ?, ?, ?, ?, ?)")) {
                Timestamp now = Timestamp.from(Instant.now());
                ps.setString(1, instanceId);
                ps.setString(2, host);
                ps.setString(3, profile.id());
                ps.setString(4, Finbridge.version());
                ps.setTimestamp(5, now);
                ps.setTimestamp(6, now);
                ps.executeUpdate();
            }
            return null;
        });
    }

    /** Called by the heartbeat route. */
    public void heartbeat() {
        store.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE runtime_instance SET heartbeat_at = ? WHERE instance_id = ?")) {
                ps.setTimestamp(1, Timestamp.from(Instant.now()));
                ps.setString(2, instanceId);
                ps.executeUpdate();
            }
            return null;
        });
    }

    @Override
    protected void doStop() {
        if (!store.isReachable()) {
            return;
        }
        store.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM runtime_instance WHERE instance_id = ?")) {
                ps.setString(1, instanceId);
                ps.executeUpdate();
            }
            return null;
        });
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (Exception ex) {
            return "localhost";
        }
    }
}
