package com.xerosync.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.xerosync.sandbox.XeroSandbox;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Journals page by offset and resume after the last journal number stored, across a restart. */
class JournalsIT {

    private XeroSyncHarness harness;

    @BeforeEach
    void start() throws Exception {
        harness = XeroSyncHarness.start(XeroSyncHarness.smallSandbox(XeroSyncHarness.newDataDir("journals")));
    }

    @AfterEach
    void stop() {
        harness.close();
    }

    @Test
    void should_store_every_journal_on_both_bases_then_resume_after_the_last_number_after_a_restart() throws Exception {
        List<String> routes = List.of("xero-journals", "xero-cash-journals");
        harness.sync(routes);
        XeroSandbox sandbox = harness.sandbox();
        for (String tenantId : sandbox.tenantIds()) {
            for (boolean cash : new boolean[] {false, true}) {
                String table = cash ? "cash_journals" : "journals";
                long expected = sandbox.journals(tenantId, cash).count();
                assertThat(expected).isGreaterThan(100);
                assertThat(harness.count("SELECT count(*) FROM xero." + table + " WHERE tenant_id = ?", tenantId))
                        .as(table).isEqualTo(expected);
                long calls = harness.count("SELECT api_calls FROM xero_sync.sync_run WHERE tenant_id = ? AND api = ?",
                        tenantId, cash ? "cash-journals" : "journals");
                // 100 per call, and one more call that finds the end when the last page was full
                assertThat(calls).isBetween((expected + 99) / 100, expected / 100 + 1);
            }
            // every journal balances, line by line as stored
            assertThat(harness.count("SELECT count(*) FROM (SELECT journal_id FROM xero.journal_lines WHERE tenant_id = ? "
                    + "GROUP BY journal_id HAVING sum(net_amount) <> 0) unbalanced", tenantId)).isZero();
        }
        String tenantId = sandbox.tenantIds().get(0);
        long lastNumber = harness.count("SELECT max(journal_number) FROM xero.journals WHERE tenant_id = ?", tenantId);
        long cursor = harness.count("SELECT position FROM xero_sync.sync_cursors WHERE tenant_id = ? AND api = 'journals'",
                tenantId);
        assertThat(cursor).isEqualTo(lastNumber);

        harness.restart();
        sandbox = harness.sandbox();
        sandbox.applyChanges(tenantId, "Invoices", 5);
        sandbox.applyChanges(tenantId, "Payments", 3);
        long journalsNow = sandbox.journals(tenantId, false).count();
        harness.sync(List.of("xero-journals"));

        Map<String, Object> run = harness.query("SELECT records, api_calls FROM xero_sync.sync_run WHERE tenant_id = ? "
                + "AND api = 'journals' ORDER BY run_id DESC LIMIT 1", tenantId).get(0);
        assertThat(((Number) run.get("records")).longValue()).isEqualTo(journalsNow - lastNumberCount(tenantId, lastNumber));
        assertThat(run.get("api_calls")).isEqualTo(1);
        assertThat(harness.count("SELECT count(*) FROM xero.journals WHERE tenant_id = ?", tenantId)).isEqualTo(journalsNow);
    }

    /** Journals numbered up to the given number, as stored before the restart. */
    private long lastNumberCount(String tenantId, long lastNumber) throws Exception {
        return harness.count("SELECT count(*) FROM xero.journals WHERE tenant_id = ? AND journal_number <= ?", tenantId,
                lastNumber);
    }
}
