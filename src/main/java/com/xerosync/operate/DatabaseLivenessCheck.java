package com.xerosync.operate;

import java.util.Map;
import java.util.function.Supplier;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/**
 * Liveness and readiness ({@code database}, group {@code xero-sync}): DOWN once the embedded PostgreSQL has stopped,
 * which only a restart of the service cures (a supervisor restarts a process whose liveness is DOWN). The user's own
 * PostgreSQL being unreachable is not a reason to restart: the runs record it and go on when it is back.
 */
final class DatabaseLivenessCheck extends AbstractHealthCheck {

    private final Supplier<String> failure;

    DatabaseLivenessCheck(Supplier<String> failure) {
        super(SyncApiHealthCheck.GROUP, "database");
        this.failure = failure;
    }

    @Override
    public boolean isLiveness() {
        return true;
    }

    @Override
    public boolean isReadiness() {
        return true;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        String why = failure.get();
        if (why == null) {
            builder.up();
        } else {
            builder.message(why).down();
        }
    }
}
