package com.xerosync;

import com.xerosync.config.XeroSyncSettings;
import com.xerosync.store.ApiLeases;
import com.xerosync.sync.ClusterRunLease;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Properties;
import javax.sql.DataSource;
import org.apache.camel.component.quartz.QuartzComponent;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.utils.ConnectionProvider;
import org.quartz.utils.DBConnectionManager;

/**
 * This service as a node of a cluster ({@code cluster.enabled}): its name, and Quartz with its clustered JDBC job store
 * on the sync's own PostgreSQL (tables from migration V21). The nodes share every trigger, a stateful job (one per
 * API) runs on one node at a time, the triggers of a node that stops checking in are taken over by the others after
 * {@code cluster.checkin-interval}, and the run lease keeps a second trigger of a job from running it twice.
 */
final class ClusterNode {

    private final String name;
    private final DataSource dataSource;

    private ClusterNode(String name, DataSource dataSource) {
        this.name = name;
        this.dataSource = dataSource;
    }

    /** The node named by {@code cluster.node-name}, or after its host and process id. */
    static ClusterNode of(XeroSyncSettings settings, DataSource dataSource) {
        return new ClusterNode(settings.get("cluster.node-name").filter(n -> !n.isBlank())
                .orElseGet(ClusterNode::defaultName), dataSource);
    }

    /** The node's name: unique among the nodes, and telling in sync_run.node. */
    String name() {
        return name;
    }

    /** The host's name and this process's id. */
    static String defaultName() {
        String host;
        try {
            host = java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.net.UnknownHostException e) {
            host = "node";
        }
        return host + "-" + ProcessHandle.current().pid();
    }

    /** Camel's quartz component on the clustered job store; its scheduler starts in {@link #startScheduling}. */
    QuartzComponent quartz(XeroSyncSettings settings) {
        String dataSourceName = "xero-sync-" + name;
        DBConnectionManager.getInstance().addConnectionProvider(dataSourceName, new ConnectionProvider() {
            @Override
            public Connection getConnection() throws SQLException {
                return dataSource.getConnection();
            }

            @Override
            public void shutdown() {
                // the pool belongs to the runtime, which closes it after Camel
            }

            @Override
            public void initialize() {
            }
        });
        Properties quartz = new Properties();
        quartz.setProperty("org.quartz.scheduler.instanceName", settings.get("camel.main.name", "xero-sync"));
        quartz.setProperty("org.quartz.scheduler.instanceId", name);
        quartz.setProperty("org.quartz.scheduler.skipUpdateCheck", "true");
        quartz.setProperty("org.quartz.threadPool.class", "org.quartz.simpl.SimpleThreadPool");
        quartz.setProperty("org.quartz.threadPool.threadCount", settings.get("sync.runs-at-once", "64"));
        quartz.setProperty("org.quartz.jobStore.class", "org.quartz.impl.jdbcjobstore.JobStoreTX");
        quartz.setProperty("org.quartz.jobStore.driverDelegateClass", "org.quartz.impl.jdbcjobstore.PostgreSQLDelegate");
        quartz.setProperty("org.quartz.jobStore.dataSource", dataSourceName);
        quartz.setProperty("org.quartz.jobStore.tablePrefix", "quartz.qrtz_");
        quartz.setProperty("org.quartz.jobStore.isClustered", "true");
        quartz.setProperty("org.quartz.jobStore.clusterCheckinInterval",
                String.valueOf(settings.getDuration("cluster.checkin-interval", Duration.ofMillis(7500)).toMillis()));
        quartz.setProperty("org.quartz.jobStore.misfireThreshold", "60000");
        QuartzComponent component = new QuartzComponent();
        component.setProperties(quartz);
        // started once the run lease listens, so that no firing escapes it
        component.setAutoStartScheduler(false);
        return component;
    }

    /** Starts the shared schedule, every firing first claimed through the run lease. */
    void startScheduling(QuartzComponent quartz) throws SchedulerException {
        Scheduler scheduler = quartz.getScheduler();
        ClusterRunLease lease = new ClusterRunLease(new ApiLeases(dataSource), name);
        scheduler.getListenerManager().addTriggerListener(lease);
        scheduler.getListenerManager().addJobListener(lease);
        scheduler.start();
    }
}
