package com.xerosync.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.xerosync.sandbox.XeroSandbox;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Records Xero deletes for good are marked, not lost; APIs without their permission are skipped, not failed. */
class DeletionAndScopesIT {

    private XeroSyncHarness harness;

    @AfterEach
    void stop() {
        if (harness != null) {
            harness.close();
        }
    }

    @Test
    void should_mark_records_xero_deleted_for_good_at_the_next_full_reload_and_keep_them() throws Exception {
        Map<String, String> overrides = new java.util.HashMap<>(
                XeroSyncHarness.smallSandbox(XeroSyncHarness.newDataDir("deletion")));
        // Accounts and Items fetch only changes between full reloads: here every run is one (FullReloadIT: the interval)
        overrides.put("sync.full-reload-interval", "0");
        harness = XeroSyncHarness.start(overrides);
        List<String> routes = List.of("xero-accounts", "xero-items", "xero-tracking-categories");
        harness.sync(routes);
        XeroSandbox sandbox = harness.sandbox();
        String tenantId = sandbox.tenantIds().get(0);
        String item = sandbox.records(tenantId, "Items").findFirst().orElseThrow().get("ItemID").asText();
        String account = sandbox.records(tenantId, "Accounts").toList().get(5).get("AccountID").asText();
        long items = harness.count("SELECT count(*) FROM xero.items WHERE tenant_id = ?", tenantId);
        assertThat(harness.count("SELECT count(*) FROM xero.items WHERE is_deleted")).isZero();

        sandbox.deleteRecord(tenantId, "Items", item);
        sandbox.deleteRecord(tenantId, "Accounts", account);
        harness.sync(routes);

        assertThat(harness.query("SELECT item_id FROM xero.items WHERE is_deleted AND deleted_at IS NOT NULL"))
                .extracting(r -> r.get("item_id")).containsExactly(item);
        assertThat(harness.query("SELECT account_id FROM xero.accounts WHERE is_deleted"))
                .extracting(r -> r.get("account_id")).containsExactly(account);
        // kept, with what it was
        assertThat(harness.count("SELECT count(*) FROM xero.items WHERE tenant_id = ?", tenantId)).isEqualTo(items);
        assertThat(harness.count("SELECT count(*) FROM xero.items WHERE tenant_id = ? AND NOT is_deleted", tenantId))
                .isEqualTo(sandbox.records(tenantId, "Items").count());
        // the other organisation's rows are untouched
        assertThat(harness.count("SELECT count(*) FROM xero.accounts WHERE tenant_id <> ? AND is_deleted", tenantId)).isZero();
    }

    @Test
    void should_list_a_collection_per_parent_for_its_live_parents_and_go_on_past_one_gone_from_xero() throws Exception {
        harness = XeroSyncHarness.start(XeroSyncHarness.smallSandbox(XeroSyncHarness.newDataDir("per-parent")));
        harness.sync(List.of("xero-projects"));
        harness.sync(List.of("xero-project-tasks"));
        XeroSandbox sandbox = harness.sandbox();
        String tenantId = sandbox.tenantIds().get(0);
        List<String> projects = sandbox.records(tenantId, "Projects").map(p -> p.get("projectId").asText()).toList();
        assertThat(projects).hasSizeGreaterThan(1);
        String closed = projects.get(0);
        long closedTasks = harness.count("SELECT count(*) FROM xero.project_tasks WHERE tenant_id = ? AND project_id = ?",
                tenantId, closed);
        assertThat(closedTasks).isPositive();

        // one project marked deleted (as a full reload of the projects marks one Xero no longer lists), and one stored
        // that Xero answers 404 for (deleted after the projects synced)
        harness.execute("UPDATE xero.projects SET is_deleted = true WHERE tenant_id = ? AND project_id = ?", tenantId, closed);
        String gone = "00000000-0000-4000-8000-00000000dead";
        harness.execute("INSERT INTO xero.projects (tenant_id, project_id, raw) VALUES (?, ?, '{}')", tenantId, gone);
        sandbox.resetCounters();
        harness.sync(List.of("xero-project-tasks"));

        Map<String, Object> run = harness.query("SELECT status, api_calls, error FROM xero_sync.sync_run WHERE api = "
                + "'project-tasks' AND tenant_id = ? ORDER BY run_id DESC LIMIT 1", tenantId).get(0);
        assertThat(run.get("status")).as("%s", run).isEqualTo("success");
        // one listing for each live project, the gone one included; none for the one marked deleted
        assertThat(((Number) run.get("api_calls")).intValue()).isEqualTo(projects.size());
        assertThat(sandbox.apiCalls(tenantId, "ProjectTasks")).isEqualTo(projects.size());
        // the deleted project's tasks are no longer listed: marked, kept; every other task is as Xero has it
        assertThat(harness.count("SELECT count(*) FROM xero.project_tasks WHERE tenant_id = ? AND project_id = ? "
                + "AND is_deleted", tenantId, closed)).isEqualTo(closedTasks);
        assertThat(harness.count("SELECT count(*) FROM xero.project_tasks WHERE tenant_id = ? AND NOT is_deleted", tenantId))
                .isEqualTo(sandbox.records(tenantId, "ProjectTasks")
                        .filter(t -> !t.get("projectId").asText().equals(closed)).count());
        assertThat(harness.count("SELECT count(*) FROM xero_sync.sync_failure")).isZero();
    }

    @Test
    void should_skip_the_apis_whose_permission_was_not_granted_and_name_it() throws Exception {
        Map<String, String> overrides = new java.util.HashMap<>(
                XeroSyncHarness.smallSandbox(XeroSyncHarness.newDataDir("scopes")));
        overrides.put("sandbox.scopes", "offline_access accounting.settings.read accounting.invoices.read");
        harness = XeroSyncHarness.start(overrides);

        harness.sync(List.of("xero-contacts", "xero-contact-groups", "xero-invoices"));

        List<Map<String, Object>> skipped = harness.query(
                "SELECT api, status, error, api_calls FROM xero_sync.sync_run WHERE api LIKE 'contact%'");
        assertThat(skipped).hasSize(2 * harness.sandbox().tenantIds().size()).allSatisfy(run -> {
            assertThat(run.get("status")).isEqualTo("skipped");
            assertThat((String) run.get("error")).contains("accounting.contacts.read");
            assertThat(run.get("api_calls")).isEqualTo(0);
        });
        assertThat(harness.sandbox().apiCalls(harness.sandbox().tenantIds().get(0), "Contacts")).isZero();
        assertThat(harness.query("SELECT DISTINCT status FROM xero_sync.sync_run WHERE api = 'invoices'"))
                .extracting(r -> r.get("status")).containsExactly("success");
        assertThat(harness.count("SELECT count(*) FROM xero_sync.sync_failure")).isZero();
    }
}
