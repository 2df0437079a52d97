package io.finbridge.revenue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.finbridge.ops.RuntimeInstances;
import io.finbridge.testing.RuntimeFixture;
import io.finbridge.testing.TestStores;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.camel.builder.AdviceWith;
import org.apache.camel.component.quartz.QuartzComponent;
import org.junit.jupiter.api.Test;
import org.quartz.SchedulerMetaData;

/**
 * The scheduled recognition run across instances: on PostgreSQL two instances share Quartz's clustered job store
 * and each fire runs on one of them; when the one that ran the last fire stops, the other runs the next. On H2 the
 * same route fires from a scheduler in memory.
 */
class ScheduledRunOnceAcrossInstancesTest {

    private static final String EVERY_TWO_SECONDS = "0/2 * * * * ?";

    /** One execution of the scheduled run: which instance ran it, for which fire of the trigger. */
    record Fire(String instance, Instant scheduled) {
    }

    @Test
    void eachFireRunsOnceAcrossTwoInstancesAndTheOtherRunsOnWhenOneStops() throws Exception {
        String url = TestStores.postgresSchema();
        List<RuntimeFixture> instances = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        List<Fire> fires = new CopyOnWriteArrayList<>();
        try {
            for (int i = 0; i < 2; i++) {
                RuntimeFixture fb = RuntimeFixture.start(settings(url));
                instances.add(fb);
                String id = instanceId(fb);
                ids.add(id);
                recordFires(fb, id, true, fires);
                SchedulerMetaData meta = clusterScheduler(fb).getMetaData();
                assertThat(meta.isJobStoreClustered()).isTrue();
                assertThat(meta.getJobStoreClass().getName()).isEqualTo("org.quartz.impl.jdbcjobstore.JobStoreTX");
            }
            Instant bothRecording = Instant.now();
            await().atMost(Duration.ofSeconds(30)).until(() -> members(url).containsAll(ids));
            // the once-per-cluster jobs are in the shared store; the heartbeat and the reference refresh stay each instance's own
            assertThat(triggers(url)).containsExactly("finbridge.revenue-recognition", "finbridge.usage-period-close");

            await().atMost(Duration.ofSeconds(60)).until(() -> since(fires, bothRecording).size() >= 6);
            List<Fire> both = since(fires, bothRecording);
            assertThat(both.stream().map(Fire::scheduled).toList()).doesNotHaveDuplicates();
            assertNoFireMissing(both);

            // stop the instance that ran the last fire: the other runs the next ones, the fire due while it stopped too
            Fire last = both.stream().max(Comparator.comparing(Fire::scheduled)).orElseThrow();
            int stopping = ids.indexOf(last.instance());
            String survivor = ids.get(1 - stopping);
            instances.get(stopping).close();
            Instant stopped = Instant.now();
            // Quartz looks for due triggers every 30 s when it has none of its own: the survivor may take that long
            await().atMost(Duration.ofSeconds(90)).until(() -> since(fires, stopped).size() >= 3);
            assertThat(since(fires, stopped)).extracting(Fire::instance).containsOnly(survivor);
            List<Fire> all = since(fires, bothRecording);
            assertThat(all.stream().map(Fire::scheduled).toList()).doesNotHaveDuplicates();
            assertNoFireMissing(all);
        } finally {
            instances.forEach(RuntimeFixture::close);
            TestStores.dropPostgresSchema(url);
        }
    }

    @Test
    void onH2TheScheduledRunFiresFromASchedulerInMemory() throws Exception {
        List<Fire> fires = new CopyOnWriteArrayList<>();
        Map<String, String> s = settings(TestStores.h2());
        s.put("finbridge.revenue.scheduled-run", "post");
        try (RuntimeFixture fb = RuntimeFixture.start(s)) {
            SchedulerMetaData meta = clusterScheduler(fb).getMetaData();
            assertThat(meta.isJobStoreClustered()).isFalse();
            assertThat(meta.getJobStoreClass().getName()).isEqualTo("org.quartz.simpl.RAMJobStore");
            recordFires(fb, instanceId(fb), false, fires);
            Instant recording = Instant.now();
            await().atMost(Duration.ofSeconds(30)).until(() -> since(fires, recording).size() >= 2);
            assertNoFireMissing(since(fires, recording));
        }
    }

    private static Map<String, String> settings(String storeUrl) {
        Map<String, String> s = RuntimeFixture.baseline("sandbox", storeUrl);
        s.put("finbridge.console.enabled", "false");
        s.put("finbridge.revenue.recognition-cron", EVERY_TWO_SECONDS);
        return s;
    }

    private static String instanceId(RuntimeFixture fb) {
        return fb.runtime().camelContext().getRegistry().lookupByNameAndType("runtimeInstances", RuntimeInstances.class).instanceId();
    }

    private static org.quartz.Scheduler clusterScheduler(RuntimeFixture fb) {
        return fb.runtime().camelContext().getComponent("quartz-cluster", QuartzComponent.class).getScheduler();
    }

    /**
     * Each run the route completes is recorded with the fire it serves (Quartz's scheduled fire time); it answers the
     * report of the previous period, a preview or posted as finbridge.revenue.scheduled-run says.
     */
    private static void recordFires(RuntimeFixture fb, String instance, boolean dryRun, List<Fire> fires) throws Exception {
        AdviceWith.adviceWith(fb.runtime().camelContext(), "revenue-recognition-on-schedule", a -> a.weaveAddLast().process(ex -> {
            assertThat(ex.getMessage().getBody(Map.class)).containsEntry("dryRun", dryRun);
            fires.add(new Fire(instance, ex.getMessage().getHeader("scheduledFireTime", Date.class).toInstant()));
        }));
    }

    private static List<Fire> since(List<Fire> fires, Instant from) {
        return fires.stream().filter(f -> f.scheduled().isAfter(from)).toList();
    }

    /** The fires run are every fire of the cron between the first and the last: none was lost between instances. */
    private static void assertNoFireMissing(List<Fire> fires) {
        List<Instant> times = fires.stream().map(Fire::scheduled).sorted().distinct().toList();
        for (int i = 1; i < times.size(); i++) {
            assertThat(Duration.between(times.get(i - 1), times.get(i))).as("fire after %s", times.get(i - 1)).isEqualTo(Duration.ofSeconds(2));
        }
    }

    /** The instances checked in to the cluster (Quartz's scheduler state). */
    private static Set<String> members(String url) throws SQLException {
        return strings(url, "SELECT instance_name FROM qrtz_scheduler_state WHERE sched_name = 'finbridge'");
    }

    private static Set<String> triggers(String url) throws SQLException {
        return strings(url, "SELECT trigger_group || '.' || trigger_name FROM qrtz_triggers WHERE sched_name = 'finbridge'");
    }

    private static Set<String> strings(String url, String sql) throws SQLException {
        Set<String> out = new TreeSet<>();
        try (Connection c = DriverManager.getConnection(url, TestStores.PG_USER, ""); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }
}
