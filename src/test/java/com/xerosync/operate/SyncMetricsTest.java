package com.xerosync.operate;

import com.xerosync.config.XeroRateLimits;
import static org.assertj.core.api.Assertions.assertThat;

import com.xerosync.sync.XeroRateGovernor;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class SyncMetricsTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final AtomicReference<SyncSnapshot> database = new AtomicReference<>();
    private final Clock clock = Clock.fixed(Snapshots.T0.plusSeconds(100), ZoneOffset.UTC);
    private final SnapshotCache cache = new SnapshotCache(now -> database.get(), clock, Duration.ZERO);
    private final SyncMetrics metrics = new SyncMetrics(registry, cache,
            new XeroRateGovernor(XeroRateLimits.XERO, clock), List.of("invoices", "contacts"), clock);

    private double counter(String name, String api, String organisation, String... more) {
        return registry.get(name).tags("api", api, "organisation", organisation).tags(more).functionCounter().count();
    }

    @Test
    void should_follow_the_snapshot_per_api_and_organisation() {
        database.set(new Snapshots().organisation("au", "Demo Company (AU)").organisation("nz", "Demo Company (NZ)")
                .row("invoices", "au", 1100, 12, 2, 1, 1, 40, 50, "HTTP 500").build());
        metrics.reconcile(cache.current());

        assertThat(counter(SyncMetrics.RECORDS, "invoices", "Demo Company (AU)")).isEqualTo(1100);
        assertThat(counter(SyncMetrics.API_CALLS, "invoices", "Demo Company (AU)")).isEqualTo(12);
        assertThat(counter(SyncMetrics.RUNS, "invoices", "Demo Company (AU)", "status", "success")).isEqualTo(2);
        assertThat(counter(SyncMetrics.RUNS, "invoices", "Demo Company (AU)", "status", "failed")).isEqualTo(1);
        assertThat(counter(SyncMetrics.FAILURES, "invoices", "Demo Company (AU)")).isEqualTo(1);
        Gauge freshness = registry.get(SyncMetrics.FRESHNESS).tags("api", "invoices", "tenant_id", "au").gauge();
        assertThat(freshness.value()).isEqualTo(60);
        assertThat(registry.get(SyncMetrics.LAST_RUN_DURATION).tags("tenant_id", "au").gauge().value()).isEqualTo(7);
        assertThat(registry.get(SyncMetrics.FAILURES_IN_A_ROW).tags("tenant_id", "au").gauge().value()).isEqualTo(1);
        // every API of a started route has its counters for every organisation, at 0 until it runs
        assertThat(counter(SyncMetrics.RECORDS, "contacts", "Demo Company (NZ)")).isZero();
        assertThat(registry.find(SyncMetrics.FRESHNESS).tags("api", "contacts").gauge()).as("no success yet").isNull();
        FunctionCounter limited = registry.get(SyncMetrics.RATE_LIMITED).functionCounter();
        assertThat(limited.count()).isZero();

        // the values are the database's at every read
        database.set(new Snapshots().organisation("au", "Demo Company (AU)").organisation("nz", "Demo Company (NZ)")
                .row("invoices", "au", 1200, 13, 3, 1, 0, 90, 50, "HTTP 500").build());
        assertThat(counter(SyncMetrics.RECORDS, "invoices", "Demo Company (AU)")).isEqualTo(1200);
        assertThat(freshness.value()).isEqualTo(10);
    }

    @Test
    void should_count_the_bytes_received_on_the_wire_per_api_and_organisation_from_the_snapshot() {
        database.set(new Snapshots().organisation("au", "Demo Company (AU)").organisation("nz", "Demo Company (NZ)")
                .row("invoices", "au", 1100, 12, 2, 1, 1, 40, 50, "HTTP 500").bytes("invoices", "au", 123_456).build());
        metrics.reconcile(cache.current());

        assertThat(registry.get(SyncMetrics.EGRESS).tags("api", "invoices", "organisation", "Demo Company (AU)",
                "tenant_id", "au").functionCounter().count()).isEqualTo(123_456);
        // at 0 until the API runs for the organisation
        assertThat(counter(SyncMetrics.EGRESS, "contacts", "Demo Company (NZ)")).isZero();

        database.set(new Snapshots().organisation("au", "Demo Company (AU)").organisation("nz", "Demo Company (NZ)")
                .row("invoices", "au", 1200, 13, 3, 1, 0, 90, 50, "HTTP 500").bytes("invoices", "au", 200_000).build());
        assertThat(counter(SyncMetrics.EGRESS, "invoices", "Demo Company (AU)")).isEqualTo(200_000);
    }

    @Test
    void should_replace_the_series_of_a_renamed_organisation_and_remove_everything_when_closed() {
        database.set(new Snapshots().organisation("au", "Demo Company (AU)")
                .row("invoices", "au", 5, 1, 1, 0, 0, 40, null, null).build());
        metrics.reconcile(cache.current());
        int meters = metrics.size();
        assertThat(registry.getMeters()).hasSize(meters);

        database.set(new Snapshots().organisation("au", "Renamed Ltd")
                .row("invoices", "au", 5, 1, 1, 0, 0, 40, null, null).build());
        metrics.reconcile(cache.current());

        assertThat(registry.find(SyncMetrics.RECORDS).tags("organisation", "Demo Company (AU)").meters()).isEmpty();
        assertThat(counter(SyncMetrics.RECORDS, "invoices", "Renamed Ltd")).isEqualTo(5);
        assertThat(registry.getMeters()).hasSize(meters);

        metrics.close();
        assertThat(registry.getMeters()).isEmpty();
    }
}
