package com.xerosync.operate;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/**
 * What {@code xero_sync} says about every API and organisation at one moment, read in one query
 * ({@link SnapshotQuery}): the metrics, the MBeans and the health checks all show this, so they agree with each other
 * and with the database.
 *
 * @param takenAt       when the database was read
 * @param rows          one per API and organisation that has runs or failures recorded, keyed by {@link #key}
 * @param organisations every organisation in {@code xero_sync.tenants}, by tenant id, with its connection's status
 * @param failure       null when the last attempt to read the database worked; otherwise why it did not (the rows are
 *                      then those of the last read that worked)
 */
public record SyncSnapshot(Instant takenAt, Map<String, Row> rows, Map<String, Organisation> organisations,
                           String failure) {

    /** Nothing read yet. */
    public static final SyncSnapshot EMPTY = new SyncSnapshot(Instant.EPOCH, Map.of(), Map.of(), null);

    public SyncSnapshot {
        Objects.requireNonNull(takenAt, "takenAt");
        rows = Map.copyOf(rows);
        organisations = Map.copyOf(organisations);
    }

    /**
     * One API for one organisation, summed over its rows of {@code sync_run} and {@code sync_failure}.
     *
     * @param api                the API as {@code sync_run.api} names it (the route id without {@code xero-})
     * @param tenantId           the organisation, or "" for failures recorded before the organisation was known
     * @param records            sum of {@code records} over every run (a failed run keeps the pages it stored)
     * @param apiCalls           sum of {@code api_calls} over every run
     * @param succeeded          runs with status {@code success}
     * @param failed             runs with status {@code failed}
     * @param skipped            runs with status {@code skipped}
     * @param throttled          runs with status {@code throttled}
     * @param lastSuccess        when the last successful run finished, or null
     * @param lastRunStarted     when the last finished run (any status) started, or null
     * @param lastRunFinished    when it finished, or null
     * @param failuresInARow     failed runs since the last successful one (skipped and throttled runs neither count
     *                           nor break the streak)
     * @param failures           rows of {@code sync_failure}
     * @param lastFailure        when the last of them was recorded, or null
     * @param lastError          its message, or null
     * @param bytes              sum of {@code bytes} over every run: what Xero's answers weighed on the wire
     */
    public record Row(String api, String tenantId, long records, long apiCalls, long succeeded, long failed,
                      long skipped, long throttled, Instant lastSuccess, Instant lastRunStarted,
                      Instant lastRunFinished, int failuresInARow, long failures, Instant lastFailure,
                      String lastError, long bytes) {

        public Row {
            Objects.requireNonNull(api, "api");
            tenantId = tenantId == null ? "" : tenantId;
        }

        /** A row with nothing received. */
        public Row(String api, String tenantId, long records, long apiCalls, long succeeded, long failed,
                   long skipped, long throttled, Instant lastSuccess, Instant lastRunStarted,
                   Instant lastRunFinished, int failuresInARow, long failures, Instant lastFailure, String lastError) {
            this(api, tenantId, records, apiCalls, succeeded, failed, skipped, throttled, lastSuccess, lastRunStarted,
                    lastRunFinished, failuresInARow, failures, lastFailure, lastError, 0);
        }

        /** Finished runs: success, failed, skipped and throttled ({@code running} ones are not counted yet). */
        public long runs() {
            return succeeded + failed + skipped + throttled;
        }

        /** Runs with that status (success, failed, skipped or throttled). */
        public long runs(String status) {
            return switch (status) {
                case "success" -> succeeded;
                case "failed" -> failed;
                case "skipped" -> skipped;
                case "throttled" -> throttled;
                default -> throw new IllegalArgumentException("not a finished run's status: " + status);
            };
        }

        /** Seconds the last finished run took, or NaN when none finished yet. */
        public double lastRunSeconds() {
            return lastRunStarted == null || lastRunFinished == null ? Double.NaN
                    : (lastRunFinished.toEpochMilli() - lastRunStarted.toEpochMilli()) / 1000.0;
        }
    }

    /** The statuses a finished run has, as {@code sync_run.status} writes them. */
    public static final List<String> RUN_STATUSES = List.of("success", "failed", "skipped", "throttled");

    /**
     * An organisation (a row of {@code xero_sync.tenants}) and the status of its connection.
     *
     * @param status           {@code active} or {@code disconnected} (access revoked: not synced until connected again)
     * @param connectionStatus {@code active} or {@code needs_reauthorisation} (Xero refused the refresh token)
     */
    public record Organisation(String tenantId, String name, String status, String connectionStatus) {

        /** Whether the sync still runs for it (it was not disconnected). */
        public boolean synced() {
            return "active".equals(status);
        }

        /** Whether Xero refused its connection's refresh token: someone has to connect Xero again. */
        public boolean needsReauthorisation() {
            return "needs_reauthorisation".equals(connectionStatus);
        }

        /** Its name, or its tenant id when Xero gave none. */
        public String label() {
            return name == null || name.isBlank() ? tenantId : name;
        }
    }

    /** The key of a row in {@link #rows}. */
    public static String key(String api, String tenantId) {
        return api + '\u0000' + (tenantId == null ? "" : tenantId);
    }

    /** The row of an API and organisation, or null when nothing is recorded for them. */
    public Row row(String api, String tenantId) {
        return rows.get(key(api, tenantId));
    }

    /** The rows of one API, by organisation name. */
    public List<Row> rows(String api) {
        List<Row> list = new ArrayList<>();
        for (Row row : rows.values()) {
            if (row.api().equals(api)) {
                list.add(row);
            }
        }
        list.sort(Comparator.comparing((Row r) -> organisationName(r.tenantId())).thenComparing(Row::tenantId));
        return list;
    }

    /** The name an organisation is shown by: its name, its tenant id when unnamed or unknown, "" for none. */
    public String organisationName(String tenantId) {
        if (tenantId == null || tenantId.isEmpty()) {
            return "";
        }
        Organisation organisation = organisations.get(tenantId);
        return organisation == null ? tenantId : organisation.label();
    }

    /** The same rows, marked as not refreshed because the database could not be read. */
    public SyncSnapshot failed(String why) {
        return new SyncSnapshot(takenAt, rows, organisations, why);
    }

    /** One API over every organisation, for its MBean and health check. */
    public ApiSummary summary(String api) {
        long records = 0;
        long apiCalls = 0;
        long runs = 0;
        long failures = 0;
        int worst = 0;
        Instant lastSuccess = null;
        Row lastFailed = null;
        Collection<String> names = new TreeSet<>();
        for (Row row : rows(api)) {
            records += row.records();
            apiCalls += row.apiCalls();
            runs += row.runs();
            failures += row.failures();
            worst = Math.max(worst, row.failuresInARow());
            lastSuccess = latest(lastSuccess, row.lastSuccess());
            if (row.lastFailure() != null && (lastFailed == null || row.lastFailure().isAfter(lastFailed.lastFailure()))) {
                lastFailed = row;
            }
            if (!row.tenantId().isEmpty()) {
                names.add(organisationName(row.tenantId()));
            }
        }
        return new ApiSummary(api, records, apiCalls, runs, failures, worst, lastSuccess,
                lastFailed == null ? null : lastFailed.lastFailure(), lastFailed == null ? null : lastFailed.lastError(),
                List.copyOf(names));
    }

    private static Instant latest(Instant a, Instant b) {
        return a == null ? b : b == null || a.isAfter(b) ? a : b;
    }

    /**
     * One API over every organisation.
     *
     * @param runs                finished runs (success, failed, skipped, throttled)
     * @param failuresInARow      the worst organisation's failed runs since its last success
     * @param organisations       names of the organisations with runs or failures of this API
     */
    public record ApiSummary(String api, long records, long apiCalls, long runs, long failures, int failuresInARow,
                             Instant lastSuccess, Instant lastFailure, String lastError, List<String> organisations) {
    }
}
