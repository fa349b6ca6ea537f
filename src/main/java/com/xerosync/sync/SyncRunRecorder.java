package com.xerosync.sync;

import com.xerosync.store.SyncCursor;
import com.xerosync.store.Egress;
import com.xerosync.config.ExternalText;
import com.xerosync.config.ScopeSet;
import com.xerosync.config.AppPlan;
import com.xerosync.config.XeroPlan;
import com.xerosync.store.TenantStore.TenantToSync;
import com.xerosync.store.FailureSpool;
import com.xerosync.store.FailureSpool.PendingFailure;
import com.xerosync.store.SyncStore;
import com.xerosync.store.SyncedTables;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Queue;
import java.util.stream.Collectors;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.regex.Pattern;
import org.apache.camel.Exchange;
import org.apache.camel.InvalidPayloadException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens and closes the {@code sync_run} row of each run, and is the error channel's recorder: a failure of an API for
 * an organisation is written to {@code sync_failure} and closes its run as failed, and the route goes on with the next
 * organisation.
 */
public final class SyncRunRecorder {

    private static final Logger LOG = LoggerFactory.getLogger(SyncRunRecorder.class);

    /** Failures kept while the database is unavailable: bounded, a dead database must not exhaust the memory. */
    private static final int MAX_UNRECORDED = 1000;
    private static final Pattern BATCH_STATEMENT = Pattern.compile("Batch entry (\\d+) .*? was aborted: ", Pattern.DOTALL);

    private final SyncStore store;
    /** The synced tables, for the parents a collection per parent is listed for. */
    private final SyncedTables tables;
    private final SyncApis apis;
    private final Queue<Failure> unrecorded = new ConcurrentLinkedQueue<>();
    private final XeroRateGovernor governor;
    private final Clock clock;
    private final int pageSize;
    private final ScopeSet scopeSet;
    private final AppPlan plan;
    private final SyncWaits waits;
    private final FailureSpool spool;

    /**
     * @param scopeSet the scope set connections ask for (xero.scope-set): messages name the permission to add in it,
     *                 unless a connection's own scopes are of the other set
     * @param plan     the Xero plan the app is on: APIs it does not serve are skipped
     * @param waits    tells when the service stops: no run begins then, and one cut short is closed as interrupted
     * @param unrecordedFile where failures the database could not take are kept until it can, or null
     */
    public SyncRunRecorder(SyncStore store, SyncedTables tables, SyncApis apis, XeroRateGovernor governor, Clock clock,
                           int pageSize, ScopeSet scopeSet, AppPlan plan, SyncWaits waits,
                           java.nio.file.Path unrecordedFile) {
        this.spool = new FailureSpool(unrecordedFile);
        List<PendingFailure> kept = spool.read();
        if (!kept.isEmpty()) {
            kept.forEach(failure -> unrecorded.add(new Failure(null, failure)));
            LOG.warn("{} failure(s) the database could not take before the last stop are recorded at the next run "
                    + "(kept in {})", kept.size(), unrecordedFile);
        }
        this.waits = waits;
        this.store = store;
        this.tables = tables;
        this.apis = apis;
        this.governor = governor;
        this.clock = clock;
        this.pageSize = pageSize;
        this.scopeSet = scopeSet;
        this.plan = plan;
    }

    /** Camel step: the body is one organisation ({@link TenantToSync}). */
    public void begin(Exchange exchange) throws SQLException, InvalidPayloadException {
        waits.checkRunning();
        SyncApi api = apis.of(exchange);
        TenantToSync tenant = exchange.getMessage().getMandatoryBody(TenantToSync.class);
        String tenantId = tenant.tenantId();
        Instant started = clock.instant();
        long runId = store.beginRun(api.name(), tenantId, started);
        recordUnrecorded();
        boolean fullReload = fullReloadDue(api, tenantId, started);
        SyncCursor cursor = (api.incremental() && !fullReload) || api.paging() == SyncApi.Paging.OFFSET
                ? store.cursor(tenantId, api.name()) : null;
        SyncRun run = new SyncRun(api, tenantId, tenant.tenantName(), tenant.connectionId(),
                runId, started, Math.min(pageSize, api.maxPageSize()), cursor);
        if (fullReload) {
            run.reloadFully();
        } else if (api.priority() != DayBudget.Priority.REPORTS && (api.incremental() || api.paging() == SyncApi.Paging.OFFSET)
                && !store.hasSucceeded(tenantId, api.name())) {
            // its history is still to be fetched (a first full sync, or journals catching up): it ranks last
            run.backfill();
        }
        exchange.setProperty(SyncRun.PROPERTY, run);
        run.grantedScopes(tenant.scopes());
        Instant until = tenant.throttledUntil();
        if (until != null && until.isAfter(started)) {
            governor.parkUntil(tenantId, until);
            run.throttle("parked: Xero's daily limit for this organisation is used up; it resumes by itself at the "
                    + "first run after " + until + ", when the limit has reset");
            LOG.info("{} · {}", run, run.skipped());
            return;
        }
        String skip = skipReason(api, plan, scopeSet, tenant.countryCode(), tenant.scopes());
        if (skip != null) {
            run.skip(skip);
            LOG.info("{} · skipped, {}", run, skip);
            return;
        }
        String refused = store.scopeRefusal(tenantId, api.name(), run.connectionId(), run.grantedScopes());
        if (refused != null) {
            run.skip(refused);
            LOG.info("{} · skipped, {}", run, refused);
            return;
        }
        String parents = "";
        if (api.parent() != null) {
            List<String> parentIds = tables.liveIds(api.parent().table(), ApiTables.parentColumn(tables, api), tenantId);
            run.listParents(parentIds);
            parents = ", one listing for each of the " + parentIds.size() + " rows of xero." + api.parent().table()
                    + " by " + api.parent().field();
        }
        LOG.info("{} · sync started ({}{})", run, fullReload ? "full reload, due every " + api.fullReloadEvery()
                : cursor == null ? "full"
                : cursor.position() != null ? "after " + api.offsetField() + " " + cursor.position()
                : "changes since " + cursor.modifiedSince(), parents);
    }

    /**
     * Whether an incremental API reloads everything this run: it sees only changes, so records Xero deleted for good
     * show only in a full listing, which is due {@code fullReloadEvery} after the last one started.
     */
    private boolean fullReloadDue(SyncApi api, String tenantId, Instant now) throws SQLException {
        if (!api.incremental() || api.fullReloadEvery() == null) {
            return false;
        }
        Instant last = store.lastFullReload(tenantId, api.name());
        return last == null || !last.plus(api.fullReloadEvery()).isAfter(now);
    }

    /** Why the API is not run for this organisation, or null when it is. */
    static String skipReason(SyncApi api, AppPlan plan, ScopeSet scopeSet, String country, String grantedScopes) {
        String countries = String.join(", ", api.countries());
        if (api.countrySpecific() && country == null) {
            return "waiting: " + api.routeId() + " exists for organisations in " + countries + " only, and this "
                    + "organisation's country is not known until xero-organisation has synced it";
        }
        if (!api.existsIn(country)) {
            return "not available: " + api.routeId() + " exists for organisations in " + countries + " only, and this one "
                    + "is in " + country;
        }
        if (!api.servedOn(plan.plan())) {
            return "not on the " + plan.plan().title() + " plan: Xero serves " + api.planFeature() + " to apps on "
                    + XeroPlan.serving(api.planFeature()).stream().map(XeroPlan::title).collect(Collectors.joining(" or "))
                    + "; set " + plan.setting() + " if your app is on one, to sync " + api.routeId();
        }
        if (!api.grantedBy(grantedScopes)) {
            return "not granted: the connection lacks the Xero permission " + permissionToAdd(api, grantedScopes, scopeSet)
                    + " to sync " + api.routeId() + ": " + HOW_TO_ADD;
        }
        return null;
    }

    /** Camel step: the run fetched and stored its last page. */
    public void succeed(Exchange exchange) throws SQLException {
        SyncRun run = exchange.getProperty(SyncRun.PROPERTY, SyncRun.class);
        run.awaitWrite();
        if (run.skipped() != null) {
            finish(run, run.throttled() ? "throttled" : "skipped", run.skipped());
            return;
        }
        finish(run, "success", null);
        LOG.info("{} · sync succeeded: {} records, {} pages, {} API calls, {} in {} s{}", run, run.records(), run.pages(),
                run.apiCalls(), EgressMeter.describe(run.egress()), seconds(run), run.rateLimitWaitMillis() == 0 ? ""
                        : String.format(" (%.1f s of it waiting for Xero's rate limits)", run.rateLimitWaitMillis() / 1000.0));
    }

    /**
     * Camel step for a 403. A missing scope fails the call with the permission to add; otherwise the organisation
     * revoked access or was disconnected: it is marked so and not called again until it is connected again.
     */
    public void forbidden(Exchange exchange) throws SQLException {
        SyncRun run = exchange.getProperty(SyncRun.PROPERTY, SyncRun.class);
        String challenge = exchange.getMessage().getHeader("WWW-Authenticate", String.class);
        String body = exchange.getMessage().getBody(String.class);
        String what = run.api().endpoint() + " of " + run;
        if (challenge != null && challenge.contains("insufficient_scope")) {
            throw new XeroScopeRefusedException(403, "Xero refused " + run.api().endpoint()
                    + " with 403 insufficient_scope");
        }
        store.markTenantDisconnected(run.tenantId());
        throw new XeroApiException(403, XeroApiException.of(403, body, what).getMessage()
                + " The organisation is marked disconnected and is not synced until it is connected again.");
    }

    /** Error channel: records the exception being handled. */
    public void fail(Exchange exchange) {
        Throwable error = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        SyncRun run = exchange.getProperty(SyncRun.PROPERTY, SyncRun.class);
        String api = run != null ? run.api().name() : apiName(exchange);
        if (run != null) {
            // the run ends only after its last page's write; the exception being handled is the one recorded
            try {
                run.awaitWrite();
            } catch (SQLException | RuntimeException e) {
                LOG.warn("{} · the last page's write failed too: {}", run, e.getMessage());
            }
        }
        // a failure before the run began (e.g. the database) still names the organisation being synced
        Object body = exchange.getMessage().getBody();
        String tenantId = run != null ? run.tenantId()
                : body instanceof TenantToSync tenant ? tenant.tenantId() : null;
        String message = databaseUnavailable(error)
                ? "The database is unavailable (" + describe(error) + "): the page being written was rolled back and "
                        + "the next run resumes from the last stored page. Check that PostgreSQL is running and db.url is right."
                : describe(error);
        if (error instanceof XeroThrottledException throttled && run != null) {
            park(run, throttled);
            return;
        }
        if (error instanceof DayBudget.Deferred deferred && run != null) {
            defer(run, deferred);
            return;
        }
        if (error instanceof SyncWaits.Stopped) {
            interrupted(run, error.getMessage());
            return;
        }
        if (error instanceof XeroScopeRefusedException refused && run != null) {
            skipRefused(run, refused);
            return;
        }
        Integer status = error instanceof XeroApiException xero ? xero.status() : null;
        // Xero's words are in it (an error's Detail): one line, whatever they hold
        LOG.error("{} · sync failed: {}", run != null ? run : "xero-" + api, ExternalText.oneLine(message));
        Failure failure = new Failure(run, new PendingFailure(api, tenantId, run == null ? null : run.runId(), status,
                error == null ? "unknown" : error.getClass().getSimpleName(), message, clock.instant()));
        try {
            record(failure);
        } catch (SQLException | RuntimeException e) {
            // the database itself is down: the failure is kept and recorded when it is back (at the next run's start)
            synchronized (spool) {
                if (unrecorded.size() < MAX_UNRECORDED) {
                    unrecorded.add(failure);
                    keepUnrecorded();
                }
            }
            LOG.error("xero-{} · the failure could not be recorded in the database either ({}); it is recorded when the "
                    + "database is back", api, e.getMessage());
        }
    }

    /**
     * A failure of a run (or of a route before its run began) to record, with the run it ends; {@code run} is null
     * when read back from the spool.
     */
    private record Failure(SyncRun run, PendingFailure failure) {
    }

    private void record(Failure pending) throws SQLException {
        SyncRun run = pending.run();
        PendingFailure failure = pending.failure();
        if (run != null) {
            finish(run, "failed", failure.message());
        }
        store.recordFailure(failure.api(), failure.tenantId(), failure.runId(), failure.status(), failure.type(),
                failure.message(), failure.at());
    }

    /** Ends the run's row with everything its calls received, and adds what its pages did not record to the month. */
    private void finish(SyncRun run, String status, String error) throws SQLException {
        Egress added = run.egressToRecord();
        store.finishRun(run.runId(), run.tenantId(), status, run.records(), run.pages(), run.egress(), added, error,
                run.priority().label(), run.expectedRecords());
        run.egressRecorded(added);
    }

    /**
     * Records the failures the database was not there to take, now that it answers again. Runs of many organisations
     * begin at once: one of them drains the queue and rewrites the spool at a time, so none is recorded twice.
     */
    private void recordUnrecorded() {
        if (unrecorded.isEmpty()) {
            return;
        }
        synchronized (spool) {
            for (Failure failure; (failure = unrecorded.peek()) != null; ) {
                try {
                    record(failure);
                    unrecorded.remove(failure);
                } catch (SQLException | RuntimeException e) {
                    keepUnrecorded();
                    return;
                }
            }
            keepUnrecorded();
        }
    }

    private void keepUnrecorded() {
        spool.keep(unrecorded.stream().map(Failure::failure).toList());
    }

    /** How a person adds a permission. */
    private static final String HOW_TO_ADD = "tick it on the admin page (/admin) and click Reconnect, or add it to "
            + "xero.scopes (sandbox.scopes for the sandbox) and connect again";

    /**
     * The permission a person adds for the API, named in the scope set the connection was granted in (or, before a
     * grant, the configured one).
     */
    private static String permissionToAdd(SyncApi api, String grantedScopes, ScopeSet scopeSet) {
        ScopeSet set = ScopeSet.ofGranted(grantedScopes, scopeSet);
        List<String> scopes = set.choose(api.scopes());
        return String.join(" or ", scopes.isEmpty() ? api.scopes() : scopes) + ", one of Xero's " + set.describe() + ",";
    }

    /**
     * A missing permission is not a failure: the run is skipped, naming the permission to add, and remembered with the
     * connection's scopes, so later runs of the API for the organisation skip without calling Xero or refreshing until
     * the connection is connected again. The connection stays active: its other APIs go on.
     */
    private void skipRefused(SyncRun run, XeroScopeRefusedException refused) {
        String message = "not allowed: " + refused.getMessage() + ", so this organisation's connection lacks the Xero "
                + "permission " + permissionToAdd(run.api(), run.grantedScopes(), scopeSet) + " to sync " + run.api().routeId()
                + ": " + HOW_TO_ADD + ". If Xero then refuses to grant it, enable it for your app in the Xero developer "
                + "portal (developer.xero.com, My Apps) or leave it unticked.";
        LOG.warn("{} · skipped, {}", run, ExternalText.oneLine(message));
        try {
            store.rememberScopeRefusal(run.tenantId(), run.api().name(), run.connectionId(), run.grantedScopes(), message);
            finish(run, "skipped", message);
        } catch (SQLException | RuntimeException e) {
            LOG.error("{} · the missing permission could not be recorded in the database: {}", run, e.getMessage());
        }
    }

    /**
     * A run the service's stop cut short is closed as a restart would close it: failed as interrupted, with no failure
     * of the API recorded, and resumed from its last stored page at the next start. One that had not begun is not
     * recorded at all.
     */
    private void interrupted(SyncRun run, String message) {
        if (run == null) {
            return;
        }
        LOG.info("{} · {}", run, message);
        try {
            finish(run, "failed", message);
        } catch (SQLException | RuntimeException e) {
            LOG.warn("{} · the interrupted run could not be closed ({}); the next start closes it", run, e.getMessage());
        }
    }

    /** A day-limit stop is not a failure: the run is throttled and the organisation parked until the limit resets. */
    private void park(SyncRun run, XeroThrottledException throttled) {
        LOG.warn("{} · {}", run, ExternalText.oneLine(throttled.getMessage()));
        governor.parkUntil(run.tenantId(), throttled.until());
        try {
            store.parkTenant(run.tenantId(), throttled.until());
            finish(run, "throttled", throttled.getMessage());
        } catch (SQLException | RuntimeException e) {
            LOG.error("{} · the parking could not be recorded in the database: {}", run, e.getMessage());
        }
    }

    /** A call the day budget keeps for higher priorities is not a failure: the run is throttled, the rest goes on. */
    private void defer(SyncRun run, DayBudget.Deferred deferred) {
        LOG.info("{} · {}", run, deferred.getMessage());
        try {
            finish(run, "throttled", deferred.getMessage());
        } catch (SQLException | RuntimeException e) {
            LOG.error("{} · the deferred run could not be recorded in the database: {}", run, e.getMessage());
        }
    }

    private String apiName(Exchange exchange) {
        String routeId = exchange.getFromRouteId();
        try {
            return apis.of(exchange).name();
        } catch (RuntimeException notTemplated) {
            return routeId == null ? "unknown" : routeId.replaceFirst("^xero-", "");
        }
    }

    /** Whether the failure is the database connection itself (SQLState class 08), not a statement that failed. */
    private static boolean databaseUnavailable(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            // 08: connection exceptions; 57P: the server shutting down or restarting (57P01 ends the sessions it had)
            if (t instanceof java.sql.SQLTransientConnectionException
                    || t instanceof SQLException sql && sql.getSQLState() != null
                    && (sql.getSQLState().startsWith("08") || sql.getSQLState().startsWith("57P"))) {
                return true;
            }
        }
        return false;
    }

    /** The message a person reads: the cause chain, without stack traces. */
    static String describe(Throwable error) {
        if (error == null) {
            return "unknown error";
        }
        StringBuilder text = new StringBuilder(error.getMessage() == null ? error.getClass().getSimpleName() : error.getMessage());
        Throwable cause = error.getCause();
        while (cause != null && cause != error) {
            if (cause.getMessage() != null && !text.toString().contains(cause.getMessage())) {
                text.append(" (caused by ").append(cause.getClass().getSimpleName()).append(": ")
                        .append(cause.getMessage()).append(')');
            }
            error = cause;
            cause = cause.getCause();
        }
        // a failed batch quotes its whole statement, values and all: the reason is what a person needs
        return BATCH_STATEMENT.matcher(text).replaceAll("Batch entry $1 was aborted: ");
    }

    private double seconds(SyncRun run) {
        return Duration.between(run.startedAt(), clock.instant()).toMillis() / 1000.0;
    }
}
