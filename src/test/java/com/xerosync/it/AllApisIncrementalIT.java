package com.xerosync.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.xerosync.sandbox.XeroSandbox;
import com.xerosync.sync.SyncApi;
import com.xerosync.sync.SyncApis;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** After records of every incremental API change in Xero, the next run fetches only those, in one call per API. */
class AllApisIncrementalIT {

    private static XeroSyncHarness harness;

    @BeforeAll
    static void syncEverythingOnce() throws Exception {
        harness = XeroSyncHarness.start(XeroSyncHarness.smallSandbox(XeroSyncHarness.newDataDir("all-apis-incremental")));
        harness.syncEverything();
    }

    @AfterAll
    static void stop() {
        harness.close();
    }

    @Test
    void should_fetch_only_what_changed_in_one_call_per_incremental_api() throws Exception {
        XeroSandbox sandbox = harness.sandbox();
        SyncApis apis = new SyncApis();
        List<SyncApi> incremental = new ArrayList<>();
        for (String routeId : AllApisIT.grantedRoutes(harness)) {
            SyncApi api = apis.of(harness.runtime().camelContext(), routeId);
            if (api.incremental()) {
                incremental.add(api);
            }
        }
        assertThat(incremental).hasSizeGreaterThanOrEqualTo(12);
        String changed = sandbox.tenantIds().get(0);
        for (SyncApi api : incremental) {
            assertThat(sandbox.applyChanges(changed, api.collection(), 3)).as(api.name()).isNotEmpty();
        }
        sandbox.resetCounters();
        long before = harness.count("SELECT max(run_id) FROM xero_sync.sync_run");

        harness.syncEverything();

        for (SyncApi api : incremental) {
            for (String tenantId : sandbox.tenantIds()) {
                String country = (String) harness.query("SELECT country_code FROM xero.organisations WHERE tenant_id = ?",
                        tenantId).get(0).get("country_code");
                assertThat(sandbox.apiCalls(tenantId, api.endpoint())).as("calls to %s for %s", api.endpoint(), tenantId)
                        .isEqualTo(api.existsIn(country) ? 1 : 0);
            }
            // the organisation that did not change: nothing fetched
            assertThat(harness.count("SELECT coalesce(sum(records), 0) FROM xero_sync.sync_run WHERE run_id > ? AND api = ? "
                    + "AND tenant_id = ?", before, api.name(), sandbox.tenantIds().get(1))).as(api.name()).isZero();
            assertThat(harness.count("SELECT records FROM xero_sync.sync_run WHERE run_id > ? AND api = ? AND tenant_id = ?",
                    before, api.name(), changed)).as(api.name()).isBetween(1L, 30L);
        }
        assertThat(harness.query("SELECT DISTINCT status FROM xero_sync.sync_run WHERE run_id > ?", before))
                .extracting(r -> r.get("status")).doesNotContain("failed");
        SandboxTables.assertEqualToSandbox(harness, AllApisIT.grantedRoutes(harness));
    }
}
