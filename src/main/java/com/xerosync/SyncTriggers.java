package com.xerosync;

import com.xerosync.admin.SyncControl;
import com.xerosync.sync.SyncApi;
import com.xerosync.sync.SyncApis;
import com.xerosync.sync.SyncRunTracker;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.function.Supplier;
import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.apache.camel.component.quartz.QuartzComponent;
import org.apache.camel.component.quartz.QuartzEndpoint;
import org.quartz.JobKey;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.Trigger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * When the sync routes run besides their schedules: each API route is a Quartz job, fired here for {@code --once},
 * the bench and "sync now" after a connect, in waves (the organisations first: their country decides which APIs exist
 * for them; a collection per parent record after the API that syncs its parents; the reports last: aged reports are
 * fetched for the contacts the synced invoices name). A fired run is
 * Quartz's like any other, so it never overlaps a scheduled run of the same API, and in a cluster it runs on whichever
 * node takes it.
 */
final class SyncTriggers implements SyncControl {

    private static final Logger LOG = LoggerFactory.getLogger(SyncTriggers.class);
    /** The route that syncs the organisations themselves (their country decides which APIs exist for them). */
    static final String ORGANISATION_ROUTE = "xero-organisation";

    private final Supplier<CamelContext> camel;
    private final SyncApis apis;
    private final SyncRunTracker tracker;
    private final boolean clustered;
    private final Duration onceTimeout;
    private ExecutorService soon;
    private volatile boolean syncAfterConnect = true;

    /**
     * Camel's quartz component for a single node, on Quartz's in-memory job store with {@code threads} threads: a run
     * holds its thread until all of its organisations are done (they go in parallel on the sync threads), so there is
     * one for every API route, and no schedule waits for another API. A cluster node's is {@link ClusterNode#quartz}.
     */
    static QuartzComponent localScheduler(String name, int threads) {
        Properties quartz = new Properties();
        quartz.setProperty("org.quartz.scheduler.instanceName", name);
        quartz.setProperty("org.quartz.scheduler.skipUpdateCheck", "true");
        quartz.setProperty("org.quartz.threadPool.class", "org.quartz.simpl.SimpleThreadPool");
        quartz.setProperty("org.quartz.threadPool.threadCount", Integer.toString(threads));
        quartz.setProperty("org.quartz.jobStore.class", "org.quartz.simpl.RAMJobStore");
        quartz.setProperty("org.quartz.jobStore.misfireThreshold", "60000");
        QuartzComponent component = new QuartzComponent();
        component.setProperties(quartz);
        return component;
    }

    /**
     * @param clustered   whether the nodes of a cluster share the runs (then "sync now" fires every API and leaves their
     *                    order to whichever nodes take them)
     * @param onceTimeout how long "sync now" waits for a wave
     * @param camel       the running context (camel-main creates it as it starts, after the beans are bound), or null
     *                    before that
     */
    SyncTriggers(Supplier<CamelContext> camel, SyncApis apis, SyncRunTracker tracker, boolean clustered,
                 Duration onceTimeout) {
        this.camel = camel;
        this.apis = apis;
        this.tracker = tracker;
        this.clustered = clustered;
        this.onceTimeout = onceTimeout;
    }

    /** Whether the nodes of a cluster share the runs (cluster.enabled, and running on the schedule). */
    boolean clustered() {
        return clustered;
    }

    /** Whether a connect starts a sync at once (the connect command, which exits when connected, says no). */
    void syncAfterConnect(boolean sync) {
        this.syncAfterConnect = sync;
    }

    @Override
    public List<String> syncRoutes() {
        List<String> ids = new ArrayList<>();
        for (Route route : camel().getRoutes()) {
            if (route.getEndpoint() instanceof QuartzEndpoint
                    && camel().getRouteController().getRouteStatus(route.getId()).isStarted()) {
                ids.add(route.getId());
            }
        }
        ids.sort(String::compareTo);
        return ids;
    }

    @Override
    public Instant nextRun(String routeId) {
        try {
            Trigger trigger = scheduler().getTrigger(((QuartzEndpoint) camel().getRoute(routeId).getEndpoint()).getTriggerKey());
            return trigger == null || trigger.getNextFireTime() == null ? null : trigger.getNextFireTime().toInstant();
        } catch (SchedulerException | RuntimeException e) {
            return null;
        }
    }

    /** One run of every API, in the background, as after a connect: new organisations are synced at once. */
    @Override
    public void syncSoon() {
        CamelContext context = camel.get();
        if (!syncAfterConnect || context == null) {
            // before Camel has started, its first scheduled runs sync whatever was connected
            return;
        }
        synchronized (this) {
            if (soon == null) {
                // Camel's own thread pool: shut down with the context, so a stop never waits for it
                soon = context.getExecutorServiceManager().newSingleThreadExecutor(this, "xero-sync-after-connect");
            }
        }
        soon.execute(() -> {
            try {
                if (clustered) {
                    fireNow(syncRoutes());
                    return;
                }
                runAll(onceTimeout);
            } catch (Exception e) {
                LOG.warn("The sync started after connecting did not complete: {}", e.getMessage());
            }
        });
    }

    /**
     * Runs every sync route once, in waves: the organisations, then every other API (an API listed per record of
     * another's table after that one: Projects before their tasks), then the reports.
     *
     * @return false when the timeout passed first
     */
    boolean runAll(Duration timeout) throws Exception {
        Map<String, SyncApi> data = new HashMap<>();
        List<String> reports = new ArrayList<>();
        List<String> routes = syncRoutes();
        for (String routeId : routes) {
            if (!routeId.equals(ORGANISATION_ROUTE)) {
                SyncApi api = apis.of(camel(), routeId);
                if (api.fetchesReports()) {
                    reports.add(routeId);
                } else {
                    data.put(routeId, api);
                }
            }
        }
        List<List<String>> waves = new ArrayList<>();
        waves.add(routes.contains(ORGANISATION_ROUTE) ? List.of(ORGANISATION_ROUTE) : List.of());
        for (String routeId : routes) {
            if (data.containsKey(routeId)) {
                int depth = depth(data.get(routeId), data.values());
                while (waves.size() <= depth + 1) {
                    waves.add(new ArrayList<>());
                }
                waves.get(depth + 1).add(routeId);
            }
        }
        waves.add(reports);
        for (List<String> wave : waves) {
            if (!wave.isEmpty() && !runNow(wave, timeout)) {
                return false;
            }
        }
        return true;
    }

    /**
     * How many parents deep an API is listed: 0 on its own, 1 per record of an API listed on its own, and so on (a
     * parent table no route syncs counts as listed on its own).
     */
    private static int depth(SyncApi api, Collection<SyncApi> apis) {
        int depth = 0;
        for (SyncApi at = api; at.parent() != null && depth <= apis.size(); depth++) {
            String table = at.parent().table();
            SyncApi parent = apis.stream().filter(a -> a.table().equals(table)).findFirst().orElse(null);
            if (parent == null) {
                return depth + 1;
            }
            at = parent;
        }
        return depth;
    }

    /**
     * Fires the given sync routes now, through their Quartz jobs, and waits until each has finished one run.
     *
     * @return false when the timeout passed first
     */
    boolean runNow(List<String> routeIds, Duration timeout) throws Exception {
        Map<String, Integer> before = new HashMap<>();
        routeIds.forEach(id -> before.put(id, tracker.finished(id)));
        fireNow(routeIds);
        return tracker.await(before, routeIds, timeout);
    }

    /**
     * Fires the given sync routes now, through their Quartz jobs, without waiting: in a cluster they may run on
     * another node (or, when one is running there already, not again).
     */
    void fireNow(List<String> routeIds) throws SchedulerException {
        Scheduler scheduler = scheduler();
        for (String id : routeIds) {
            QuartzEndpoint endpoint = (QuartzEndpoint) camel().getRoute(id).getEndpoint();
            JobKey job = scheduler.getTrigger(endpoint.getTriggerKey()).getJobKey();
            scheduler.triggerJob(job);
        }
    }

    private Scheduler scheduler() {
        return camel().getComponent("quartz", QuartzComponent.class).getScheduler();
    }

    private CamelContext camel() {
        return camel.get();
    }
}
