package com.xerosync.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.xerosync.sandbox.XeroSandbox;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What Xero's answers weigh, through the real routes against the sandbox over HTTP and a real PostgreSQL: the calls ask
 * for gzip and get it, every call's bytes are counted on the wire (equal to what the sandbox itself counted sending)
 * and decoded, failed and repeated calls and reports included, into sync_run, the month's per organisation, the
 * metric and the admin page.
 */
class EgressIT {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Pattern SAMPLE = Pattern.compile("^xero_sync_egress_bytes_total\\{(.*)}\\s+(\\S+)$");

    private XeroSyncHarness harness;

    @AfterEach
    void stop() {
        if (harness != null) {
            harness.close();
        }
    }

    @Test
    void should_count_every_calls_bytes_on_the_wire_and_decoded_and_show_them_against_the_plan() throws Exception {
        harness = XeroSyncHarness.start(XeroSyncHarness.smallSandbox(XeroSyncHarness.newDataDir("egress")));
        XeroSandbox sandbox = harness.sandbox();
        // a repeated call (503, then the answer) and a run that fails for good after its attempts
        sandbox.failEndpoint("Invoices", 503, 1);
        sandbox.failEndpoint("Items", 500);
        harness.sync(List.of("xero-organisation"));
        harness.sync(List.of("xero-accounts", "xero-contacts", "xero-invoices", "xero-items"));
        harness.sync(List.of("xero-profit-and-loss"));

        for (String tenantId : sandbox.tenantIds()) {
            Map<String, Object> runs = harness.query("SELECT sum(bytes) AS bytes, sum(decoded_bytes) AS decoded, "
                    + "sum(api_calls) AS calls FROM xero_sync.sync_run WHERE tenant_id = ?", tenantId).get(0);
            long wire = ((Number) runs.get("bytes")).longValue();
            long decoded = ((Number) runs.get("decoded")).longValue();
            // what the sandbox sent, gzip as asked, is what the runs counted on the wire
            assertThat(wire).as("bytes of " + tenantId).isPositive().isEqualTo(sandbox.bytesSent(tenantId));
            assertThat(wire).as("gzip").isLessThan(decoded / 4);
            Map<String, Object> month = harness.query("SELECT wire_bytes, decoded_bytes, calls, month FROM "
                    + "xero_sync.egress_monthly WHERE tenant_id = ?", tenantId).get(0);
            assertThat(((Number) month.get("wire_bytes")).longValue()).isEqualTo(wire);
            assertThat(((Number) month.get("decoded_bytes")).longValue()).isEqualTo(decoded);
            assertThat(((Number) month.get("calls")).longValue()).isEqualTo(((Number) runs.get("calls")).longValue());
        }
        assertThat(harness.count("SELECT count(*) FROM xero_sync.egress_monthly")).isEqualTo(sandbox.tenantIds().size());
        // the failed run and the reports have their bytes, the repeated call its own
        String first = sandbox.tenantIds().get(0);
        Map<String, Object> failed = harness.query("SELECT status, bytes, decoded_bytes, api_calls FROM xero_sync.sync_run "
                + "WHERE api = 'items' AND tenant_id = ?", first).get(0);
        assertThat(failed.get("status")).isEqualTo("failed");
        assertThat(((Number) failed.get("bytes")).longValue()).isPositive();
        assertThat((Integer) failed.get("api_calls")).isGreaterThan(1);
        assertThat(harness.count("SELECT bytes FROM xero_sync.sync_run WHERE api = 'profit-and-loss' AND tenant_id = ?",
                first)).isPositive();
        assertThat(harness.count("SELECT count(*) FROM xero_sync.sync_run WHERE bytes = 0 AND api_calls > 0")).isZero();
        // the stored records are the decoded JSON
        assertThat(harness.count("SELECT count(*) FROM xero.invoices WHERE tenant_id = ?", first))
                .isEqualTo(sandbox.records(first, "Invoices").count());

        // the metric reads the same snapshot as the others, equal to sync_run
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
            Map<String, Double> metric = egressMetric();
            for (Map<String, Object> row : harness.query("SELECT r.api, r.tenant_id, t.tenant_name, sum(r.bytes) AS bytes "
                    + "FROM xero_sync.sync_run r JOIN xero_sync.tenants t USING (tenant_id) GROUP BY 1, 2, 3")) {
                String series = "api=" + row.get("api") + ",organisation=" + row.get("tenant_name") + ",tenant_id="
                        + row.get("tenant_id");
                assertThat(metric.get(series)).as(series).isEqualTo(((Number) row.get("bytes")).doubleValue());
            }
        });

        // the admin page: the month against the sandbox's plan (advanced, 250 GB), with the projection
        HttpResponse<String> admin = HTTP.send(HttpRequest.newBuilder(URI.create(harness.serverUrl() + "/admin")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(admin.statusCode()).isEqualTo(200);
        assertThat(admin.body()).contains("id=\"egress-bar\"", "id=\"egress-used\"", "id=\"egress-projected\"",
                "250 GB included", "Projected month end:", "Within the allowance: no overage",
                "id=\"egress-organisations\"");
        for (String tenantId : sandbox.tenantIds()) {
            assertThat(admin.body()).contains("data-tenant=\"" + tenantId + "\"><td>" + sandbox.tenantName(tenantId));
        }
    }

    @Test
    void should_serve_plain_json_to_a_request_that_does_not_ask_for_gzip_and_count_it_the_same() throws Exception {
        harness = XeroSyncHarness.start(XeroSyncHarness.smallSandbox(XeroSyncHarness.newDataDir("egress-plain")));
        XeroSandbox sandbox = harness.sandbox();
        harness.sync(List.of("xero-organisation", "xero-accounts"));
        String token = sandboxToken(sandbox);
        HttpResponse<String> connections = HTTP.send(HttpRequest.newBuilder(URI.create(sandbox.baseUrl() + "/connections"))
                .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
        String tenantId = XeroSyncHarness.JSON.readTree(connections.body()).get(0).get("tenantId").asText();
        long sent = sandbox.bytesSent(tenantId);
        Map<String, Object> accounts = harness.query("SELECT bytes, decoded_bytes FROM xero_sync.sync_run "
                + "WHERE api = 'accounts' AND tenant_id = ?", tenantId).get(0);

        HttpResponse<byte[]> plain = HTTP.send(HttpRequest.newBuilder(URI.create(sandbox.baseUrl() + "/api.xro/2.0/Accounts"))
                .header("Authorization", "Bearer " + token).header("xero-tenant-id", tenantId).build(),
                HttpResponse.BodyHandlers.ofByteArray());

        assertThat(plain.headers().firstValue("Content-Encoding")).isEmpty();
        // the sync's decoded count is the plain answer's length; what it counted on the wire is the gzip one
        assertThat(((Number) accounts.get("decoded_bytes")).longValue()).isEqualTo(plain.body().length);
        assertThat(((Number) accounts.get("bytes")).longValue()).isLessThan(plain.body().length);
        assertThat(sandbox.bytesSent(tenantId) - sent).isEqualTo(plain.body().length);
    }

    /** A custom connection's token (it reaches one organisation, which /connections names). */
    private static String sandboxToken(XeroSandbox sandbox) throws Exception {
        HttpResponse<String> token = HTTP.send(HttpRequest.newBuilder(URI.create(sandbox.baseUrl() + "/connect/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Authorization", "Basic " + java.util.Base64.getEncoder().encodeToString(
                        "sandbox-client:sandbox-secret".getBytes(java.nio.charset.StandardCharsets.UTF_8)))
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(token.statusCode()).as(token.body()).isEqualTo(200);
        return XeroSyncHarness.JSON.readTree(token.body()).get("access_token").asText();
    }

    /** xero_sync_egress_bytes_total by its labels (sorted: api, organisation, tenant_id). */
    private Map<String, Double> egressMetric() throws Exception {
        HttpResponse<String> response = ManagementIT.get(harness, "/observe/metrics");
        assertThat(response.statusCode()).isEqualTo(200);
        Map<String, Double> samples = new HashMap<>();
        Pattern label = Pattern.compile("(\\w+)=\"((?:[^\"\\\\]|\\\\.)*)\"");
        for (String line : response.body().split("\n")) {
            Matcher sample = SAMPLE.matcher(line.trim());
            if (!sample.matches()) {
                continue;
            }
            List<String> labels = new ArrayList<>();
            Matcher l = label.matcher(sample.group(1));
            while (l.find()) {
                labels.add(l.group(1) + "=" + l.group(2));
            }
            labels.sort(String::compareTo);
            samples.put(String.join(",", labels), Double.parseDouble(sample.group(2)));
        }
        return samples;
    }
}
