package com.xerosync.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.xerosync.sandbox.XeroSandbox;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** One API failing is recorded by the error channel for each organisation while the other APIs sync. */
class FailureIsolationIT {

    private XeroSyncHarness harness;

    @BeforeEach
    void start() throws Exception {
        harness = XeroSyncHarness.start(XeroSyncHarness.smallSandbox(XeroSyncHarness.newDataDir("failure")));
    }

    @AfterEach
    void stop() {
        harness.close();
    }

    @Test
    void should_record_a_failing_api_per_organisation_while_the_others_succeed() throws Exception {
        XeroSandbox sandbox = harness.sandbox();
        sandbox.failEndpoint("Contacts", 500);

        harness.syncSkeletonApis();

        List<Map<String, Object>> contactRuns = harness.query(
                "SELECT tenant_id, status, error FROM xero_sync.sync_run WHERE api = 'contacts' ORDER BY tenant_id");
        assertThat(contactRuns).hasSize(sandbox.tenantIds().size());
        assertThat(contactRuns).extracting(r -> r.get("tenant_id")).containsExactlyInAnyOrderElementsOf(sandbox.tenantIds());
        for (Map<String, Object> run : contactRuns) {
            assertThat(run.get("status")).isEqualTo("failed");
            assertThat((String) run.get("error")).contains("HTTP 500").contains("Contacts");
        }
        List<Map<String, Object>> failures = harness.query(
                "SELECT api, tenant_id, http_status, error_type, message, run_id FROM xero_sync.sync_failure");
        assertThat(failures).hasSize(sandbox.tenantIds().size());
        assertThat(failures).allSatisfy(f -> {
            assertThat(f.get("api")).isEqualTo("contacts");
            assertThat(f.get("http_status")).isEqualTo(500);
            assertThat(f.get("run_id")).isNotNull();
            assertThat((String) f.get("message")).contains("Sandbox fault injected");
        });
        assertThat(harness.query("SELECT api, status FROM xero_sync.sync_run WHERE api <> 'contacts'"))
                .hasSize(3 * sandbox.tenantIds().size())
                .extracting(r -> r.get("status")).containsOnly("success");
        assertThat(harness.count("SELECT count(*) FROM xero.contacts")).isZero();
        long invoices = sandbox.tenantIds().stream().mapToLong(t -> sandbox.records(t, "Invoices").count()).sum();
        assertThat(harness.count("SELECT count(*) FROM xero.invoices")).isEqualTo(invoices);

        // once Xero answers again, the next run catches up
        sandbox.clearFailures();
        harness.sync(List.of("xero-contacts"));
        SandboxTables.assertEqualToSandbox(harness);
    }
}
