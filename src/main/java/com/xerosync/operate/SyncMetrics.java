package com.xerosync.operate;

import com.xerosync.sync.XeroRateGovernor;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.time.Clock;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;

/**
 * The {@code xero_sync_*} meters, in the registry Camel serves at {@code /observe/metrics}. Their values are read from
 * the {@link SnapshotCache} when scraped (one database query per refresh, however many meters); the rate-limit ones
 * from the {@link XeroRateGovernor}. One series per API and organisation: each new one (a first run, a renamed
 * organisation) is added when a snapshot shows it, and one that no longer exists is removed.
 *
 * <p>Prometheus names (Micrometer adds {@code _total} to counters and the unit to gauges):
 * <ul>
 *   <li>{@code xero_sync_records_synced_total}, {@code xero_sync_api_calls_total}, {@code xero_sync_egress_bytes_total},
 *       {@code xero_sync_failures_total},
 *       {@code xero_sync_runs_total} (label {@code status}), {@code xero_sync_failures_in_a_row},
 *       {@code xero_sync_last_run_duration_seconds}, {@code xero_sync_freshness_seconds}: labels {@code api},
 *       {@code organisation}, {@code tenant_id}</li>
 *   <li>{@code xero_sync_rate_limited_total}: calls Xero answered 429 since the start</li>
 *   <li>{@code xero_sync_quota_remaining}: labels {@code organisation}, {@code tenant_id}, {@code window} =
 *       {@code minute}|{@code day}</li>
 * </ul>
 */
final class SyncMetrics {

    static final String RECORDS = "xero_sync.records.synced";
    static final String API_CALLS = "xero_sync.api.calls";
    static final String EGRESS = "xero_sync.egress.bytes";
    static final String RUNS = "xero_sync.runs";
    static final String FAILURES = "xero_sync.failures";
    static final String FAILURES_IN_A_ROW = "xero_sync.failures.in.a.row";
    static final String LAST_RUN_DURATION = "xero_sync.last.run.duration";
    static final String FRESHNESS = "xero_sync.freshness";
    static final String RATE_LIMITED = "xero_sync.rate.limited";
    static final String QUOTA = "xero_sync.quota.remaining";

    private final MeterRegistry registry;
    private final SnapshotCache cache;
    private final XeroRateGovernor governor;
    private final Collection<String> apis;
    private final Clock clock;
    private final Map<String, Meter> meters = new HashMap<>();
    private boolean closed;

    /**
     * @param apis the APIs of the started sync routes: each has its counters for every organisation synced, at 0
     *             until its first run, so that a series never appears out of nowhere
     */
    SyncMetrics(MeterRegistry registry, SnapshotCache cache, XeroRateGovernor governor, Collection<String> apis,
                Clock clock) {
        this.registry = registry;
        this.cache = cache;
        this.governor = governor;
        this.apis = List.copyOf(apis);
        this.clock = clock;
    }

    /** Adds the meters the snapshot has series for and removes those it no longer has. */
    synchronized void reconcile(SyncSnapshot snapshot) {
        if (closed) {
            return;
        }
        Map<String, Supplier<Meter>> wanted = new LinkedHashMap<>();
        Map<String, SyncSnapshot.Row> series = new LinkedHashMap<>(snapshot.rows());
        for (String api : apis) {
            for (SyncSnapshot.Organisation organisation : snapshot.organisations().values()) {
                if (organisation.synced()) {
                    series.putIfAbsent(SyncSnapshot.key(api, organisation.tenantId()),
                            new SyncSnapshot.Row(api, organisation.tenantId(), 0, 0, 0, 0, 0, 0, null, null, null, 0,
                                    0, null, null));
                }
            }
        }
        for (SyncSnapshot.Row row : series.values()) {
            String api = row.api();
            String tenantId = row.tenantId();
            Tags tags = Tags.of("api", api, "organisation", snapshot.organisationName(tenantId), "tenant_id", tenantId);
            counter(wanted, RECORDS, tags, "Records synced (sum of sync_run.records)", api, tenantId,
                    SyncSnapshot.Row::records);
            counter(wanted, API_CALLS, tags, "Calls made to Xero (sum of sync_run.api_calls)", api, tenantId,
                    SyncSnapshot.Row::apiCalls);
            counter(wanted, EGRESS, tags, "Bytes Xero's answers weighed on the wire, gzip as sent, failed and "
                    + "repeated calls included (sum of sync_run.bytes)", api, tenantId, SyncSnapshot.Row::bytes);
            for (String status : SyncSnapshot.RUN_STATUSES) {
                counter(wanted, RUNS, tags.and("status", status), "Finished runs by status (rows of sync_run)", api,
                        tenantId, r -> r.runs(status));
            }
            counter(wanted, FAILURES, tags, "Failures recorded by the error channel (rows of sync_failure)", api,
                    tenantId, SyncSnapshot.Row::failures);
            gauge(wanted, FAILURES_IN_A_ROW, tags, null, "Failed runs since the last successful one", api, tenantId,
                    SyncSnapshot.Row::failuresInARow, 0);
            if (row.lastRunFinished() != null) {
                gauge(wanted, LAST_RUN_DURATION, tags, "seconds", "How long the last finished run took", api,
                        tenantId, SyncSnapshot.Row::lastRunSeconds, Double.NaN);
            }
            if (row.lastSuccess() != null) {
                gauge(wanted, FRESHNESS, tags, "seconds", "Seconds since the last successful run finished", api,
                        tenantId, r -> r.lastSuccess() == null ? Double.NaN
                                : (clock.millis() - r.lastSuccess().toEpochMilli()) / 1000.0, Double.NaN);
            }
        }
        if (governor != null) {
            wanted.put(id(RATE_LIMITED, Tags.empty()), () -> FunctionCounter.builder(RATE_LIMITED, governor,
                            XeroRateGovernor::tooManyRequests)
                    .description("Calls Xero answered 429 (Too Many Requests) since the start").register(registry));
            for (String tenantId : governor.quotas().keySet()) {
                Tags tags = Tags.of("organisation", snapshot.organisationName(tenantId), "tenant_id", tenantId);
                quota(wanted, tags.and("window", "minute"), tenantId, XeroRateGovernor.Quota::minuteRemaining);
                quota(wanted, tags.and("window", "day"), tenantId, XeroRateGovernor.Quota::dayRemaining);
            }
        }
        meters.entrySet().removeIf(meter -> {
            if (!wanted.containsKey(meter.getKey())) {
                registry.remove(meter.getValue());
                return true;
            }
            return false;
        });
        wanted.forEach((id, create) -> meters.computeIfAbsent(id, k -> create.get()));
    }

    /** Removes every meter this added. */
    synchronized void close() {
        closed = true;
        meters.values().forEach(registry::remove);
        meters.clear();
    }

    /** How many meters are registered (for tests). */
    synchronized int size() {
        return meters.size();
    }

    private void counter(Map<String, Supplier<Meter>> wanted, String name, Tags tags, String description, String api,
                         String tenantId, ToDoubleFunction<SyncSnapshot.Row> value) {
        wanted.put(id(name, tags), () -> FunctionCounter.builder(name, this, m -> m.value(api, tenantId, value, 0))
                .tags(tags).description(description).register(registry));
    }

    private void gauge(Map<String, Supplier<Meter>> wanted, String name, Tags tags, String unit, String description,
                       String api, String tenantId, ToDoubleFunction<SyncSnapshot.Row> value, double none) {
        wanted.put(id(name, tags), () -> Gauge.builder(name, this, m -> m.value(api, tenantId, value, none))
                .tags(tags).baseUnit(unit).description(description).strongReference(true).register(registry));
    }

    private void quota(Map<String, Supplier<Meter>> wanted, Tags tags, String tenantId,
                       Function<XeroRateGovernor.Quota, Integer> remaining) {
        wanted.put(id(QUOTA, tags), () -> Gauge.builder(QUOTA, governor, g -> {
                    XeroRateGovernor.Quota quota = g.quotas().get(tenantId);
                    Integer left = quota == null ? null : remaining.apply(quota);
                    return left == null ? Double.NaN : left;
                }).tags(tags).description("Calls Xero said were left of the organisation's limit for the minute or "
                        + "the day (X-MinLimit-Remaining, X-DayLimit-Remaining of its last answer)")
                .strongReference(true).register(registry));
    }

    private double value(String api, String tenantId, ToDoubleFunction<SyncSnapshot.Row> value, double none) {
        SyncSnapshot.Row row = cache.current().row(api, tenantId);
        return row == null ? none : value.applyAsDouble(row);
    }

    private static String id(String name, Tags tags) {
        StringBuilder id = new StringBuilder(name);
        tags.forEach(tag -> id.append('\u0000').append(tag.getKey()).append('=').append(tag.getValue()));
        return id.toString();
    }
}
