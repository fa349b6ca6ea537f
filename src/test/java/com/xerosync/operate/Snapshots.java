package com.xerosync.operate;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Snapshots built by hand for the unit tests. */
final class Snapshots {

    static final Instant T0 = Instant.parse("2026-11-26T10:00:00Z");

    private final Map<String, SyncSnapshot.Row> rows = new HashMap<>();
    private final Map<String, SyncSnapshot.Organisation> organisations = new HashMap<>();

    Snapshots organisation(String tenantId, String name) {
        return organisation(tenantId, name, "active", "active");
    }

    Snapshots organisation(String tenantId, String name, String status, String connectionStatus) {
        organisations.put(tenantId, new SyncSnapshot.Organisation(tenantId, name, status, connectionStatus));
        return this;
    }

    /** A row: records, calls, succeeded/failed runs, failures in a row, last success and last failure (seconds after T0). */
    Snapshots row(String api, String tenantId, long records, long calls, long succeeded, long failed, int inARow,
                  Integer successAt, Integer failureAt, String error) {
        SyncSnapshot.Row row = new SyncSnapshot.Row(api, tenantId, records, calls, succeeded, failed, 0, 0,
                successAt == null ? null : T0.plusSeconds(successAt), T0, T0.plusSeconds(7),
                inARow, failed, failureAt == null ? null : T0.plusSeconds(failureAt), error);
        rows.put(SyncSnapshot.key(api, tenantId), row);
        return this;
    }

    /** What the API's runs for the organisation received on the wire. */
    Snapshots bytes(String api, String tenantId, long bytes) {
        SyncSnapshot.Row r = rows.get(SyncSnapshot.key(api, tenantId));
        rows.put(SyncSnapshot.key(api, tenantId), new SyncSnapshot.Row(r.api(), r.tenantId(), r.records(), r.apiCalls(),
                r.succeeded(), r.failed(), r.skipped(), r.throttled(), r.lastSuccess(), r.lastRunStarted(),
                r.lastRunFinished(), r.failuresInARow(), r.failures(), r.lastFailure(), r.lastError(), bytes));
        return this;
    }

    SyncSnapshot build() {
        return new SyncSnapshot(T0.plusSeconds(60), rows, organisations, null);
    }

    static List<String> names(SyncSnapshot snapshot, String api) {
        return snapshot.summary(api).organisations();
    }
}
