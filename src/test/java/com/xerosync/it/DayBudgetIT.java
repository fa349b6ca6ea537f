package com.xerosync.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The day budget end to end, the sandbox answering at a latency: an organisation's day of 200 calls, of which a
 * backfill may take what the reserves leave (30%: 60 calls). The first full sync of the invoices, 110 pages, stops at
 * its last stored page after 60 calls, recorded as throttled and not parking the organisation; a settings API still
 * syncs, another backfill is deferred without a call, and when the day has room the invoices resume from their
 * cursor (here: the budget switched off, as a new day would) and end equal to the sandbox.
 */
class DayBudgetIT {

    private XeroSyncHarness harness;

    @AfterEach
    void stop() {
        if (harness != null) {
            harness.close();
        }
    }

    @Test
    void should_give_a_backfill_only_its_share_of_the_day_and_keep_the_rest_for_higher_priorities() throws Exception {
        Map<String, String> overrides = XeroSyncHarness.smallSandbox(XeroSyncHarness.newDataDir("day-budget"));
        overrides.put("sandbox.organisations", "1");
        overrides.put("sync.page-size", "10");
        overrides.put("xero.limits.per-day", "200");
        overrides.put("sandbox.latency", "base=20ms,record=0.1ms,jitter=20%");
        harness = XeroSyncHarness.start(overrides);
        String tenant = harness.sandbox().tenantIds().get(0);

        harness.sync(List.of("xero-organisation"));
        harness.sync(List.of("xero-invoices"));

        Map<String, Object> invoices = lastRun("invoices", tenant);
        assertThat(invoices.get("status")).isEqualTo("throttled");
        assertThat(invoices.get("priority")).isEqualTo("backfill");
        assertThat((String) invoices.get("error")).contains("deferred by the day budget",
                "xero-invoices for Demo Company (AU) is a backfill call", "kept for higher priorities",
                "resumes from its last stored page");
        assertThat(invoices.get("api_calls")).as("200 - 40% - 5% - 25%").isEqualTo(60);
        long stored = harness.count("SELECT count(*) FROM xero.invoices WHERE tenant_id = ?", tenant);
        assertThat(stored).isBetween(500L, 600L);
        assertThat(harness.count("SELECT count(*) FROM xero_sync.tenants WHERE tenant_id = ? AND throttled_until IS NOT NULL",
                tenant)).as("the organisation is not parked").isZero();
        assertThat(harness.count("SELECT count(*) FROM xero_sync.sync_failure")).as("deferring is not failing").isZero();

        // a higher priority still has its reserve; another backfill waits without a call
        harness.sync(List.of("xero-accounts", "xero-contacts"));
        assertThat(lastRun("accounts", tenant)).containsEntry("status", "success").containsEntry("priority", "settings");
        Map<String, Object> contacts = lastRun("contacts", tenant);
        assertThat(contacts).containsEntry("status", "throttled").containsEntry("api_calls", 0);
        assertThat(harness.count("SELECT count(*) FROM xero.invoices WHERE tenant_id = ?", tenant)).isEqualTo(stored);

        // a new day: the backfill resumes from its cursor and finishes
        harness.close();
        overrides.put("sync.day-budget.by-priority", "false");
        harness = XeroSyncHarness.start(overrides);
        harness.sync(List.of("xero-invoices"));
        Map<String, Object> resumed = lastRun("invoices", tenant);
        assertThat(resumed).containsEntry("status", "success").containsEntry("priority", "backfill");
        assertThat((Integer) resumed.get("records")).as("only what was left").isLessThan(1100 - 400);
        assertThat(harness.count("SELECT count(*) FROM xero.invoices WHERE tenant_id = ?", tenant))
                .isEqualTo(harness.sandbox().records(tenant, "Invoices").count());
        assertThat(harness.count("SELECT count(*) FROM xero.invoice_line_items WHERE tenant_id = ?", tenant))
                .isEqualTo(harness.count("SELECT sum(jsonb_array_length(raw->'LineItems')) FROM xero.invoices "
                        + "WHERE tenant_id = ?", tenant));
    }

    private Map<String, Object> lastRun(String api, String tenantId) throws Exception {
        return harness.query("SELECT status, api_calls, records, priority, error FROM xero_sync.sync_run WHERE api = ? "
                + "AND tenant_id = ? ORDER BY run_id DESC LIMIT 1", api, tenantId).get(0);
    }
}
