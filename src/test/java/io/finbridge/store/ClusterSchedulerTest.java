package io.finbridge.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.finbridge.testing.TestStores;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.quartz.Job;
import org.quartz.JobBuilder;
import org.quartz.JobExecutionContext;
import org.quartz.JobExecutionException;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.TriggerBuilder;

/** The cluster's scheduler on the store itself, without Camel. */
class ClusterSchedulerTest {

    @Test
    void aJobFiresFromTheClusteredStoreEvenWithAnInstanceIdLongerThanQuartzKeeps() throws Exception {
        String url = TestStores.postgresSchema();
        CountDownLatch fired = new CountDownLatch(1);
        // a long host name: Quartz's fired-trigger id (instance id and a 13-digit counter) must fit 95 characters
        String instanceId = "pod-" + "x".repeat(100) + "-4711-3f9c2a10";
        try (Store store = Store.open(url, TestStores.PG_USER, "", 2)) {
            ClusterScheduler cluster = new ClusterScheduler(store, instanceId, Duration.ofMillis(7500), Map.of("fired", fired));
            Scheduler scheduler = cluster.getScheduler();
            assertThat(scheduler.getMetaData().isJobStoreClustered()).isTrue();
            assertThat(scheduler.getSchedulerInstanceId()).hasSize(ClusterScheduler.MAX_INSTANCE_ID).endsWith("-4711-3f9c2a10");
            scheduler.scheduleJob(JobBuilder.newJob(CountDown.class).withIdentity("probe", "test").build(),
                    TriggerBuilder.newTrigger().withIdentity("probe", "test").startNow().build());
            scheduler.start();
            assertThat(fired.await(30, TimeUnit.SECONDS)).as("the job fired").isTrue();
            cluster.shutdown();
            assertThat(scheduler.isShutdown()).isTrue();
        } finally {
            TestStores.dropPostgresSchema(url);
        }
    }

    @Test
    void twoSchedulersOfOneNameInOneJvmAreTwoMembers() throws Exception {
        String url = TestStores.postgresSchema();
        try (Store store = Store.open(url, TestStores.PG_USER, "", 2)) {
            ClusterScheduler a = new ClusterScheduler(store, "instance-a", Duration.ofMillis(7500), Map.of());
            ClusterScheduler b = new ClusterScheduler(store, "instance-b", Duration.ofMillis(7500), Map.of());
            try {
                assertThat(a.getScheduler()).isNotSameAs(b.getScheduler());
                assertThat(a.getScheduler().getSchedulerName()).isEqualTo(b.getScheduler().getSchedulerName()).isEqualTo(ClusterScheduler.NAME);
                assertThat(a.getScheduler().getSchedulerInstanceId()).isEqualTo("instance-a");
                assertThat(b.getScheduler().getSchedulerInstanceId()).isEqualTo("instance-b");
            } finally {
                a.shutdown();
                b.shutdown();
            }
        } finally {
            TestStores.dropPostgresSchema(url);
        }
    }

    @Test
    void onH2TheJobsAreKeptInMemory() throws SchedulerException {
        try (Store store = Store.open(TestStores.h2(), "", "", 2)) {
            ClusterScheduler cluster = new ClusterScheduler(store, "instance-h2", Duration.ofMillis(7500), Map.of());
            try {
                assertThat(cluster.getScheduler().getMetaData().isJobStoreClustered()).isFalse();
                assertThat(cluster.getScheduler().getMetaData().getJobStoreClass().getName()).isEqualTo("org.quartz.simpl.RAMJobStore");
            } finally {
                cluster.shutdown();
            }
        }
    }

    /** Counts down the latch the test put in the scheduler's context. */
    public static class CountDown implements Job {
        @Override
        public void execute(JobExecutionContext context) throws JobExecutionException {
            try {
                ((CountDownLatch) context.getScheduler().getContext().get("fired")).countDown();
            } catch (SchedulerException ex) {
                throw new JobExecutionException(ex);
            }
        }
    }
}
