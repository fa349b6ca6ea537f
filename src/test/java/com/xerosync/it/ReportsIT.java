package com.xerosync.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.xerosync.sandbox.XeroSandbox;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Reports, synced through the report routes into long rows that BI tools read. */
class ReportsIT {

    private static final List<String> REPORTS = List.of("xero-profit-and-loss", "xero-balance-sheet",
            "xero-trial-balance", "xero-bank-summary", "xero-executive-summary", "xero-budget-summary",
            "xero-aged-receivables", "xero-aged-payables", "xero-tax-reports");

    private static XeroSyncHarness harness;

    @BeforeAll
    static void syncInvoicesThenReports() throws Exception {
        harness = XeroSyncHarness.start(XeroSyncHarness.smallSandbox(XeroSyncHarness.newDataDir("reports")));
        // aged reports are fetched for the contacts with open balances, which come from the synced invoices
        harness.sync(List.of("xero-invoices", "xero-accounts"));
        harness.sync(REPORTS);
    }

    @AfterAll
    static void stop() {
        harness.close();
    }

    @Test
    void should_run_every_report_for_every_organisation() throws Exception {
        List<Map<String, Object>> runs = harness.query("SELECT api, status, records, error FROM xero_sync.sync_run "
                + "WHERE api <> 'invoices' AND api <> 'accounts'");
        assertThat(runs).hasSize(REPORTS.size() * harness.sandbox().tenantIds().size());
        assertThat(runs).allSatisfy(run -> assertThat(run.get("status")).as("%s", run).isEqualTo("success"));
    }

    @Test
    void should_fetch_twelve_months_on_both_bases_and_store_what_xero_answered() throws Exception {
        XeroSandbox sandbox = harness.sandbox();
        for (String tenantId : sandbox.tenantIds()) {
            List<Map<String, Object>> runs = harness.query("SELECT variant, basis, period_start, period_end, raw::text AS raw "
                    + "FROM xero.report_runs WHERE tenant_id = ? AND report = 'profit-and-loss'", tenantId);
            assertThat(runs).hasSize(24);
            assertThat(runs).extracting(r -> r.get("basis")).containsOnly("accrual", "cash");
            for (Map<String, Object> run : runs) {
                Map<String, String> query = query((String) run.get("variant"));
                JsonNode expected = XeroSyncHarness.JSON.readTree(
                        sandbox.report(tenantId, "Reports/ProfitAndLoss", query).get("Reports").get(0).toString());
                assertThat(XeroSyncHarness.JSON.readTree((String) run.get("raw"))).as("%s", query).isEqualTo(expected);
            }
        }
    }

    @Test
    void should_store_every_report_exactly_as_xero_answered_it() throws Exception {
        XeroSandbox sandbox = harness.sandbox();
        Map<String, String> paths = Map.of("profit-and-loss", "Reports/ProfitAndLoss",
                "balance-sheet", "Reports/BalanceSheet", "trial-balance", "Reports/TrialBalance",
                "bank-summary", "Reports/BankSummary",
                "executive-summary", "Reports/ExecutiveSummary", "budget-summary", "Reports/BudgetSummary",
                "aged-receivables", "Reports/AgedReceivablesByContact", "aged-payables", "Reports/AgedPayablesByContact");
        List<Map<String, Object>> runs = harness.query("SELECT tenant_id, report, variant, raw::text AS raw, "
                + "(SELECT count(*) FROM xero.report_rows w "
                + " WHERE (w.tenant_id, w.report, w.variant) = (r.tenant_id, r.report, r.variant)) AS cells "
                + "FROM xero.report_runs r");
        assertThat(runs).extracting(r -> r.get("report")).containsAll(paths.keySet()).contains("tax-reports");
        for (Map<String, Object> run : runs) {
            String report = (String) run.get("report");
            String variant = (String) run.get("variant");
            JsonNode answer = report.equals("tax-reports")
                    ? sandbox.report((String) run.get("tenant_id"), "Reports/" + variant, Map.of())
                    : sandbox.report((String) run.get("tenant_id"), paths.get(report), query(variant));
            assertThat(XeroSyncHarness.JSON.readTree((String) run.get("raw"))).as("%s %s", report, variant)
                    .isEqualTo(XeroSyncHarness.JSON.readTree(answer.get("Reports").get(0).toString()));
            assertThat(((Number) run.get("cells")).longValue()).as("cells of %s %s", report, variant).isPositive();
        }
    }

    private static Map<String, String> query(String variant) {
        Map<String, String> query = new LinkedHashMap<>();
        for (String pair : variant.split("&")) {
            String[] kv = pair.split("=", 2);
            query.put(kv[0], kv[1]);
        }
        return query;
    }

    @Test
    void should_store_cells_whose_rows_add_up_to_their_section_totals() throws Exception {
        // every SummaryRow equals the sum of the Rows above it in its section, column by column
        List<Map<String, Object>> sections = harness.query("""
                SELECT tenant_id, report, variant, section, column_number,
                       sum(value) FILTER (WHERE row_type = 'Row') AS rows,
                       max(value) FILTER (WHERE row_type = 'SummaryRow') AS total,
                       count(*) FILTER (WHERE row_type = 'SummaryRow') AS totals
                FROM xero.report_rows
                WHERE report IN ('profit-and-loss', 'balance-sheet', 'bank-summary') AND section IS NOT NULL
                GROUP BY tenant_id, report, variant, section, column_number""");
        List<Map<String, Object>> checked = sections.stream()
                .filter(s -> ((Number) s.get("totals")).intValue() == 1 && s.get("rows") != null).toList();
        assertThat(checked).hasSizeGreaterThan(50);
        assertThat(checked).allSatisfy(s -> assertThat((BigDecimal) s.get("rows")).as("%s", s)
                .isEqualByComparingTo((BigDecimal) s.get("total")));
    }

    @Test
    void should_fetch_aged_reports_for_each_contact_with_an_open_balance() throws Exception {
        for (String tenantId : harness.sandbox().tenantIds()) {
            long contacts = harness.count("SELECT count(DISTINCT contact_id) FROM xero.invoices WHERE tenant_id = ? "
                    + "AND type = 'ACCREC' AND status IN ('AUTHORISED', 'SUBMITTED') AND amount_due <> 0", tenantId);
            assertThat(contacts).isPositive();
            assertThat(harness.count("SELECT count(*) FROM xero.report_runs WHERE tenant_id = ? "
                    + "AND report = 'aged-receivables' AND contact_id IS NOT NULL", tenantId)).isEqualTo(contacts);
        }
    }

    @Test
    void should_fetch_every_published_tax_report_by_id() throws Exception {
        XeroSandbox sandbox = harness.sandbox();
        for (String tenantId : sandbox.tenantIds()) {
            JsonNode published = sandbox.report(tenantId, "Reports", Map.of()).get("Reports");
            assertThat(published.size()).isPositive();
            for (JsonNode report : published) {
                String id = report.get("ReportID").asText();
                assertThat(harness.count("SELECT count(*) FROM xero.report_runs WHERE tenant_id = ? AND report = "
                        + "'tax-reports' AND variant = ? AND report_id = ?", tenantId, id, id)).isEqualTo(1);
            }
        }
    }

    @Test
    void should_feed_the_profit_and_loss_and_balance_sheet_views() throws Exception {
        assertThat(harness.count("SELECT count(DISTINCT (tenant_id, basis, month)) FROM xero_bi.profit_and_loss_by_month"))
                .isEqualTo(24L * harness.sandbox().tenantIds().size());
        assertThat(harness.count("SELECT count(DISTINCT (tenant_id, basis, as_at)) FROM xero_bi.balance_sheet_by_month"))
                .isEqualTo(24L * harness.sandbox().tenantIds().size());
    }
}
