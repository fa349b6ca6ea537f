package com.xerosync.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.xerosync.sandbox.XeroSandbox;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A second run, after a restart of the service on the same database, fetches only what changed. */
class IncrementalSyncIT {

    private static XeroSyncHarness harness;

    @BeforeAll
    static void syncEverythingOnce() throws Exception {
        harness = XeroSyncHarness.start(XeroSyncHarness.smallSandbox(XeroSyncHarness.newDataDir("incremental")));
        harness.syncSkeletonApis();
    }

    @AfterAll
    static void stop() {
        harness.close();
    }

    @Test
    void should_fetch_only_the_changed_records_after_a_restart() throws Exception {
        // a new process: the sandbox starts again from the same seed, and the service reconnects by itself
        harness.restart();
        XeroSandbox sandbox = harness.sandbox();
        String changedTenant = sandbox.tenantIds().get(0);
        String quietTenant = sandbox.tenantIds().get(1);
        List<String> invoices = sandbox.applyChanges(changedTenant, "Invoices", 7);
        List<String> contacts = sandbox.applyChanges(changedTenant, "Contacts", 5);
        assertThat(invoices).isNotEmpty();
        assertThat(contacts).isNotEmpty();
        sandbox.resetCounters();
        long runsBefore = harness.count("SELECT coalesce(max(run_id), 0) FROM xero_sync.sync_run");

        harness.syncSkeletonApis();

        for (String tenantId : sandbox.tenantIds()) {
            for (String endpoint : List.of("Organisation", "Accounts", "Contacts", "Invoices")) {
                assertThat(sandbox.apiCalls(tenantId, endpoint)).as("calls to %s for %s", endpoint, tenantId).isEqualTo(1);
            }
        }
        assertThat(records("invoices", changedTenant, runsBefore)).isEqualTo(invoices.size());
        assertThat(records("contacts", changedTenant, runsBefore)).isEqualTo(contacts.size());
        assertThat(records("invoices", quietTenant, runsBefore)).isZero();
        assertThat(records("contacts", quietTenant, runsBefore)).isZero();
        // accounts fetch only changes too, between their full reloads (sync.full-reload-interval, FullReloadIT)
        assertThat(records("accounts", quietTenant, runsBefore)).isZero();
        assertThat(harness.query("SELECT DISTINCT status FROM xero_sync.sync_run WHERE run_id > ?", runsBefore))
                .extracting(row -> row.get("status")).containsExactly("success");
        SandboxTables.assertEqualToSandbox(harness);
    }

    private static long records(String api, String tenantId, long afterRun) throws Exception {
        List<Map<String, Object>> rows = harness.query("SELECT records FROM xero_sync.sync_run "
                + "WHERE api = ? AND tenant_id = ? AND run_id > ?", api, tenantId, afterRun);
        assertThat(rows).hasSize(1);
        return ((Number) rows.get(0).get("records")).longValue();
    }
}
