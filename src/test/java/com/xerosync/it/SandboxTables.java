package com.xerosync.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.xerosync.sandbox.XeroSandbox;
import com.xerosync.sync.RecordMapper;
import com.xerosync.sync.SyncApi;
import com.xerosync.sync.SyncApis;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** Compares the synced tables with what the sandbox serves, record by record, on the raw JSON Xero sent. */
final class SandboxTables {

    private static final SyncApis APIS = new SyncApis();

    private SandboxTables() {
    }

    /** The walking skeleton's APIs (organisation, accounts, contacts, invoices). */
    static void assertEqualToSandbox(XeroSyncHarness harness) throws Exception {
        assertEqualToSandbox(harness, XeroSyncHarness.SKELETON_ROUTES);
    }

    /**
     * The tables (and child tables) of these routes hold exactly what the sandbox serves, for every organisation the
     * API exists for. Reports are compared by {@code ReportsIT}.
     */
    static void assertEqualToSandbox(XeroSyncHarness harness, List<String> routeIds) throws Exception {
        assertEqualToSandbox(harness, harness.sandbox(), routeIds);
    }

    /** The same, for a sandbox running apart from the harness's service (which then talks to it as to Xero). */
    static void assertEqualToSandbox(XeroSyncHarness harness, XeroSandbox sandbox, List<String> routeIds)
            throws Exception {
        assertThat(sandbox.tenantIds()).hasSizeGreaterThanOrEqualTo(2);
        for (String routeId : routeIds) {
            SyncApi api = APIS.of(harness.runtime().camelContext(), routeId);
            if (api.fetchesReports()) {
                continue;
            }
            String idColumn = api.idField().isEmpty() ? "tenant_id" : column(harness, api.table(), api.idField());
            for (String tenantId : sandbox.tenantIds()) {
                String country = (String) harness.query("SELECT country_code FROM xero.organisations WHERE tenant_id = ?",
                        tenantId).get(0).get("country_code");
                if (!api.existsIn(country)) {
                    assertThat(harness.count("SELECT count(*) FROM xero." + api.table() + " WHERE tenant_id = ?", tenantId))
                            .as("%s of %s", routeId, tenantId).isZero();
                    continue;
                }
                Map<String, JsonNode> expected = new LinkedHashMap<>();
                Map<String, Integer> children = new HashMap<>();
                // the cash-basis journals are the same endpoint with paymentsOnly=true; a collection per parent
                // (Projects/{projectId}/Tasks) is every parent's records
                Stream<ObjectNode> listing = api.query().contains("paymentsOnly=true")
                        ? sandbox.journals(tenantId, true) : sandbox.records(tenantId, api.endpoint());
                listing.forEach(listed -> {
                    String id = api.idField().isEmpty() ? tenantId : listed.get(api.idField()).asText();
                    // an API fetched by id stores what the record's own GET serves (members, lines)
                    JsonNode record = api.detail() ? sandbox.record(tenantId, api.endpoint(), id).orElseThrow() : listed;
                    // through text, as the sync received it
                    expected.put(id, json(record.toString()));
                    api.children().forEach(c -> children.merge(c.table(), record.path(c.field()).size(), Integer::sum));
                });
                Map<String, JsonNode> actual = harness.rawById(api.table(), idColumn, tenantId);
                assertThat(actual.keySet()).as("%s of %s", routeId, tenantId)
                        .containsExactlyInAnyOrderElementsOf(expected.keySet());
                expected.forEach((id, record) -> assertThat(actual.get(id)).as("%s %s", routeId, id).isEqualTo(record));
                for (SyncApi.Child child : api.children()) {
                    assertThat(harness.count("SELECT count(*) FROM xero." + child.table() + " WHERE tenant_id = ?", tenantId))
                            .as("%s of %s", child.table(), tenantId)
                            .isEqualTo(children.getOrDefault(child.table(), 0).longValue());
                }
            }
        }
    }

    private static String column(XeroSyncHarness harness, String table, String field) throws Exception {
        return harness.query("SELECT column_name FROM information_schema.columns WHERE table_schema = 'xero' "
                + "AND table_name = ?", table).stream().map(r -> (String) r.get("column_name"))
                .filter(c -> RecordMapper.normalize(c).equals(RecordMapper.normalize(field))).findFirst().orElseThrow();
    }

    private static JsonNode json(String text) {
        try {
            return XeroSyncHarness.JSON.readTree(text);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
