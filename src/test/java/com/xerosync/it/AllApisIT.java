package com.xerosync.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.xerosync.sandbox.XeroSandbox;
import com.xerosync.sync.SyncApis;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every route in {@code routes/}, synced in full: each API's table (and child tables) equal what the sandbox serves,
 * for every organisation, record by record on the raw JSON.
 */
class AllApisIT {

    private static XeroSyncHarness harness;
    private static final SyncApis APIS = new SyncApis();

    @BeforeAll
    static void syncEverything() throws Exception {
        harness = XeroSyncHarness.start(XeroSyncHarness.smallSandbox(XeroSyncHarness.newDataDir("all-apis")));
        harness.syncEverything();
    }

    @AfterAll
    static void stop() {
        harness.close();
    }

    /** The route ids declared in routes/*.yaml, read from the files themselves. */
    static List<String> declaredRoutes() throws Exception {
        List<String> ids = new ArrayList<>();
        Pattern routeId = Pattern.compile("routeId: (xero-[a-z-]+)");
        try (Stream<Path> files = Files.list(Path.of("routes"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
                Matcher m = routeId.matcher(Files.readString(file));
                while (m.find()) {
                    ids.add(m.group(1));
                }
            }
        }
        return ids;
    }

    /** The routes whose scope the sandbox connection was granted (sandbox.scopes); the others are skipped. */
    static List<String> grantedRoutes(XeroSyncHarness harness) throws Exception {
        String granted = (String) harness.query("SELECT scopes FROM xero_sync.connections WHERE connection_id = 'sandbox'")
                .get(0).get("scopes");
        List<String> routes = new ArrayList<>();
        for (String id : declaredRoutes()) {
            if (APIS.of(harness.runtime().camelContext(), id).grantedBy(granted)) {
                routes.add(id);
            }
        }
        return routes;
    }

    @Test
    void should_start_every_route_declared_in_routes_and_run_each_for_every_organisation() throws Exception {
        List<String> declared = declaredRoutes();
        assertThat(declared).hasSizeGreaterThanOrEqualTo(40).doesNotHaveDuplicates();
        assertThat(harness.runtime().syncRoutes()).containsExactlyInAnyOrderElementsOf(declared);
        List<String> granted = grantedRoutes(harness);
        // the sandbox grants every scope, so the demo syncs every API
        assertThat(granted).containsExactlyInAnyOrderElementsOf(declared);
        List<Map<String, Object>> runs = harness.query("SELECT r.api, r.tenant_id, r.status, r.error, o.country_code "
                + "FROM xero_sync.sync_run r JOIN xero.organisations o USING (tenant_id)");
        assertThat(runs).hasSize(declared.size() * harness.sandbox().tenantIds().size());
        assertThat(runs).allSatisfy(run -> {
            String routeId = "xero-" + run.get("api");
            boolean isGranted = granted.contains(routeId);
            boolean exists = APIS.of(harness.runtime().camelContext(), routeId).existsIn((String) run.get("country_code"));
            assertThat(run.get("status")).as("%s", run).isEqualTo(isGranted && exists ? "success" : "skipped");
            if (!isGranted) {
                assertThat((String) run.get("error")).contains("not granted").contains("add it to xero.scopes");
            } else if (!exists) {
                assertThat((String) run.get("error")).contains("exists for organisations in AU only");
            }
        });
    }

    @Test
    void should_make_every_table_equal_to_the_sandbox() throws Exception {
        SandboxTables.assertEqualToSandbox(harness, grantedRoutes(harness));
    }

    @Test
    void should_answer_the_bi_views_as_the_sandbox_data_says() throws Exception {
        XeroSandbox sandbox = harness.sandbox();
        for (String tenantId : sandbox.tenantIds()) {
            List<JsonNode> invoices = sandbox.records(tenantId, "Invoices").map(i -> (JsonNode) i).toList();
            List<JsonNode> outstanding = invoices.stream()
                    .filter(i -> List.of("AUTHORISED", "SUBMITTED").contains(i.get("Status").asText()))
                    .filter(i -> i.get("AmountDue").decimalValue().signum() != 0).toList();
            assertThat(harness.count("SELECT count(*) FROM xero_bi.outstanding_invoices WHERE tenant_id = ?", tenantId))
                    .isEqualTo(outstanding.size()).isPositive();
            BigDecimal receivable = outstanding.stream().filter(i -> i.get("Type").asText().equals("ACCREC"))
                    .map(i -> i.get("AmountDue").decimalValue()
                            .divide(i.path("CurrencyRate").isNumber() ? i.get("CurrencyRate").decimalValue() : BigDecimal.ONE,
                                    2, RoundingMode.HALF_UP)) // as PostgreSQL rounds numeric
                    .reduce(BigDecimal.ZERO, BigDecimal::add);
            Map<String, Object> ageing = harness.query("SELECT sum(total_due) AS total, sum(coalesce(current, 0) "
                    + "+ coalesce(overdue_1_30, 0) + coalesce(overdue_31_60, 0) + coalesce(overdue_61_90, 0) "
                    + "+ coalesce(overdue_over_90, 0)) AS buckets FROM xero_bi.ageing WHERE tenant_id = ? "
                    + "AND ledger = 'receivable'", tenantId).get(0);
            assertThat((BigDecimal) ageing.get("total")).isEqualByComparingTo(receivable);
            assertThat((BigDecimal) ageing.get("buckets")).isEqualByComparingTo(receivable);

            long bills = invoices.stream().filter(i -> i.get("Type").asText().equals("ACCPAY"))
                    .filter(i -> !List.of("DELETED", "VOIDED").contains(i.get("Status").asText())).count();
            assertThat(harness.count("SELECT count(*) FROM xero_bi.bills WHERE tenant_id = ?", tenantId)).isEqualTo(bills);
            long tracked = sandbox.records(tenantId, "Items").filter(i -> i.path("IsTrackedAsInventory").asBoolean()).count();
            assertThat(harness.count("SELECT count(*) FROM xero_bi.inventory WHERE tenant_id = ? AND is_tracked_as_inventory",
                    tenantId)).isEqualTo(tracked).isPositive();
            assertThat(harness.count("SELECT count(*) FROM xero_bi.payments WHERE tenant_id = ?", tenantId))
                    .isEqualTo(sandbox.records(tenantId, "Payments").count());
            assertThat(harness.count("SELECT count(*) FROM xero_bi.purchase_orders WHERE tenant_id = ?", tenantId))
                    .isEqualTo(sandbox.records(tenantId, "PurchaseOrders").filter(p -> !p.get("Status").asText().equals("DELETED")).count());
        }
    }

    @Test
    void should_count_revenue_as_sales_invoices_less_sales_credit_notes_excluding_tax() throws Exception {
        XeroSandbox sandbox = harness.sandbox();
        for (String tenantId : sandbox.tenantIds()) {
            BigDecimal invoices = baseSubTotals(sandbox, tenantId, "Invoices", "ACCREC");
            BigDecimal credits = baseSubTotals(sandbox, tenantId, "CreditNotes", "ACCRECCREDIT");
            BigDecimal revenue = (BigDecimal) harness.query(
                    "SELECT sum(revenue) AS r FROM xero_bi.revenue_by_month WHERE tenant_id = ?", tenantId).get(0).get("r");
            assertThat(revenue).isEqualByComparingTo(invoices.subtract(credits));
            assertThat(credits).isPositive();
        }
    }

    private static BigDecimal baseSubTotals(XeroSandbox sandbox, String tenantId, String collection, String type) {
        return sandbox.records(tenantId, collection)
                .filter(d -> d.get("Type").asText().equals(type))
                .filter(d -> List.of("AUTHORISED", "PAID").contains(d.get("Status").asText()))
                .map(d -> d.get("SubTotal").decimalValue().divide(
                        d.path("CurrencyRate").isNumber() ? d.get("CurrencyRate").decimalValue() : BigDecimal.ONE,
                        2, RoundingMode.HALF_UP))
                .reduce(BigDecimal.ZERO, BigDecimal::add);
    }
}
