package com.xerosync.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.xerosync.sandbox.XeroSandbox;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Compares the synced tables with what the sandbox serves, record by record, on the raw JSON Xero sent. */
final class SandboxTables {

    /** One API: the sandbox collection, its table, id column and id field. */
    record Api(String collection, String table, String idColumn, String idField) {
    }

    static final List<Api> APIS = List.of(
            new Api("Organisations", "organisations", "organisation_id", "OrganisationID"),
            new Api("Accounts", "accounts", "account_id", "AccountID"),
            new Api("Contacts", "contacts", "contact_id", "ContactID"),
            new Api("Invoices", "invoices", "invoice_id", "InvoiceID"));

    private SandboxTables() {
    }

    static Map<String, JsonNode> expected(XeroSandbox sandbox, String tenantId, Api api) {
        Map<String, JsonNode> expected = new LinkedHashMap<>();
        sandbox.records(tenantId, api.collection()).forEach(record -> {
            try {
                // through text, as the sync received it
                expected.put(record.get(api.idField()).asText(), XeroSyncHarness.JSON.readTree(record.toString()));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        return expected;
    }

    static void assertEqualToSandbox(XeroSyncHarness harness) throws Exception {
        XeroSandbox sandbox = harness.sandbox();
        assertThat(sandbox.tenantIds()).hasSizeGreaterThanOrEqualTo(2);
        for (String tenantId : sandbox.tenantIds()) {
            for (Api api : APIS) {
                Map<String, JsonNode> expected = expected(sandbox, tenantId, api);
                Map<String, JsonNode> actual = harness.rawById(api.table(), api.idColumn(), tenantId);
                assertThat(actual.keySet()).as("%s ids of %s", api.table(), tenantId)
                        .containsExactlyInAnyOrderElementsOf(expected.keySet());
                for (Map.Entry<String, JsonNode> record : expected.entrySet()) {
                    assertThat(actual.get(record.getKey())).as("%s %s of %s", api.table(), record.getKey(), tenantId)
                            .isEqualTo(record.getValue());
                }
            }
            long lines = sandbox.records(tenantId, "Invoices").mapToLong(i -> i.path("LineItems").size()).sum();
            assertThat(harness.count("SELECT count(*) FROM xero.invoice_line_items WHERE tenant_id = ?", tenantId))
                    .as("line items of %s", tenantId).isEqualTo(lines);
        }
    }
}
