package com.xerosync.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.xerosync.sandbox.XeroSandbox;
import com.xerosync.sync.XeroDates;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A report Xero would answer the same is not fetched again: run again while the organisation's data is unchanged, a
 * report costs no call; once a change has been synced, its reports are fetched again, equal to Xero's new answers.
 */
class ReportReuseIT {

    private static final List<String> REPORTS = List.of("xero-profit-and-loss", "xero-balance-sheet",
            "xero-aged-receivables", "xero-aged-payables");

    private XeroSyncHarness harness;

    @AfterEach
    void stop() {
        if (harness != null) {
            harness.close();
        }
    }

    @Test
    void should_fetch_reports_again_only_after_the_organisations_data_changed() throws Exception {
        // a history that ends at the start of yesterday: its newest record is a day old whenever the test runs (one that
        // ended minutes before midnight would be a change too recent for the first reports to be reused just after it)
        Map<String, String> overrides = new java.util.HashMap<>(XeroSyncHarness.smallSandbox(XeroSyncHarness.newDataDir("report-reuse")));
        overrides.put("sandbox.today", java.time.LocalDate.now(java.time.ZoneOffset.UTC).minusDays(1).toString());
        harness = XeroSyncHarness.start(overrides);
        XeroSandbox xero = harness.sandbox();
        assertThat(xero.records(xero.tenantIds().get(0), "Invoices").map(i -> XeroDates.parseDate(i.get("Date").asText())))
                .allSatisfy(date -> assertThat(date).isBefore(java.time.LocalDate.parse(overrides.get("sandbox.today"))));
        harness.sync(List.of("xero-invoices", "xero-accounts", "xero-payments"));
        harness.sync(REPORTS);
        long firstCalls = reportCalls();
        assertThat(firstCalls).isGreaterThan(REPORTS.size() * 2L);
        long variants = harness.count("SELECT count(*) FROM xero.report_runs");

        harness.sync(List.of("xero-tax-reports"));
        assertThat(harness.count("SELECT count(*) FROM xero.report_runs WHERE report = 'tax-reports'")).isPositive();
        variants = harness.count("SELECT count(*) FROM xero.report_runs");

        // nothing changed: every report of both organisations succeeds without a call, and what is stored stays
        long before = xero.apiCalls();
        harness.sync(REPORTS);
        assertThat(xero.apiCalls() - before).as("calls of the unchanged run").isZero();
        // published tax reports: only the listing, which shows none new or updated
        harness.sync(List.of("xero-tax-reports"));
        assertThat(harness.query("SELECT api_calls FROM xero_sync.latest_runs WHERE api = 'tax-reports'"))
                .allSatisfy(r -> assertThat(r.get("api_calls")).isEqualTo(1));
        assertThat(latestRuns()).allSatisfy(r -> {
            assertThat(r.get("status")).isEqualTo("success");
            assertThat(r.get("api_calls")).isEqualTo(0);
        });
        assertThat(harness.count("SELECT count(*) FROM xero.report_runs")).isEqualTo(variants);

        // one organisation's invoices change: once the change is synced, its reports are fetched again, the other's not
        String changed = xero.tenantIds().get(0);
        String unchanged = xero.tenantIds().get(1);
        xero.applyChanges(changed, "Invoices", 5);
        harness.sync(List.of("xero-invoices"));
        before = xero.apiCalls();
        harness.sync(REPORTS);
        assertThat(xero.apiCalls() - before).isPositive();
        assertThat(harness.count("SELECT coalesce(sum(api_calls), 0) FROM xero_sync.latest_runs WHERE tenant_id = ? "
                + "AND api IN ('profit-and-loss', 'balance-sheet')", changed)).isPositive();
        assertThat(harness.count("SELECT coalesce(sum(api_calls), 0) FROM xero_sync.latest_runs WHERE tenant_id = ? "
                + "AND api IN ('profit-and-loss', 'balance-sheet', 'aged-receivables', 'aged-payables')", unchanged))
                .isZero();
        // what was fetched again is what Xero answers now
        Map<String, Object> profitAndLoss = harness.query("SELECT variant, raw::text AS raw FROM xero.report_runs "
                + "WHERE tenant_id = ? AND report = 'profit-and-loss' ORDER BY fetched_at DESC LIMIT 1", changed).get(0);
        Map<String, String> query = new java.util.LinkedHashMap<>();
        for (String pair : ((String) profitAndLoss.get("variant")).split("&")) {
            String[] kv = pair.split("=", 2);
            query.put(kv[0], kv[1]);
        }
        assertThat(XeroSyncHarness.JSON.readTree((String) profitAndLoss.get("raw")))
                .isEqualTo(XeroSyncHarness.JSON.readTree(xero.report(changed, "Reports/ProfitAndLoss", query).get("Reports").get(0)
                        .toString()));
    }

    private long reportCalls() throws Exception {
        return harness.count("SELECT coalesce(sum(api_calls), 0) FROM xero_sync.sync_run WHERE api IN ('profit-and-loss', "
                + "'balance-sheet', 'aged-receivables', 'aged-payables')");
    }

    private List<Map<String, Object>> latestRuns() throws Exception {
        return harness.query("SELECT api, tenant_id, status, api_calls FROM xero_sync.latest_runs WHERE api IN "
                + "('profit-and-loss', 'balance-sheet', 'aged-receivables', 'aged-payables')");
    }
}
