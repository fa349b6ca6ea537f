package com.xerosync.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.xerosync.sandbox.XeroSandbox;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Whatever Xero sends that cannot be stored is recorded as a failure of that API for that organisation with a message a
 * person can act on; the other APIs carry on and nothing already stored is touched.
 */
class BadInputIT {

    private static XeroSyncHarness harness;
    private static XeroSandbox sandbox;

    @BeforeAll
    static void syncOnce() throws Exception {
        Map<String, String> overrides = XeroSyncHarness.smallSandbox(XeroSyncHarness.newDataDir("bad-input"));
        // the small sandbox's pages of 100 invoices weigh about 300 kB
        overrides.put("sync.max-page-bytes", "2000000");
        harness = XeroSyncHarness.start(overrides);
        harness.syncSkeletonApis();
        sandbox = harness.sandbox();
    }

    @AfterAll
    static void stop() {
        harness.close();
    }

    private static final String ONE_INVOICE = "{\"Id\":\"x\",\"Status\":\"OK\",\"ProviderName\":\"p\","
            + "\"DateTimeUTC\":\"/Date(1767225600000)/\",\"Invoices\":[%s]}";

    static List<Object[]> answers() {
        return List.of(
                new Object[] {"an HTML page with status 200", 200, "text/html", "<html><body>Xero is down</body></html>",
                        "text/html instead of JSON"},
                new Object[] {"a truncated JSON document", 200, "application/json", "{\"Invoices\":[{\"InvoiceID\":\"a\",",
                        "malformed JSON"},
                new Object[] {"JSON without the Invoices array", 200, "application/json", "{\"Id\":\"x\",\"Status\":\"OK\"}",
                        "has no \"Invoices\" array"},
                new Object[] {"a record without its id", 200, "application/json",
                        String.format(ONE_INVOICE, "{\"InvoiceNumber\":\"INV-1\",\"Total\":10.00}"), "has no InvoiceID"},
                new Object[] {"an absurd date", 200, "application/json", String.format(ONE_INVOICE,
                        "{\"InvoiceID\":\"i-1\",\"Date\":\"/Date(999999999999999+0000)/\"}"), "Date"},
                new Object[] {"a number that is not one", 200, "application/json", String.format(ONE_INVOICE,
                        "{\"InvoiceID\":\"i-1\",\"Total\":\"a lot\"}"), "Total"},
                new Object[] {"an empty body", 200, "application/json", "", "empty body"},
                new Object[] {"JSON nested 5,000 deep", 200, "application/json",
                        String.format(ONE_INVOICE, "{\"InvoiceID\":\"i-1\",\"Deep\":" + "[".repeat(5000) + "]".repeat(5000) + "}"),
                        "beyond what a Xero document holds"},
                new Object[] {"an answer over sync.max-page-bytes", 200, "application/json",
                        String.format(ONE_INVOICE, "{\"InvoiceID\":\"i-1\",\"Reference\":\"" + "x".repeat(3_000_000) + "\"}"),
                        "over sync.max-page-bytes (2,000,000)"},
                new Object[] {"a plain-text 503", 503, "text/plain", "Organisation offline", "Organisation offline"});
    }

    @Test
    void should_record_each_kind_of_bad_input_and_leave_the_stored_invoices_untouched() throws Exception {
        String tenantId = sandbox.tenantIds().get(0);
        Map<String, JsonNode> before = harness.rawById("invoices", "invoice_id", tenantId);
        long lines = harness.count("SELECT count(*) FROM xero.invoice_line_items");
        Map<String, Object> cursor = harness.query("SELECT modified_since, complete FROM xero_sync.sync_cursors "
                + "WHERE tenant_id = ? AND api = 'invoices'", tenantId).get(0);
        sandbox.applyChanges(tenantId, "Invoices", 4);
        for (Object[] answer : answers()) {
            sandbox.answerEndpoint("Invoices", (Integer) answer[1], (String) answer[2], (String) answer[3]);
            long failuresBefore = harness.count("SELECT count(*) FROM xero_sync.sync_failure");

            harness.sync(List.of("xero-invoices", "xero-contacts"));

            List<Map<String, Object>> failures = harness.query("SELECT tenant_id, message FROM xero_sync.sync_failure "
                    + "WHERE api = 'invoices' ORDER BY failure_id DESC LIMIT ?", sandbox.tenantIds().size());
            assertThat(harness.count("SELECT count(*) FROM xero_sync.sync_failure")).as((String) answer[0])
                    .isEqualTo(failuresBefore + sandbox.tenantIds().size());
            assertThat(failures).as((String) answer[0]).allSatisfy(f ->
                    assertThat((String) f.get("message")).contains((String) answer[4]).contains("Invoices"));
            // nothing stored was touched, and the cursor did not move
            assertThat(harness.rawById("invoices", "invoice_id", tenantId)).as((String) answer[0]).isEqualTo(before);
            assertThat(harness.count("SELECT count(*) FROM xero.invoice_line_items")).isEqualTo(lines);
            assertThat(harness.query("SELECT modified_since, complete FROM xero_sync.sync_cursors "
                    + "WHERE tenant_id = ? AND api = 'invoices'", tenantId).get(0)).isEqualTo(cursor);
            // the other API of the same run carried on
            assertThat(harness.query("SELECT status FROM xero_sync.sync_run WHERE api = 'contacts' "
                    + "ORDER BY run_id DESC LIMIT 1").get(0).get("status")).isEqualTo("success");
        }

        sandbox.clearFailures();
        harness.sync(List.of("xero-invoices"));
        SandboxTables.assertEqualToSandbox(harness);
    }

    @Test
    void should_store_text_postgresql_cannot_hold_and_keep_the_api_syncing() throws Exception {
        String tenantId = sandbox.tenantIds().get(0);
        String id = "0b6c4a63-3f5e-4a6e-9d42-5f0c2e6a7b11";
        // a NUL (U+0000) in a column's field, in a nested field and in a line: PostgreSQL refuses it in text and jsonb
        sandbox.answerEndpoint("Invoices", 200, "application/json", String.format(ONE_INVOICE, "{\"InvoiceID\":\"" + id
                + "\",\"InvoiceNumber\":\"INV\\u00007\",\"Reference\":\"a\\u0000b\",\"Contact\":{\"Name\":\"N\\u0000\"},"
                + "\"UpdatedDateUTC\":\"/Date(1767225600000+0000)/\",\"LineItems\":[{\"LineItemID\":\"" + id
                + "\",\"Description\":\"d\\u0000\"}]}"));
        try {
            for (int run = 0; run < 2; run++) {
                harness.sync(List.of("xero-invoices"));
                assertThat(harness.query("SELECT status, error FROM xero_sync.sync_run WHERE api = 'invoices' AND tenant_id = ? "
                        + "ORDER BY run_id DESC LIMIT 1", tenantId).get(0).get("status")).as("run %d", run).isEqualTo("success");
            }
            Map<String, Object> stored = harness.query("SELECT invoice_number, reference, raw::text AS raw FROM xero.invoices "
                    + "WHERE tenant_id = ? AND invoice_id = ?", tenantId, id).get(0);
            assertThat(stored.get("invoice_number")).isEqualTo("INV\uFFFD7");
            assertThat(stored.get("reference")).isEqualTo("a\uFFFDb");
            assertThat(harness.rawById("invoices", "invoice_id", tenantId).get(id).path("Contact").path("Name").asText())
                    .isEqualTo("N\uFFFD");
            assertThat(harness.count("SELECT count(*) FROM xero.invoice_line_items WHERE tenant_id = ? AND description = ?",
                    tenantId, "d\uFFFD")).isEqualTo(1);
        } finally {
            sandbox.clearFailures();
            // the invented invoice is not the sandbox's: gone again, so the tables stay comparable with the source
            harness.query("DELETE FROM xero.invoices WHERE invoice_id = ? RETURNING invoice_id", id);
        }
    }

    @Test
    void should_stop_and_record_a_listing_that_sends_the_same_page_again_and_again() throws Exception {
        String tenantId = sandbox.tenantIds().get(0);
        List<String> ids = List.of("5d0f4a4e-6a43-4c3b-8d4e-2b7c1f0a9e01", "5d0f4a4e-6a43-4c3b-8d4e-2b7c1f0a9e02");
        StringBuilder invoices = new StringBuilder();
        for (String id : ids) {
            invoices.append(invoices.length() == 0 ? "" : ",").append("{\"InvoiceID\":\"").append(id)
                    .append("\",\"UpdatedDateUTC\":\"/Date(1767225600000+0000)/\"}");
        }
        // a listing that lies: a million pages, each the same two records
        sandbox.answerEndpoint("Invoices", 200, "application/json", "{\"Id\":\"x\",\"Status\":\"OK\",\"ProviderName\":\"p\","
                + "\"DateTimeUTC\":\"/Date(1767225600000)/\",\"pagination\":{\"page\":1,\"pageSize\":1000,"
                + "\"pageCount\":1000000,\"itemCount\":1000000000},\"Invoices\":[" + invoices + "]}");
        try {
            harness.sync(List.of("xero-invoices"));
            Map<String, Object> run = harness.query("SELECT status, error, api_calls FROM xero_sync.sync_run "
                    + "WHERE api = 'invoices' AND tenant_id = ? ORDER BY run_id DESC LIMIT 1", tenantId).get(0);
            assertThat(run.get("status")).isEqualTo("failed");
            assertThat((String) run.get("error")).contains("paging does not advance", "page 2", "Invoices");
            assertThat(((Number) run.get("api_calls")).intValue()).as("stopped at the first repeat").isEqualTo(2);
        } finally {
            sandbox.clearFailures();
            for (String id : ids) {
                harness.query("DELETE FROM xero.invoices WHERE invoice_id = ? RETURNING invoice_id", id);
            }
        }
    }
}
