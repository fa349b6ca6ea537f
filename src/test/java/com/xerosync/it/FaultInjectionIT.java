package com.xerosync.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.xerosync.sandbox.faults.SandboxFault;
import com.xerosync.sandbox.XeroSandbox;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Faults at a rate, on one organisation only, and answers too slow to wait for: waited out, nothing lost. */
class FaultInjectionIT {

    private XeroSyncHarness harness;
    private XeroSandbox sandbox;

    @BeforeEach
    void start() throws Exception {
        Map<String, String> overrides = XeroSyncHarness.smallSandbox(XeroSyncHarness.newDataDir("fault-injection"));
        // small pages: many calls for the faults to strike
        overrides.put("sync.page-size", "50");
        overrides.put("xero.retry.max-attempts", "8");
        overrides.put("camel.component.http.response-timeout", "1000");
        overrides.put("camel.component.http.so-timeout", "1000");
        harness = XeroSyncHarness.start(overrides);
        sandbox = harness.sandbox();
    }

    @AfterEach
    void stop() {
        harness.close();
    }

    @Test
    void should_sync_through_random_faults_on_one_organisation_and_leave_the_other_untouched() throws Exception {
        String faulty = sandbox.tenantIds().get(0);
        String healthy = sandbox.tenantIds().get(1);
        sandbox.inject(SandboxFault.parse("*@" + faulty + ":503:20%"));
        sandbox.inject(SandboxFault.parse("*@" + faulty + ":drop:5%"));

        harness.syncSkeletonApis();

        assertThat(harness.query("SELECT api, tenant_id, status FROM xero_sync.sync_run"))
                .allSatisfy(run -> assertThat(run.get("status")).as("%s", run).isEqualTo("success"));
        assertThat(harness.count("SELECT count(*) FROM xero_sync.sync_failure")).isZero();
        // the faults struck the one organisation (calls repeated beyond its pages), and only it
        assertThat(harness.count("SELECT sum(api_calls - pages) FROM xero_sync.sync_run WHERE tenant_id = ?", faulty))
                .isPositive();
        assertThat(harness.count("SELECT sum(api_calls - pages) FROM xero_sync.sync_run WHERE tenant_id = ?", healthy))
                .isZero();
        SandboxTables.assertEqualToSandbox(harness, XeroSyncHarness.SKELETON_ROUTES);
    }

    @Test
    void should_repeat_a_call_whose_answer_comes_too_late() throws Exception {
        harness.sync(List.of("xero-organisation"));
        String first = sandbox.tenantIds().get(0);
        sandbox.inject(SandboxFault.parse("Invoices@" + first + ":slow=2500:x1"));

        harness.sync(List.of("xero-invoices"));

        Map<String, Object> run = harness.query("SELECT status, pages, api_calls FROM xero_sync.sync_run "
                + "WHERE api = 'invoices' AND tenant_id = ?", first).get(0);
        assertThat(run.get("status")).isEqualTo("success");
        assertThat(run.get("api_calls")).as("the timed-out call, repeated").isEqualTo((Integer) run.get("pages") + 1);
        SandboxTables.assertEqualToSandbox(harness, List.of("xero-invoices"));
    }
}
