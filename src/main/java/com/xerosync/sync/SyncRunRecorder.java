package com.xerosync.sync;

import com.xerosync.store.SyncStore;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
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

    private final SyncStore store;
    private final SyncApis apis;
    private final Clock clock;
    private final int pageSize;

    public SyncRunRecorder(SyncStore store, SyncApis apis, Clock clock, int pageSize) {
        this.store = store;
        this.apis = apis;
        this.clock = clock;
        this.pageSize = pageSize;
    }

    /** Camel step: the body is one organisation (a row of {@code xero_sync.tenants}). */
    public void begin(Exchange exchange) throws SQLException, InvalidPayloadException {
        SyncApi api = apis.of(exchange);
        Map<?, ?> tenant = exchange.getMessage().getMandatoryBody(Map.class);
        String tenantId = (String) tenant.get("tenant_id");
        Instant started = clock.instant();
        long runId = store.beginRun(api.name(), tenantId, started);
        SyncCursor cursor = api.incremental() || api.paging() == SyncApi.Paging.OFFSET
                ? store.cursor(tenantId, api.name()) : null;
        SyncRun run = new SyncRun(api, tenantId, (String) tenant.get("tenant_name"), (String) tenant.get("connection_id"),
                runId, started, Math.min(pageSize, 1000), cursor);
        exchange.setProperty(SyncRun.PROPERTY, run);
        String skip = skipReason(api, (String) tenant.get("country_code"), (String) tenant.get("scopes"));
        if (skip != null) {
            run.skip(skip);
            LOG.info("{} · skipped, {}", run, skip);
            return;
        }
        LOG.info("{} · sync started ({})", run, cursor == null ? "full"
                : cursor.position() != null ? "after " + api.offsetField() + " " + cursor.position()
                : "changes since " + cursor.modifiedSince());
    }

    /** Why the API is not run for this organisation, or null when it is. */
    private static String skipReason(SyncApi api, String country, String grantedScopes) {
        String countries = String.join(", ", api.countries());
        if (api.countrySpecific() && country == null) {
            return "waiting: " + api.routeId() + " exists for organisations in " + countries + " only, and this "
                    + "organisation's country is not known until xero-organisation has synced it";
        }
        if (!api.existsIn(country)) {
            return "not available: " + api.routeId() + " exists for organisations in " + countries + " only, and this one "
                    + "is in " + country;
        }
        if (!api.grantedBy(grantedScopes)) {
            return "not granted: the connection lacks the Xero permission " + String.join(" or ", api.scopes())
                    + "; add it to xero.scopes and connect again to sync " + api.routeId();
        }
        return null;
    }

    /** Camel step: the run fetched and stored its last page. */
    public void succeed(Exchange exchange) throws SQLException {
        SyncRun run = exchange.getProperty(SyncRun.PROPERTY, SyncRun.class);
        if (run.skipped() != null) {
            store.finishRun(run.runId(), "skipped", 0, 0, 0, run.skipped());
            return;
        }
        store.finishRun(run.runId(), "success", run.records(), run.pages(), run.apiCalls(), null);
        LOG.info("{} · sync succeeded: {} records, {} pages, {} API calls in {} s", run, run.records(), run.pages(),
                run.apiCalls(), seconds(run));
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
            throw new XeroApiException(403, "Xero refused " + what + " for a missing permission (insufficient_scope): "
                    + "add " + String.join(" or ", run.api().scopes()) + " to xero.scopes and connect again");
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
        // a failure before the run began (e.g. the database) still names the organisation being synced
        Object body = exchange.getMessage().getBody();
        String tenantId = run != null ? run.tenantId()
                : body instanceof Map<?, ?> tenant && tenant.get("tenant_id") instanceof String id ? id : null;
        String message = describe(error);
        Integer status = error instanceof XeroApiException xero ? xero.status() : null;
        LOG.error("{} · sync failed: {}", run != null ? run : "xero-" + api, message);
        try {
            if (run != null) {
                store.finishRun(run.runId(), "failed", run.records(), run.pages(), run.apiCalls(), message);
            }
            store.recordFailure(api, tenantId, run == null ? null : run.runId(), status,
                    error == null ? "unknown" : error.getClass().getSimpleName(), message);
        } catch (SQLException | RuntimeException e) {
            LOG.error("xero-{} · the failure could not be recorded in the database either: {}", api, e.getMessage());
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
        return text.toString();
    }

    private double seconds(SyncRun run) {
        return Duration.between(run.startedAt(), clock.instant()).toMillis() / 1000.0;
    }
}
