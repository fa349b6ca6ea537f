package com.xerosync.operate;

import java.util.Date;

/** The {@link SyncApiMXBean} of one sync route, read from the {@link SnapshotCache}. */
final class SyncApiStatus implements SyncApiMXBean {

    private final String route;
    private final String api;
    private final SnapshotCache cache;

    SyncApiStatus(String route, String api, SnapshotCache cache) {
        this.route = route;
        this.api = api;
        this.cache = cache;
    }

    private SyncSnapshot.ApiSummary summary() {
        return cache.current().summary(api);
    }

    @Override
    public String getRoute() {
        return route;
    }

    @Override
    public String getApi() {
        return api;
    }

    @Override
    public Date getLastSuccess() {
        java.time.Instant at = summary().lastSuccess();
        return at == null ? null : Date.from(at);
    }

    @Override
    public Date getLastFailure() {
        java.time.Instant at = summary().lastFailure();
        return at == null ? null : Date.from(at);
    }

    @Override
    public String getLastError() {
        return summary().lastError();
    }

    @Override
    public long getRecords() {
        return summary().records();
    }

    @Override
    public long getApiCalls() {
        return summary().apiCalls();
    }

    @Override
    public long getRuns() {
        return summary().runs();
    }

    @Override
    public long getFailures() {
        return summary().failures();
    }

    @Override
    public int getConsecutiveFailures() {
        return summary().failuresInARow();
    }

    @Override
    public String[] getOrganisations() {
        return summary().organisations().toArray(String[]::new);
    }
}
