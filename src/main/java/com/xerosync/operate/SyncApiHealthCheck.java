package com.xerosync.operate;

import java.util.Map;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/**
 * The readiness of one sync route ({@code sync:<route id>}, group {@code xero-sync}), as {@link SyncHealth} judges it
 * from the {@link SnapshotCache}. Not a liveness check: a sync that cannot reach Xero needs a person, not a restart.
 */
final class SyncApiHealthCheck extends AbstractHealthCheck {

    static final String GROUP = "xero-sync";

    private final String api;
    private final SnapshotCache cache;
    private final int failuresInARow;

    SyncApiHealthCheck(String route, String api, SnapshotCache cache, int failuresInARow) {
        super(GROUP, id(route));
        this.api = api;
        this.cache = cache;
        this.failuresInARow = failuresInARow;
    }

    static String id(String route) {
        return "sync:" + route;
    }

    @Override
    public boolean isLiveness() {
        return false;
    }

    @Override
    public boolean isReadiness() {
        return true;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        SyncHealth.Verdict verdict = SyncHealth.assess(cache.current(), api, failuresInARow);
        builder.message(verdict.message());
        verdict.details().forEach(builder::detail);
        if (verdict.up()) {
            builder.up();
        } else {
            builder.down();
        }
    }
}
