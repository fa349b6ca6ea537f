package com.xerosync.operate;

import com.xerosync.store.SyncTotals;
import com.xerosync.config.XeroSyncSettings;
import com.xerosync.sync.SyncApis;
import com.xerosync.sync.XeroRateGovernor;
import io.micrometer.core.instrument.MeterRegistry;
import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import javax.management.InstanceNotFoundException;
import javax.management.MBeanServer;
import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;
import javax.management.StandardMBean;
import javax.sql.DataSource;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangePropertyKey;
import org.apache.camel.component.micrometer.MicrometerConstants;
import org.apache.camel.health.HealthCheckRegistry;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.support.EventNotifierSupport;
import org.apache.camel.support.service.ServiceHelper;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What operators see of the sync, all read from the same {@link SyncSnapshot} of {@code xero_sync} (the database is
 * the source of truth): the {@code xero_sync_*} metrics in the registry served at {@code /observe/metrics}
 * ({@link SyncMetrics}), one read-only MBean per sync route ({@code com.xerosync:type=SyncApi,name=<route id>}) and
 * one readiness check per sync route ({@code sync:<route id>}) served at {@code /observe/health}.
 *
 * <p>A Camel service: installed once the routes have started, it registers everything when it starts and removes it
 * all when Camel stops.
 */
public final class Operations extends ServiceSupport {

    private static final Logger LOG = LoggerFactory.getLogger(Operations.class);

    /** Failed runs in a row (for one organisation) that make an API's health DOWN. */
    public static final String FAILURES_IN_A_ROW = "health.failures-in-a-row";
    public static final int DEFAULT_FAILURES_IN_A_ROW = 3;
    /** How old the snapshot may be before a reader (scrape, MBean, health check) reads the database again. */
    public static final String SNAPSHOT_MAX_AGE = "operate.snapshot-max-age";
    public static final Duration DEFAULT_SNAPSHOT_MAX_AGE = Duration.ofSeconds(5);
    public static final String MBEAN_DOMAIN = "com.xerosync";

    /** Who registered each of our MBeans, so that a runtime stopping never removes another one's. */
    private static final Map<ObjectName, Operations> OWNERS = new ConcurrentHashMap<>();

    private final CamelContext context;
    private final XeroRateGovernor governor;
    private final Map<String, String> apiByRoute;
    private final int failuresInARow;
    private final Clock clock;
    private final SnapshotCache cache;
    private final List<ObjectName> mbeans = new ArrayList<>();
    private final List<org.apache.camel.health.HealthCheck> checks = new ArrayList<>();
    private java.util.function.Supplier<String> databaseFailure = () -> null;
    private SyncMetrics metrics;
    private RunEnded runEnded;
    private ExecutorService executor;

    private Operations(CamelContext context, DataSource dataSource, XeroRateGovernor governor,
                       Map<String, String> apiByRoute, int failuresInARow, Duration maxAge, Clock clock) {
        this.context = context;
        this.governor = governor;
        this.apiByRoute = apiByRoute;
        this.failuresInARow = failuresInARow;
        this.clock = clock;
        SnapshotQuery query = new SnapshotQuery(new SyncTotals(dataSource));
        this.cache = new SnapshotCache(query::read, clock, maxAge);
    }

    /**
     * Installs metrics, MBeans and health checks for the given sync routes in a started Camel context; they go away
     * when the context stops.
     */
    /**
     * @param databaseFailure why the database can no longer serve and only a restart cures it (the embedded one
     *                        stopped), or null: the liveness check {@code database}
     */
    public static Operations install(CamelContext context, DataSource dataSource, XeroRateGovernor governor,
                                     XeroSyncSettings settings, List<String> syncRoutes,
                                     java.util.function.Supplier<String> databaseFailure) throws Exception {
        int failuresInARow = settings.getInt(FAILURES_IN_A_ROW, DEFAULT_FAILURES_IN_A_ROW);
        if (failuresInARow < 1) {
            throw new IllegalArgumentException(FAILURES_IN_A_ROW + " must be at least 1, not " + failuresInARow);
        }
        Duration maxAge = settings.getDuration(SNAPSHOT_MAX_AGE, DEFAULT_SNAPSHOT_MAX_AGE);
        SyncApis apis = new SyncApis();
        Map<String, String> apiByRoute = new LinkedHashMap<>();
        for (String route : syncRoutes) {
            apiByRoute.put(route, apis.of(context, route).name());
        }
        Operations operations = new Operations(context, dataSource, governor, apiByRoute, failuresInARow, maxAge,
                Clock.systemUTC());
        operations.databaseFailure = databaseFailure;
        context.addService(operations, true, true);
        return operations;
    }

    /** The ObjectName of a sync route's MBean. */
    public static ObjectName objectName(String route) throws MalformedObjectNameException {
        String name = route.matches("[A-Za-z0-9._-]+") ? route : ObjectName.quote(route);
        return new ObjectName(MBEAN_DOMAIN + ":type=SyncApi,name=" + name);
    }

    /** The id of a sync route's readiness check. */
    public static String healthCheckId(String route) {
        return SyncApiHealthCheck.id(route);
    }

    @Override
    protected void doStart() throws Exception {
        executor = context.getExecutorServiceManager().newSingleThreadExecutor(this, "xero-sync-operations");
        SyncSnapshot first = cache.refresh();
        if (first.failure() != null) {
            LOG.warn("Operating: the first snapshot of xero_sync could not be read: {}", first.failure());
        }
        MeterRegistry registry = meterRegistry();
        if (registry != null) {
            metrics = new SyncMetrics(registry, cache, governor, apiByRoute.values(), clock);
            cache.onRefresh(metrics::reconcile);
            metrics.reconcile(cache.peek());
        } else {
            LOG.info("Operating: no Micrometer registry in Camel (camel.metrics.enabled=false?): no xero_sync_* metrics");
        }
        registerMBeans();
        HealthCheckRegistry health = HealthCheckRegistry.get(context);
        if (health != null) {
            apiByRoute.forEach((route, api) -> {
                SyncApiHealthCheck check = new SyncApiHealthCheck(route, api, cache, failuresInARow);
                if (health.register(check)) {
                    checks.add(check);
                }
            });
            DatabaseLivenessCheck database = new DatabaseLivenessCheck(databaseFailure);
            if (health.register(database)) {
                checks.add(database);
            }
        } else {
            LOG.info("Operating: Camel has no health check registry: no sync:<route> readiness checks");
        }
        runEnded = new RunEnded();
        ServiceHelper.startService(runEnded);
        context.getManagementStrategy().addEventNotifier(runEnded);
        LOG.info("Operating: {} sync API(s) observed from xero_sync: metrics xero_sync_*{}, MBeans {}:type=SyncApi,*, "
                + "readiness checks sync:<route> (DOWN after {} failures in a row or when Xero must be connected "
                + "again)", apiByRoute.size(), registry == null ? " (off)" : "", MBEAN_DOMAIN, failuresInARow);
    }

    @Override
    protected void doStop() throws Exception {
        if (runEnded != null) {
            context.getManagementStrategy().removeEventNotifier(runEnded);
            ServiceHelper.stopService(runEnded);
            runEnded = null;
        }
        HealthCheckRegistry health = HealthCheckRegistry.get(context);
        if (health != null) {
            checks.forEach(health::unregister);
        }
        checks.clear();
        unregisterMBeans();
        if (metrics != null) {
            metrics.close();
            metrics = null;
        }
        if (executor != null) {
            context.getExecutorServiceManager().shutdownNow(executor);
            executor = null;
        }
    }

    /** The registry camel-micrometer-prometheus serves at /observe/metrics (bound as "metricsRegistry"). */
    private MeterRegistry meterRegistry() {
        MeterRegistry registry = context.getRegistry().lookupByNameAndType(MicrometerConstants.METRICS_REGISTRY_NAME,
                MeterRegistry.class);
        if (registry == null) {
            Set<MeterRegistry> found = context.getRegistry().findByType(MeterRegistry.class);
            registry = found.size() == 1 ? found.iterator().next() : null;
        }
        return registry;
    }

    private void registerMBeans() throws Exception {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        for (Map.Entry<String, String> route : apiByRoute.entrySet()) {
            ObjectName name = objectName(route.getKey());
            if (server.isRegistered(name)) {
                // left by another runtime in this JVM that did not stop (tests): this one's is the one that counts
                LOG.warn("Operating: replacing the MBean {} registered by an earlier start", name);
                unregister(server, name);
            }
            server.registerMBean(new StandardMBean(new SyncApiStatus(route.getKey(), route.getValue(), cache),
                    SyncApiMXBean.class, true), name);
            OWNERS.put(name, this);
            mbeans.add(name);
        }
    }

    private void unregisterMBeans() {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        for (ObjectName name : mbeans) {
            if (OWNERS.remove(name, this)) {
                unregister(server, name);
            }
        }
        mbeans.clear();
    }

    private static void unregister(MBeanServer server, ObjectName name) {
        try {
            server.unregisterMBean(name);
        } catch (InstanceNotFoundException gone) {
            // already gone
        } catch (Exception e) {
            LOG.warn("Operating: could not unregister the MBean {}: {}", name, e.toString());
        }
    }

    /** A sync run (the exchange Quartz fired, not a sub-exchange) ended: read the bookkeeping again, soon. */
    private final class RunEnded extends EventNotifierSupport {

        @Override
        public boolean isEnabled(CamelEvent event) {
            return event.getType() == CamelEvent.Type.ExchangeCompleted
                    || event.getType() == CamelEvent.Type.ExchangeFailed;
        }

        @Override
        public void notify(CamelEvent event) {
            Exchange exchange = ((CamelEvent.ExchangeEvent) event).getExchange();
            if (apiByRoute.containsKey(exchange.getFromRouteId())
                    && exchange.getProperty(ExchangePropertyKey.CORRELATION_ID) == null) {
                cache.invalidate(executor);
            }
        }
    }
}
