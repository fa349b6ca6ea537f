package com.xerosync.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.xerosync.sandbox.XeroSandbox;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Accounts, Items, Users and BankTransfers fetch only what changed (If-Modified-Since), and reload everything once
 * sync.full-reload-interval has passed since the last full reload, marking what Xero deleted for good.
 */
class FullReloadIT {

    private static final List<String> ROUTES = List.of("xero-accounts", "xero-items", "xero-users", "xero-bank-transfers");
    private static final List<String> APIS = List.of("accounts", "items", "users", "bank-transfers");

    private XeroSyncHarness harness;

    @AfterEach
    void stop() {
        if (harness != null) {
            harness.close();
        }
    }

    @Test
    void should_fetch_nothing_when_nothing_changed_and_mark_deleted_records_at_the_full_reload_after_the_interval()
            throws Exception {
        Map<String, String> overrides = new HashMap<>(XeroSyncHarness.smallSandbox(XeroSyncHarness.newDataDir("full-reload")));
        overrides.put("sync.full-reload-interval", "PT24H");
        harness = XeroSyncHarness.start(overrides);
        XeroSandbox sandbox = harness.sandbox();
        String tenantId = sandbox.tenantIds().get(0);
        harness.sync(List.of("xero-organisation"));
        harness.sync(ROUTES);
        long firstRun = harness.count("SELECT max(run_id) FROM xero_sync.sync_run");
        for (String api : APIS) {
            assertThat(harness.count("SELECT count(*) FROM xero_sync.sync_cursors WHERE api = ? AND full_reload_at IS NOT NULL",
                    api)).as("full reload recorded for " + api).isEqualTo(sandbox.tenantIds().size());
        }
        long accountsBytes = harness.count("SELECT bytes FROM xero_sync.sync_run WHERE api = 'accounts' AND tenant_id = ?",
                tenantId);

        // nothing changed: one call per API, no records, a fraction of the bytes
        sandbox.resetCounters();
        harness.sync(ROUTES);
        for (String api : APIS) {
            assertThat(harness.count("SELECT coalesce(sum(records), 0) FROM xero_sync.sync_run WHERE run_id > ? AND api = ? "
                    + "AND status = 'success'", firstRun, api)).as("records of the unchanged " + api).isZero();
            assertThat(harness.count("SELECT count(*) FROM xero_sync.sync_run WHERE run_id > ? AND api = ? AND status = 'success'",
                    firstRun, api)).isEqualTo(sandbox.tenantIds().size());
        }
        for (String endpoint : List.of("Accounts", "Items", "Users", "BankTransfers")) {
            assertThat(sandbox.apiCalls(tenantId, endpoint)).as(endpoint).isEqualTo(1);
        }
        assertThat(harness.count("SELECT bytes FROM xero_sync.sync_run WHERE run_id > ? AND api = 'accounts' AND tenant_id = ?",
                firstRun, tenantId)).isLessThan(accountsBytes / 5);

        // a change is fetched on its own; a record deleted for good is not seen until the full reload
        String item = sandbox.records(tenantId, "Items").findFirst().orElseThrow().get("ItemID").asText();
        String account = sandbox.records(tenantId, "Accounts").toList().get(5).get("AccountID").asText();
        List<String> changedAccounts = sandbox.applyChanges(tenantId, "Accounts", 2);
        sandbox.deleteRecord(tenantId, "Items", item);
        sandbox.deleteRecord(tenantId, "Accounts", account);
        long secondRun = harness.count("SELECT max(run_id) FROM xero_sync.sync_run");
        harness.sync(ROUTES);
        assertThat(harness.count("SELECT records FROM xero_sync.sync_run WHERE run_id > ? AND api = 'accounts' "
                + "AND tenant_id = ?", secondRun, tenantId)).isEqualTo(changedAccounts.size());
        assertThat(harness.count("SELECT count(*) FROM xero.items WHERE is_deleted")).isZero();
        assertThat(harness.count("SELECT count(*) FROM xero.accounts WHERE is_deleted")).isZero();

        // a day later (the last full reload moved back a day), the run reloads everything and marks them
        harness.query("UPDATE xero_sync.sync_cursors SET full_reload_at = full_reload_at - interval '1 day' "
                + "WHERE api IN ('accounts', 'items') RETURNING api");
        long thirdRun = harness.count("SELECT max(run_id) FROM xero_sync.sync_run");
        harness.sync(ROUTES);
        assertThat(harness.query("SELECT item_id FROM xero.items WHERE is_deleted AND deleted_at IS NOT NULL"))
                .extracting(r -> r.get("item_id")).containsExactly(item);
        assertThat(harness.query("SELECT account_id FROM xero.accounts WHERE is_deleted"))
                .extracting(r -> r.get("account_id")).containsExactly(account);
        assertThat(harness.count("SELECT records FROM xero_sync.sync_run WHERE run_id > ? AND api = 'accounts' "
                + "AND tenant_id = ?", thirdRun, tenantId)).isEqualTo(sandbox.records(tenantId, "Accounts").count());
        // users and bank transfers were not due: still only changes
        assertThat(harness.count("SELECT coalesce(sum(records), 0) FROM xero_sync.sync_run WHERE run_id > ? "
                + "AND api IN ('users', 'bank-transfers')", thirdRun)).isZero();
        // the next full reload is due a day after this one
        assertThat(harness.count("SELECT count(*) FROM xero_sync.sync_cursors WHERE api = 'accounts' "
                + "AND full_reload_at > now() - interval '1 hour'")).isEqualTo(sandbox.tenantIds().size());
        // and what is not marked is what Xero lists, the changed accounts as changed
        for (String[] table : new String[][] {{"items", "Items"}, {"accounts", "Accounts"}}) {
            assertThat(harness.count("SELECT count(*) FROM xero." + table[0] + " WHERE tenant_id = ? AND NOT is_deleted",
                    tenantId)).as(table[0]).isEqualTo(sandbox.records(tenantId, table[1]).count());
        }
        SandboxTables.assertEqualToSandbox(harness, List.of("xero-users", "xero-bank-transfers"));
    }
}
