package com.xerosync;

import com.xerosync.store.TenantStore;
import com.xerosync.config.XeroRateLimits;
import com.xerosync.admin.AdminAccess;
import com.xerosync.admin.AdminPages;
import com.xerosync.admin.DayOfCalls;
import com.xerosync.admin.ConnectFlow;
import com.xerosync.admin.EgressUsage;
import com.xerosync.admin.Permissions;
import com.xerosync.admin.SyncControl;
import com.xerosync.auth.TokenCipher;
import com.xerosync.auth.TokenStore;
import com.xerosync.auth.XeroAuthException;
import com.xerosync.auth.XeroConnections;
import com.xerosync.auth.XeroIdentityClient;
import com.xerosync.config.ExternalText;
import com.xerosync.config.ScopeSet;
import com.xerosync.config.SettingsCheck;
import com.xerosync.config.AppPlan;
import com.xerosync.config.XeroSyncSettings;
import com.xerosync.operate.HostGuard;
import com.xerosync.operate.JolokiaNotificationGuard;
import com.xerosync.operate.Operations;
import com.xerosync.sandbox.EmbeddedSandbox;
import com.xerosync.store.AdminStore;
import com.xerosync.store.CallLedger;
import com.xerosync.store.ConnectionStore;
import com.xerosync.store.Database;
import com.xerosync.store.StatusStore;
import com.xerosync.store.SyncStore;
import com.xerosync.sync.DayBudget;
import com.xerosync.sync.SyncApi;
import com.xerosync.sync.SyncApis;
import com.xerosync.sync.SyncRunTracker;
import com.xerosync.sync.SyncWaits;
import com.xerosync.sync.XeroRateGovernor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import javax.sql.DataSource;
import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.apache.camel.component.quartz.QuartzComponent;
import org.apache.camel.main.Main;
import org.apache.camel.main.SimpleMainShutdownStrategy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running service: database, Xero connection (or the in-process sandbox), and the Camel routes. Started in this
 * order and stopped in the reverse, so PostgreSQL outlives every route that writes to it.
 */
public final class XeroSyncRuntime implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(XeroSyncRuntime.class);

    /** A cron that does not fire (used by --once, which fires each API itself). */
    public static final String NEVER = "0 0 0 1 1 ? 2099";

    private final XeroSyncSettings settings;
    private final SyncRunTracker tracker = new SyncRunTracker();
    private final SyncApis apis = new SyncApis();
    private Database database;
    private EmbeddedSandbox sandbox;
    private volatile Main main;
    private ConnectFlow connect;
    private XeroConnections connections;
    private SyncStore store;
    private SyncTriggers triggers;
    private final CustomConnectionRetry reconnect = new CustomConnectionRetry();
    private boolean closed;
    private final CountDownLatch stopped = new CountDownLatch(1);

    private XeroSyncRuntime(XeroSyncSettings settings) {
        this.settings = settings;
    }

    /**
     * Starts everything.
     *
     * @param scheduled false to keep the Quartz triggers from firing by themselves (for --once and tests)
     */
    public static XeroSyncRuntime start(XeroSyncSettings settings, boolean scheduled) throws Exception {
        XeroSyncRuntime runtime = new XeroSyncRuntime(settings);
        try {
            runtime.doStart(scheduled);
            return runtime;
        } catch (Exception | Error e) {
            runtime.close();
            throw e;
        }
    }

    private void doStart(boolean scheduled) throws Exception {
        // every key, cron, port and choice first: a mistake stops the start before anything runs
        SettingsCheck.ofPackagedFile().check(settings);
        // Camel logs a port it cannot bind and starts anyway: the sync would run without its admin page and health,
        // and the log would point at the other program's
        requireFreePort(settings, "camel.server", "the admin page");
        requireFreePort(settings, "camel.management", "health, metrics and Jolokia");
        Clock clock = Clock.systemUTC();
        // the plan sets the day limit, the connection cap and whether journals are served; a misspelt one stops here
        AppPlan plan = AppPlan.of(settings);
        // commands and --once run beside a cluster on their own schedule; only the service joins it
        boolean cluster = scheduled && settings.getBoolean("cluster.enabled", false);
        triggers = new SyncTriggers(() -> main == null ? null : main.getCamelContext(), apis, tracker, cluster,
                Duration.ofSeconds(settings.getLong("sync.once-timeout", 3600)));
        if (cluster && settings.get("db.url").isEmpty()) {
            throw new IllegalStateException("cluster.enabled is true, so the nodes need one PostgreSQL they all reach: "
                    + "set db.url (DB_URL) on every node; the embedded PostgreSQL belongs to one process");
        }
        database = Database.start(settings);
        ClusterNode clusterNode = cluster ? ClusterNode.of(settings, database.dataSource()) : null;
        String node = cluster ? clusterNode.name() : null;
        SyncStore store = new SyncStore(database.dataSource(), node);
        if (settings.get("xero.client-id").isEmpty()) {
            // the sandbox would mark the real connection for re-authorisation and mix demo organisations into its tables
            int real = store.realConnections();
            if (real > 0) {
                throw new IllegalStateException("No xero.client-id is set, so the built-in sandbox would run, but this "
                        + "database holds " + real + " connection(s) to a real Xero: the sandbox was not started and "
                        + "nothing was synced. Set xero.client-id (XERO_CLIENT_ID) and XERO_CLIENT_SECRET as before, or "
                        + "point db.url (DB_URL) at another database, or db.embedded.data-dir at another folder, to try "
                        + "the sandbox");
            }
        }
        // in a cluster another node may be running them; the next run of the API closes a dead node's run instead
        if (!settings.getBoolean("cluster.enabled", false)) {
            int interrupted = store.failInterruptedRuns();
            if (interrupted > 0) {
                LOG.warn("{} run(s) were interrupted by the last stop; they resume from their last stored page",
                        interrupted);
            }
        }

        XeroApp app;
        if (settings.get("xero.client-id").isEmpty()) {
            sandbox = EmbeddedSandbox.start(settings, plan.plan(), httpConnectTimeout(settings));
            LOG.info("No xero.client-id configured: syncing the built-in offline Xero sandbox at {}", sandbox.baseUrl());
            app = XeroApp.sandbox(settings, sandbox);
        } else {
            app = XeroApp.real(settings, plan);
        }
        XeroConnections.Mode mode = app.mode();
        XeroRateLimits limits = app.limits();
        XeroSyncSettings resolved = settings.with(app.urls());
        CallLedger ledger = cluster ? new CallLedger(database.dataSource(), node,
                Duration.ofMillis(resolved.getLong("camel.component.http.response-timeout", 120_000)).plusSeconds(30),
                clock) : null;
        // Camel ends every pending wait when it begins to stop (a registered lifecycle strategy), so a stop is prompt
        SyncWaits waits = new SyncWaits();
        DayBudget budget = resolved.getBoolean("sync.day-budget.by-priority", true) ? new DayBudget(new DayBudget.Shares(
                resolved.getInt("sync.day-budget.transactions-reserve", 40), resolved.getInt("sync.day-budget.settings-reserve", 5),
                resolved.getInt("sync.day-budget.reports-share", 25)), clock) : null;
        XeroRateGovernor governor = new XeroRateGovernor(limits, clock, ledger, waits, budget);
        LOG.info("The Xero app is on the {} plan ({}): {} organisation(s) at most, {} calls a day each, journals {}",
                plan.plan().title(), plan.setting(), plan.plan().capsConnections()
                        ? String.format("%,d", plan.plan().connections()) : "any number of",
                limits.perDay(), plan.plan().journals() ? "served" : "not served");
        if (limits.enforced()) {
            LOG.info("Xero's rate limits kept per organisation{}: {} calls in flight, {} a minute, {} a day; {} a minute "
                    + "for the app{}", cluster ? " across the cluster" : "", limits.concurrent(), limits.perMinute(),
                    limits.perDay(), limits.appPerMinute(), cluster ? ", counted across the cluster" : "");
        } else {
            LOG.info("Minute limits not enforced by the sandbox: calls are not held back, but an organisation that used "
                    + "up its {} calls of the day is parked until the day resets", limits.perDay());
        }

        XeroIdentityClient identity = new XeroIdentityClient(resolved.require("xero.identity-url"),
                resolved.require("xero.login-url"), resolved.require("xero.api-url"), app.clientId(), app.clientSecret(),
                Duration.ofMillis(resolved.getLong("camel.component.http.connect-timeout", 30_000)), clock);
        ConnectionStore connectionStore = new ConnectionStore(database.dataSource());
        TokenStore tokens = new TokenStore(connectionStore, tokenCipher(mode), identity, clock,
                resolved.getDuration("xero.token-refresh-margin", Duration.ofSeconds(60)));
        String scopesKey = mode == XeroConnections.Mode.SANDBOX ? "sandbox.scopes" : "xero.scopes";
        String scopes = scopes(resolved, scopesKey);
        ScopeSet scopeSet = ScopeSet.ofGranted(scopes, ScopeSet.of(resolved.get("xero.scope-set", "granular")));
        XeroConnections connections = new XeroConnections(tokens, identity, scopes,
                sandbox == null ? null : sandbox::redirectAfterConsent);
        if (mode != XeroConnections.Mode.SANDBOX || settings.getBoolean("sandbox.auto-connect", true)) {
            try {
                connections.connect(mode, settings.secret("xero.refresh-token").orElse(null));
            } catch (XeroAuthException e) {
                if (mode != XeroConnections.Mode.CLIENT_CREDENTIALS || !e.unavailable()) {
                    throw e;
                }
                // a custom connection needs nobody to connect it: it connects as soon as Xero answers
                LOG.warn("Xero's identity service did not answer ({}): xero-sync starts without it and tries again, "
                        + "every {} s at first", ExternalText.printable(e.getMessage()), CustomConnectionRetry.FIRST.toSeconds());
                reconnect.retryLater(connections, mode, CustomConnectionRetry.FIRST, this::syncSoon);
            }
        }

        main = new Main();
        // the runtime's own shutdown hook stops Camel before the database; Camel must not stop on its own first
        main.setShutdownStrategy(new SimpleMainShutdownStrategy());
        TenantStore tenantStore = new TenantStore(database.dataSource());
        if (cluster) {
            main.bind("quartz", clusterNode.quartz(resolved));
            LOG.info("Cluster node {}: the schedules are shared with the other nodes through Quartz's tables in "
                    + "schema quartz; each run starts on one node", node);
        } else {
            main.bind("quartz", SyncTriggers.localScheduler(resolved.get("camel.main.name", "xero-sync"),
                    resolved.getInt("sync.runs-at-once", 64)));
        }
        SyncRouteBeans beans = new SyncRouteBeans(store, tenantStore, tokens, governor, waits, apis, clock, scopeSet,
                plan, unrecordedFailuresFile(resolved));
        main.configure().addConfiguration(beans);
        // an event notifier (runs finished) and a lifecycle strategy (every wait ends as Camel stops), not beans of
        // the routes: camel-main registers such services among the beans bound before it starts
        main.bind("syncRunTracker", tracker);
        main.bind("syncWaits", waits);
        bindAdmin(resolved, mode, connections, connectionStore, tenantStore, identity, store, scopes, scopeSet, plan,
                governor);
        main.configure().withRoutesIncludePattern(routesPattern());
        Properties properties = resolved.asProperties();
        if (!scheduled) {
            properties.stringPropertyNames().stream().filter(k -> k.startsWith("sync.") && k.endsWith(".cron"))
                    .forEach(k -> properties.setProperty(k, NEVER));
        }
        main.setOverrideProperties(properties);
        main.start();
        JolokiaNotificationGuard.install(camelContext());
        HostGuard.install(camelContext(), List.of(resolved.get("admin.allowed-hosts", "").split(",")),
                redirectUri(resolved));
        if (cluster) {
            clusterNode.startScheduling(camelContext().getComponent("quartz", QuartzComponent.class));
        }
        boolean reports = false;
        for (String routeId : syncRoutes()) {
            try {
                SyncApi api = apis.of(camelContext(), routeId);
                if (api.fetchesReports()) {
                    reports = true;
                } else {
                    beans.tables().check(api);
                }
            } catch (RuntimeException e) {
                throw new IllegalStateException("Route " + routeId + " in routes/ does not fit the database: "
                        + e.getMessage(), e);
            }
        }
        // the report routes share their tables (and the tables telling when data changed): checked once
        if (reports) {
            beans.reports().check();
        }
        Operations.install(camelContext(), database.dataSource(), governor, resolved, syncRoutes(),
                database::embeddedFailure);
        LOG.info("xero-sync started: {} API route(s) {}", syncRoutes().size(), syncRoutes());
        if (resolved.getBoolean("camel.server.enabled", false)) {
            LOG.info("Admin page: http://{}:{}/admin", resolved.get("camel.server.host", "127.0.0.1").replace("0.0.0.0", "localhost"),
                    resolved.get("camel.server.port", "8080"));
        }
    }

    /** Fails the start when {@code <prefix>.port} on {@code <prefix>.host} is enabled and another program holds it. */
    private static void requireFreePort(XeroSyncSettings settings, String prefix, String serves) {
        int port = settings.getInt(prefix + ".port", 0);
        if (!settings.getBoolean(prefix + ".enabled", false) || port == 0) {
            return;
        }
        String host = settings.get(prefix + ".host", "0.0.0.0");
        try (java.net.ServerSocket socket = new java.net.ServerSocket()) {
            socket.bind(new java.net.InetSocketAddress(host, port));
        } catch (java.io.IOException e) {
            throw new IllegalStateException(prefix + ".port " + port + " on " + host + " cannot be bound for " + serves
                    + " (" + e.getMessage() + "): another program holds it, perhaps another xero-sync. Stop it, or set "
                    + prefix + ".port (" + XeroSyncSettings.envName(prefix + ".port") + ") to a free port", e);
        }
    }

    /** Where failures the database could not take are kept: sync.unrecorded-failures-file, or beside the data folder. */
    private static Path unrecordedFailuresFile(XeroSyncSettings resolved) {
        return Path.of(resolved.get("sync.unrecorded-failures-file").orElse(
                resolved.get("db.embedded.data-dir", "data/postgres") + ".unrecorded-failures.jsonl"));
    }

    /** Where Xero sends the admin back after Connect: xero.redirect-uri, or the admin page's own callback. */
    private static String redirectUri(XeroSyncSettings resolved) {
        return resolved.get("xero.redirect-uri").filter(u -> !u.isBlank())
                .orElse("http://localhost:" + resolved.get("camel.server.port", "8080") + "/admin/callback");
    }

    /** The admin pages' beans (routes/admin.yaml): access, the connect flow, the pages. */
    private void bindAdmin(XeroSyncSettings resolved, XeroConnections.Mode mode, XeroConnections connections,
                           ConnectionStore connectionStore, TenantStore tenantStore, XeroIdentityClient identity,
                           SyncStore store,
                           String scopes, ScopeSet scopeSet,
                           AppPlan plan, XeroRateGovernor governor) {
        String redirectUri = redirectUri(resolved);
        AdminAccess access = new AdminAccess(resolved.get("admin.username", "admin"),
                settings.secret("admin.password").orElse(null), mode == XeroConnections.Mode.SANDBOX);
        SyncControl control = triggers;
        ConnectFlow connect = new ConnectFlow(new AdminStore(database.dataSource()), tenantStore, connections,
                store::purgeTenant, identity, control, plan, redirectUri, scopes, scopeSet, access);
        main.bind("adminAccess", access);
        main.bind("xeroConnect", connect);
        StatusStore statusStore = new StatusStore(database.dataSource());
        DayOfCalls day = new DayOfCalls(statusStore, governor.limits().perDay(), tenantId -> {
            XeroRateGovernor.Quota quota = governor.quotas().get(tenantId);
            return quota == null ? null : quota.dayRemaining();
        });
        main.bind("adminPages", new AdminPages(statusStore, connectionStore, tenantStore, access, connect, control, plan,
                new EgressUsage(statusStore, plan.plan(), Clock.systemUTC()), day));
        this.connect = connect;
        this.connections = connections;
        this.store = store;
    }

    /**
     * The scopes to connect with: the key's own ({@code xero.scopes}, or {@code sandbox.scopes} for the sandbox) when
     * it names any, with offline_access; otherwise those of {@code xero.scope-set} (granular unless set to broad): its
     * default permissions for an app, every permission, the optional ones included, for the sandbox's demo.
     */
    static String scopes(XeroSyncSettings settings, String key) {
        String explicit = settings.get(key, "").trim();
        if (!explicit.isEmpty()) {
            return ScopeSet.split(explicit).contains(Permissions.OFFLINE_ACCESS) ? explicit
                    : Permissions.OFFLINE_ACCESS + " " + explicit;
        }
        ScopeSet set = ScopeSet.of(settings.get("xero.scope-set", "granular"));
        return key.startsWith("sandbox.") ? Permissions.everything(set) : Permissions.defaults(set);
    }

    /** Whether a connect starts a sync at once (the connect command, which exits when connected, says no). */
    public void syncAfterConnect(boolean sync) {
        triggers.syncAfterConnect(sync);
    }

    /** Disconnects an organisation at Xero and here (the disconnect command); its data is purged only if asked. */
    public void disconnect(String tenantId, boolean purge) throws java.sql.SQLException {
        connections.disconnect(tenantId, purge, store::purgeTenant);
    }

    /** The browser connect flow (for the connect command). */
    public ConnectFlow connectFlow() {
        return connect;
    }

    /** When a sync route runs next on its schedule, or null. */
    public Instant nextRun(String routeId) {
        return triggers.nextRun(routeId);
    }

    /** One run of every API, in the background, as after a connect: new organisations are synced at once. */
    public void syncSoon() {
        triggers.syncSoon();
    }

    /**
     * Tokens are encrypted at rest with the key in XERO_SYNC_TOKEN_KEY. A real Xero connection cannot start without
     * it; the sandbox, whose grants are re-established at every start, uses a throw-away key when none is given.
     */
    private TokenCipher tokenCipher(XeroConnections.Mode mode) {
        Optional<String> key = settings.secret("xero.token-key");
        if (key.isPresent()) {
            return TokenCipher.fromBase64(key.get());
        }
        if (mode == XeroConnections.Mode.SANDBOX) {
            return TokenCipher.ephemeral();
        }
        throw new IllegalStateException("Tokens are stored encrypted, and no key is set: put 32 random bytes, base64, "
                + "in the environment variable " + TokenCipher.KEY_ENV + " (openssl rand -base64 32) and keep it: "
                + "without it the stored connection cannot be used");
    }

    private static Duration httpConnectTimeout(XeroSyncSettings settings) {
        return Duration.ofMillis(settings.getLong("camel.component.http.connect-timeout", 30_000));
    }

    private String routesPattern() {
        return settings.get("sync.routes").orElse(Files.isDirectory(Path.of("routes"))
                ? "file:routes/*.yaml" : "classpath:routes/*.yaml");
    }

    /** The ids of the started sync routes (those fired by Quartz). */
    public List<String> syncRoutes() {
        return triggers.syncRoutes();
    }

    /** The route that syncs the organisations themselves (their country decides which APIs exist for them). */
    public static final String ORGANISATION_ROUTE = SyncTriggers.ORGANISATION_ROUTE;

    /**
     * Runs every sync route once, in waves: the organisations, then every other API (a collection per parent record
     * after its parents' API), then the reports.
     *
     * @return false when the timeout passed first
     */
    public boolean runAll(Duration timeout) throws Exception {
        return triggers.runAll(timeout);
    }

    /**
     * Fires the given sync routes now, through their Quartz jobs, and waits until each has finished one run.
     *
     * @return false when the timeout passed first
     */
    public boolean runNow(List<String> routeIds, Duration timeout) throws Exception {
        return triggers.runNow(routeIds, timeout);
    }

    /** Fires the given sync routes now, without waiting: in a cluster they may run on another node. */
    public void fireNow(List<String> routeIds) throws Exception {
        triggers.fireNow(routeIds);
    }

    /** Whether this runtime is a node of a cluster (cluster.enabled, and running on the schedule). */
    public boolean clustered() {
        return triggers.clustered();
    }

    public CamelContext camelContext() {
        return main.getCamelContext();
    }

    public DataSource dataSource() {
        return database.dataSource();
    }

    /** The in-process sandbox, or null when a real Xero is configured. */
    public EmbeddedSandbox sandbox() {
        return sandbox;
    }

    public XeroSyncSettings settings() {
        return settings;
    }

    /** Blocks until the process is asked to stop. */
    public void awaitShutdown() throws InterruptedException {
        stopped.await();
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        Instant start = Instant.now();
        reconnect.close();
        if (main != null) {
            try {
                main.completed();
                main.stop();
            } catch (Exception e) {
                LOG.warn("Camel did not stop cleanly: {}", e.getMessage());
            }
        }
        if (sandbox != null) {
            sandbox.close();
        }
        if (database != null) {
            database.close();
        }
        LOG.info("xero-sync stopped in {} ms", Duration.between(start, Instant.now()).toMillis());
        stopped.countDown();
    }
}
