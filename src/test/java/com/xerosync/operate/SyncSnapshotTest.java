package com.xerosync.operate;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SyncSnapshotTest {

    @Test
    void should_sum_an_api_over_its_organisations_and_keep_the_worst_streak_and_latest_error() {
        SyncSnapshot snapshot = new Snapshots()
                .organisation("au", "Demo Company (AU)").organisation("nz", "Demo Company (NZ)")
                .row("invoices", "au", 100, 3, 2, 1, 1, 10, 30, "HTTP 500 for AU")
                .row("invoices", "nz", 50, 2, 1, 2, 2, 20, 25, "HTTP 500 for NZ")
                .row("contacts", "au", 7, 1, 1, 0, 0, 5, null, null)
                .build();

        SyncSnapshot.ApiSummary invoices = snapshot.summary("invoices");

        assertThat(invoices.records()).isEqualTo(150);
        assertThat(invoices.apiCalls()).isEqualTo(5);
        assertThat(invoices.runs()).isEqualTo(6);
        assertThat(invoices.failures()).isEqualTo(3);
        assertThat(invoices.failuresInARow()).isEqualTo(2);
        assertThat(invoices.lastSuccess()).isEqualTo(Snapshots.T0.plusSeconds(20));
        assertThat(invoices.lastFailure()).isEqualTo(Snapshots.T0.plusSeconds(30));
        assertThat(invoices.lastError()).isEqualTo("HTTP 500 for AU");
        assertThat(invoices.organisations()).containsExactly("Demo Company (AU)", "Demo Company (NZ)");
        assertThat(snapshot.summary("contacts").organisations()).containsExactly("Demo Company (AU)");
    }

    @Test
    void should_show_nothing_for_an_api_without_runs() {
        SyncSnapshot.ApiSummary none = SyncSnapshot.EMPTY.summary("invoices");
        assertThat(none.runs()).isZero();
        assertThat(none.lastSuccess()).isNull();
        assertThat(none.lastError()).isNull();
        assertThat(none.organisations()).isEmpty();
    }

    @Test
    void should_count_finished_runs_by_status_and_name_unknown_organisations_by_id() {
        SyncSnapshot.Row row = new SyncSnapshot.Row("items", "t1", 0, 0, 1, 2, 3, 4, null, null, null, 0, 0, null, null);
        assertThat(row.runs()).isEqualTo(10);
        assertThat(SyncSnapshot.RUN_STATUSES).extracting(row::runs).containsExactly(1L, 2L, 3L, 4L);
        assertThat(row.lastRunSeconds()).isNaN();
        SyncSnapshot snapshot = new SyncSnapshot(Snapshots.T0, Map.of(SyncSnapshot.key("items", "t1"), row), Map.of(), null);
        assertThat(snapshot.organisationName("t1")).isEqualTo("t1");
        assertThat(snapshot.organisationName(null)).isEmpty();
        assertThat(new SyncSnapshot.Row("items", null, 0, 0, 0, 0, 0, 0, null, null, null, 0, 1, null, "x").tenantId())
                .isEmpty();
        assertThat(snapshot.rows("items")).isEqualTo(List.of(row));
    }
}
