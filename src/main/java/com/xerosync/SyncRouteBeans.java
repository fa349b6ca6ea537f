package com.xerosync;

import com.xerosync.auth.TokenStore;
import com.xerosync.config.AppPlan;
import com.xerosync.config.ScopeSet;
import com.xerosync.store.ReportStore;
import com.xerosync.store.SyncStore;
import com.xerosync.store.SyncedTables;
import com.xerosync.store.TenantStore;
import com.xerosync.sync.CallAuthorization;
import com.xerosync.sync.EgressMeter;
import com.xerosync.sync.PageWriter;
import com.xerosync.sync.ReportWriter;
import com.xerosync.sync.SyncApis;
import com.xerosync.sync.SyncRunRecorder;
import com.xerosync.sync.SyncWaits;
import com.xerosync.sync.XeroRateGovernor;
import com.xerosync.sync.XeroRequests;
import com.xerosync.sync.XeroRetries;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelContext;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.PropertyInject;

/**
 * The beans the sync routes call by name ({@code ref:} in {@code routes/*.yaml}), bound in Camel's registry as a
 * camel-main configuration class binds its {@code @BindToRegistry} methods. The numbers they take are Camel properties
 * ({@code @PropertyInject}): {@code application.properties}, then the environment and {@code -D}, with their defaults
 * in the packaged file alone, and their ranges checked before the start ({@code SettingsCheck}). What the runtime made
 * before Camel (the database's repositories, the token store, the governor) comes in through the constructor.
 */
public final class SyncRouteBeans implements CamelConfiguration {

    private final SyncStore store;
    private final TenantStore tenantStore;
    private final TokenStore tokens;
    private final XeroRateGovernor governor;
    private final SyncWaits waits;
    private final SyncApis apis;
    private final Clock clock;
    private final ScopeSet scopeSet;
    private final AppPlan plan;
    private final Path unrecordedFailures;
    private final SyncedTables syncedTables;
    private final PageWriter pageWriter;
    private final ReportWriter reportWriter;

    /**
     * @param scopeSet           the scope set connections ask for: skipped runs name the permission to add in it
     * @param unrecordedFailures where failures the database cannot take wait for it, or null
     */
    public SyncRouteBeans(SyncStore store, TenantStore tenantStore, TokenStore tokens, XeroRateGovernor governor,
                          SyncWaits waits, SyncApis apis, Clock clock, ScopeSet scopeSet,
                          AppPlan plan, Path unrecordedFailures) {
        this.store = store;
        this.tenantStore = tenantStore;
        this.tokens = tokens;
        this.governor = governor;
        this.waits = waits;
        this.apis = apis;
        this.clock = clock;
        this.scopeSet = scopeSet;
        this.plan = plan;
        this.unrecordedFailures = unrecordedFailures;
        this.syncedTables = new SyncedTables(store);
        this.pageWriter = new PageWriter(syncedTables);
        this.reportWriter = new ReportWriter(new ReportStore(store), clock);
    }

    /**
     * The threads every sync route shares ({@code executorService: xeroSyncThreads}): a run's organisations go in
     * parallel on them (split), and a call the governor holds back waits on them as a scheduled task holding none
     * (delay). Created by Camel's thread pool manager, which shuts it down with Camel.
     */
    @Override
    public void configure(CamelContext camelContext) {
        int threads = Integer.parseInt(camelContext.resolvePropertyPlaceholders("{{sync.threads}}").trim());
        camelContext.getRegistry().bind("xeroSyncThreads", ScheduledExecutorService.class,
                camelContext.getExecutorServiceManager().newScheduledThreadPool(this, "xero-sync-call", threads));
    }

    /** The organisations each sync route runs for (xero-call.yaml). */
    @BindToRegistry("tenantStore")
    public TenantStore tenantStore() {
        return tenantStore;
    }

    @BindToRegistry("syncRuns")
    public SyncRunRecorder syncRuns(@PropertyInject("sync.page-size") int pageSize) {
        return new SyncRunRecorder(store, syncedTables, apis, governor, clock, pageSize, scopeSet, plan, waits,
                unrecordedFailures);
    }

    @BindToRegistry("xeroRequests")
    public XeroRequests xeroRequests() {
        return new XeroRequests();
    }

    @BindToRegistry("xeroRateGovernor")
    public XeroRateGovernor xeroRateGovernor() {
        return governor;
    }

    @BindToRegistry("callAuthorization")
    public CallAuthorization callAuthorization() {
        return new CallAuthorization(tokens);
    }

    @BindToRegistry("egressMeter")
    public EgressMeter egressMeter(@PropertyInject("sync.max-page-bytes") int maxPageBytes) {
        return new EgressMeter(maxPageBytes);
    }

    @BindToRegistry("xeroRetries")
    public XeroRetries xeroRetries(@PropertyInject("xero.retry.max-attempts") int maxAttempts,
                                   @PropertyInject("xero.retry.initial-delay-ms") long initialDelayMillis,
                                   @PropertyInject("xero.retry.max-delay-ms") long maxDelayMillis) {
        return new XeroRetries(maxAttempts, Duration.ofMillis(initialDelayMillis), Duration.ofMillis(maxDelayMillis));
    }

    @BindToRegistry("pageWriter")
    public PageWriter pageWriter() {
        return pageWriter;
    }

    @BindToRegistry("reportWriter")
    public ReportWriter reportWriter() {
        return reportWriter;
    }

    /** Checks at start-up that every route fits the database (its tables, keys and named columns). */
    PageWriter tables() {
        return pageWriter;
    }

    ReportWriter reports() {
        return reportWriter;
    }
}
