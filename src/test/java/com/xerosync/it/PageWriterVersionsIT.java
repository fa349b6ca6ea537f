package com.xerosync.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.xerosync.sync.PageWriter;
import com.xerosync.sync.SyncApi;
import com.xerosync.sync.SyncApis;
import com.xerosync.sync.SyncRun;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The writer's version guard with its child rows, on a page that mixes an older copy of a stored invoice, a newer copy
 * of another and a new invoice: only the newer and the new ones are written, each with its own lines, and a bad line
 * of the older copy (which is not written) fails nothing.
 */
class PageWriterVersionsIT {

    private static XeroSyncHarness harness;

    @BeforeAll
    static void syncOnce() throws Exception {
        harness = XeroSyncHarness.start(XeroSyncHarness.smallSandbox(XeroSyncHarness.newDataDir("page-writer-versions")));
        harness.syncSkeletonApis();
    }

    @AfterAll
    static void stop() {
        harness.close();
    }

    @Test
    void should_write_only_records_not_older_than_stored_and_replace_only_their_lines() throws Exception {
        List<Map<String, Object>> stored = harness.query("SELECT tenant_id, invoice_id FROM xero.invoices i WHERE EXISTS "
                + "(SELECT 1 FROM xero.invoice_line_items l WHERE l.tenant_id = i.tenant_id AND l.invoice_id = i.invoice_id) "
                + "ORDER BY tenant_id, invoice_id LIMIT 2");
        String tenantId = (String) stored.get(0).get("tenant_id");
        String olderId = (String) stored.get(0).get("invoice_id");
        String newerId = (String) stored.get(1).get("invoice_id");
        assertThat(stored.get(1).get("tenant_id")).isEqualTo(tenantId);
        JsonNode olderBefore = harness.rawById("invoices", "invoice_id", tenantId).get(olderId);
        long olderLines = lines(tenantId, olderId);

        ObjectNode older = olderBefore.deepCopy();
        older.put("UpdatedDateUTC", "/Date(946684800000+0000)/");
        older.put("Total", 1.23);
        ((ArrayNode) older.withArray("LineItems")).addObject().put("Quantity", "not a number");
        ObjectNode newer = harness.rawById("invoices", "invoice_id", tenantId).get(newerId).deepCopy();
        newer.put("UpdatedDateUTC", "/Date(4102444800000+0000)/");
        newer.put("Total", 4.56);
        newer.putArray("LineItems").addObject().put("Description", "the one line left").put("LineAmount", 4.56);
        ObjectNode fresh = newer.deepCopy();
        fresh.put("InvoiceID", "page-writer-versions-new");
        fresh.put("UpdatedDateUTC", "/Date(4102531200000+0000)/");
        ObjectNode body = XeroSyncHarness.JSON.createObjectNode();
        body.putArray("Invoices").add(older).add(newer).add(fresh);

        write(tenantId, body);

        assertThat(harness.rawById("invoices", "invoice_id", tenantId).get(olderId)).isEqualTo(olderBefore);
        assertThat(lines(tenantId, olderId)).isEqualTo(olderLines);
        assertThat(harness.query("SELECT total FROM xero.invoices WHERE tenant_id = ? "
                + "AND invoice_id IN (?, ?) ORDER BY invoice_id", tenantId, newerId, "page-writer-versions-new"))
                .extracting(r -> r.get("total").toString())
                .containsExactly("4.56", "4.56");
        for (String id : List.of(newerId, "page-writer-versions-new")) {
            assertThat(harness.query("SELECT line_number, description FROM xero.invoice_line_items WHERE tenant_id = ? "
                    + "AND invoice_id = ?", tenantId, id))
                    .containsExactly(Map.of("line_number", 1, "description", "the one line left"));
        }
    }

    private static long lines(String tenantId, String invoiceId) throws Exception {
        return harness.count("SELECT count(*) FROM xero.invoice_line_items WHERE tenant_id = ? AND invoice_id = ?",
                tenantId, invoiceId);
    }

    /** One page through the writer, as the invoices route hands it over, waiting until it is committed. */
    private static void write(String tenantId, JsonNode body) throws Exception {
        var context = harness.runtime().camelContext();
        SyncApi api = new SyncApis().of(context, "xero-invoices");
        PageWriter writer = context.getRegistry().lookupByNameAndType("pageWriter", PageWriter.class);
        SyncRun run = new SyncRun(api, tenantId, "test", "test", -1, Instant.now(), 1000, null);
        Exchange exchange = new DefaultExchange(context);
        exchange.setProperty(SyncRun.PROPERTY, run);
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, 200);
        exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, "application/json");
        exchange.getMessage().setBody(XeroSyncHarness.JSON.writeValueAsBytes(body));
        writer.write(exchange);
        run.awaitWrite();
    }
}
