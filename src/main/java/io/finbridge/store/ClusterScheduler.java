package io.finbridge.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import javax.sql.DataSource;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.SchedulerFactory;
import org.quartz.impl.SchedulerRepository;
import org.quartz.impl.StdSchedulerFactory;
import org.quartz.utils.ConnectionProvider;
import org.quartz.utils.DBConnectionManager;

/**
 * The Quartz scheduler of the jobs that run once across instances (routes on {@code quartz-cluster:}). On PostgreSQL
 * its jobs and triggers are in Finbridge's store, in Quartz's clustered JDBC job store (tables {@code qrtz_*},
 * migration V022): every instance schedules the job, and each fire is taken by one of them under Quartz's row lock.
 * On H2, which serves one instance, they are kept in memory.
 *
 * <p>The instances of a cluster share the scheduler name (Quartz's {@code SCHED_NAME}) and differ by instance id:
 * this runtime's id, as in {@code runtime_instance}. Quartz hands out schedulers from one JVM-wide repository by
 * name; each runtime takes its own scheduler out of it, so that two runtimes in one JVM are two members too.
 */
public final class ClusterScheduler implements SchedulerFactory {

    /** The scheduler name every instance on one store shares. */
    public static final String NAME = "finbridge";
    /** What migration V022 names the tables (PostgreSQL folds them to lower case). */
    static final String TABLE_PREFIX = "QRTZ_";
    /** Quartz's fired-trigger ids are the instance id and a 13-digit counter, in a 95-character column. */
    static final int MAX_INSTANCE_ID = 80;
    private static final Object REPOSITORY = new Object();

    private final Store store;
    private final String instanceId;
    private final Duration checkinInterval;
    private final Map<String, Object> context;
    private Scheduler scheduler;

    /**
     * @param context what the jobs find in the scheduler's context (Camel's jobs look their CamelContext up there)
     */
    public ClusterScheduler(Store store, String instanceId, Duration checkinInterval, Map<String, Object> context) {
        this.store = store;
        this.instanceId = instanceId.length() <= MAX_INSTANCE_ID ? instanceId : instanceId.substring(instanceId.length() - MAX_INSTANCE_ID);
        this.checkinInterval = checkinInterval;
        this.context = Map.copyOf(context);
    }

    private boolean clustered() {
        return store.dialect() == Dialect.POSTGRESQL;
    }

    private Properties properties() {
        Properties p = new Properties();
        p.setProperty(StdSchedulerFactory.PROP_SCHED_INSTANCE_NAME, NAME);
        p.setProperty(StdSchedulerFactory.PROP_SCHED_INSTANCE_ID, instanceId);
        p.setProperty("org.quartz.scheduler.skipUpdateCheck", "true");
        // listed in JMX (Hawtio) beside the scheduler of the per-instance quartz: jobs
        p.setProperty(StdSchedulerFactory.PROP_SCHED_JMX_EXPORT, "true");
        p.setProperty(StdSchedulerFactory.PROP_THREAD_POOL_CLASS, "org.quartz.simpl.SimpleThreadPool");
        // a long recognition run does not hold up the usage close
        p.setProperty("org.quartz.threadPool.threadCount", "2");
        p.setProperty("org.quartz.threadPool.threadNamePrefix", "finbridge-cluster-job");
        if (!clustered()) {
            p.setProperty(StdSchedulerFactory.PROP_JOB_STORE_CLASS, "org.quartz.simpl.RAMJobStore");
            return p;
        }
        p.setProperty(StdSchedulerFactory.PROP_JOB_STORE_CLASS, "org.quartz.impl.jdbcjobstore.JobStoreTX");
        p.setProperty("org.quartz.jobStore.driverDelegateClass", "org.quartz.impl.jdbcjobstore.PostgreSQLDelegate");
        p.setProperty("org.quartz.jobStore.dataSource", dataSourceName());
        p.setProperty("org.quartz.jobStore.tablePrefix", TABLE_PREFIX);
        p.setProperty("org.quartz.jobStore.isClustered", "true");
        p.setProperty("org.quartz.jobStore.clusterCheckinInterval", Long.toString(checkinInterval.toMillis()));
        return p;
    }

    private String dataSourceName() {
        return "finbridge-store-" + instanceId;
    }

    @Override
    public synchronized Scheduler getScheduler() throws SchedulerException {
        if (scheduler != null && !scheduler.isShutdown()) {
            return scheduler;
        }
        synchronized (REPOSITORY) {
            if (clustered()) {
                DBConnectionManager.getInstance().addConnectionProvider(dataSourceName(), new StoreConnections(store.dataSource()));
            }
            // the factory would hand out another runtime's scheduler of the same name; none is left in the repository
            Scheduler created = new StdSchedulerFactory(properties()).getScheduler();
            SchedulerRepository.getInstance().remove(NAME);
            created.getContext().putAll(context);
            scheduler = created;
        }
        return scheduler;
    }

    /**
     * Takes no more fires from the store: a trigger this instance acquired and has not fired goes back, for another
     * instance to fire; a job running now goes on. Called when the runtime starts stopping, before its routes stop.
     */
    public synchronized void standby() {
        if (scheduler == null) {
            return;
        }
        try {
            scheduler.standby();
        } catch (SchedulerException ex) {
            throw new StoreException("The cluster's scheduler did not go to standby: " + ex.getMessage(), ex);
        }
    }

    /**
     * Stops the scheduler, not waiting for jobs (the routes they run have stopped): called once Camel has stopped,
     * before the store closes. Camel's component stops it only when it counts no job still registered; a scheduler
     * left running would go on checking in and taking fires for a runtime that is gone.
     */
    public synchronized void shutdown() {
        if (scheduler == null) {
            return;
        }
        try {
            scheduler.shutdown(false);
        } catch (SchedulerException ex) {
            throw new StoreException("The cluster's scheduler did not stop: " + ex.getMessage(), ex);
        }
        scheduler = null;
    }

    @Override
    public synchronized Scheduler getScheduler(String name) throws SchedulerException {
        return NAME.equals(name) ? getScheduler() : null;
    }

    @Override
    public synchronized Collection<Scheduler> getAllSchedulers() {
        return scheduler == null ? List.of() : List.of(scheduler);
    }

    /** The store's pool lent to Quartz; the store closes it, not Quartz. */
    private record StoreConnections(DataSource dataSource) implements ConnectionProvider {

        @Override
        public Connection getConnection() throws SQLException {
            return dataSource.getConnection();
        }

        @Override
        public void shutdown() {
        }

        @Override
        public void initialize() {
        }
    }
}
