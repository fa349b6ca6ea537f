package com.xerosync.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.xerosync.operate.Operations;
import com.xerosync.sandbox.XeroSandbox;
import java.lang.management.ManagementFactory;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What operators see, through the real routes against the sandbox and a real PostgreSQL: the xero_sync_* metrics at
 * /observe/metrics and the SyncApi MBeans equal what sync_run and sync_failure record; an API's readiness goes DOWN
 * after failures in a row and when Xero must be connected again, and UP after a success; liveness stays UP.
 */
class OperationsIT {

    private static final List<String> ROUTES = List.of("xero-organisation", "xero-accounts", "xero-invoices",
            "xero-payroll-employees");
    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{(.*)})?\\s+(\\S+)$");
    private static final Pattern LABEL = Pattern.compile("(\\w+)=\"((?:[^\"\\\\]|\\\\.)*)\"");

    private XeroSyncHarness harness;

    @AfterEach
    void stop() {
        if (harness != null) {
            harness.close();
        }
    }

    @Test
    void should_turn_liveness_down_when_the_embedded_postgresql_dies_and_start_again_after_a_restart() throws Exception {
        String dataDir = XeroSyncHarness.newDataDir("postgres-dies");
        harness = XeroSyncHarness.start(XeroSyncHarness.smallSandbox(dataDir));
        harness.sync(List.of("xero-organisation"));
        assertThat(ManagementIT.get(harness, "/observe/health/live").statusCode()).isEqualTo(200);
        long pid = com.xerosync.store.EmbeddedPostgresFolderAccess.postmasterPid(java.nio.file.Path.of(dataDir));

        // what the OOM killer or a crash does to it
        ProcessHandle postgres = ProcessHandle.of(pid).orElseThrow();
        postgres.destroyForcibly();
        postgres.onExit().get(30, java.util.concurrent.TimeUnit.SECONDS);

        HttpResponse<String> live = ManagementIT.get(harness, "/observe/health/live?data=true");
        assertThat(live.statusCode()).isEqualTo(503);
        assertThat(live.body()).contains("the embedded PostgreSQL (process " + pid + ")", "has stopped",
                "until xero-sync is restarted");
        // a restart (what the supervisor does on liveness DOWN) brings it back, with what it had stored
        harness.restart();
        assertThat(ManagementIT.get(harness, "/observe/health/live").statusCode()).isEqualTo(200);
        assertThat(harness.count("SELECT count(*) FROM xero.organisations")).isEqualTo(harness.sandbox().tenantIds().size());
    }

    @Test
    void should_show_operators_what_the_database_records() throws Exception {
        Map<String, String> overrides = XeroSyncHarness.smallSandbox(XeroSyncHarness.newDataDir("operations"));
        overrides.put(Operations.SNAPSHOT_MAX_AGE, "1");
        overrides.put(Operations.FAILURES_IN_A_ROW, "3");
        harness = XeroSyncHarness.start(overrides);
        XeroSandbox sandbox = harness.sandbox();
        String parked = sandbox.tenantIds().get(0);

        // success everywhere, skipped (AU Payroll for the NZ organisation), then a day-limit 429: throttled
        harness.sync(List.of("xero-organisation"));
        harness.sync(ROUTES);
        sandbox.useUpDayLimit(parked, Duration.ofSeconds(2));
        harness.sync(List.of("xero-accounts"));
        assertThat(harness.count("SELECT count(*) FROM xero_sync.sync_run WHERE status = 'throttled'")).isOne();
        assertThat(harness.count("SELECT count(*) FROM xero_sync.sync_run WHERE status = 'skipped'")).isPositive();
        assertEverythingEqualsTheDatabase();
        Map<String, Double> metrics = metrics();
        assertThat(metrics.get("xero_sync_rate_limited_total{}")).isEqualTo(sandbox.rateLimitedCalls()).isPositive();
        assertThat(metrics).containsEntry("xero_sync_quota_remaining{organisation=" + sandbox.tenantName(parked)
                + ",tenant_id=" + parked + ",window=day}", 0.0);
        for (String route : ROUTES) {
            assertThat(health(route)).as(route).isEqualTo("UP");
        }
        Instant reset = ((Date) harness.query("SELECT throttled_until FROM xero_sync.tenants WHERE tenant_id = ?",
                parked).get(0).get("throttled_until")).toInstant();
        await().atMost(Duration.ofMinutes(1)).until(() -> Instant.now().isAfter(reset.plusMillis(200)));

        // failures in a row: UP below the limit, DOWN at it naming both organisations and the error, UP after a success
        sandbox.failEndpoint("Invoices", 500);
        harness.sync(List.of("xero-invoices"));
        harness.sync(List.of("xero-invoices"));
        awaitHealth("xero-invoices", "UP");
        harness.sync(List.of("xero-invoices"));
        JsonNode down = awaitHealth("xero-invoices", "DOWN");
        assertThat(down.path("data").path("failing").asText())
                .contains(sandbox.tenantName(sandbox.tenantIds().get(0)) + " (3 in a row)",
                        sandbox.tenantName(sandbox.tenantIds().get(1)) + " (3 in a row)");
        assertThat(down.path("data").path("last-error").asText()).contains("500");
        assertThat(down.path("message").asText()).contains("3 or more times in a row", "500");
        assertThat(health("xero-accounts")).as("the other APIs").isEqualTo("UP");
        assertThat(ManagementIT.get(harness, "/observe/health/ready").statusCode()).isEqualTo(503);
        assertLive();
        assertEverythingEqualsTheDatabase();
        assertThat(ManagementFactory.getPlatformMBeanServer().getAttribute(Operations.objectName("xero-invoices"),
                "ConsecutiveFailures")).isEqualTo(3);

        sandbox.clearFailures();
        harness.sync(List.of("xero-invoices"));
        awaitHealth("xero-invoices", "UP");
        assertThat(ManagementIT.get(harness, "/observe/health/ready").statusCode()).isEqualTo(200);
        assertEverythingEqualsTheDatabase();

        // Xero refuses the refresh token: every API is DOWN, naming the organisations, until connected again
        sandbox.revokeRefreshTokens();
        sandbox.expireAccessTokens();
        harness.sync(List.of("xero-invoices"));
        assertThat(harness.query("SELECT status FROM xero_sync.connections").get(0).get("status"))
                .isEqualTo("needs_reauthorisation");
        for (String route : ROUTES) {
            JsonNode check = awaitHealth(route, "DOWN");
            for (String tenantId : sandbox.tenantIds()) {
                assertThat(check.path("data").path("needs-reauthorisation").asText()).as(route)
                        .contains(sandbox.tenantName(tenantId));
            }
            assertThat(check.path("message").asText()).as(route).contains("connect Xero again");
        }
        assertLive();
        assertEverythingEqualsTheDatabase();
    }

    /** Metrics and MBeans, read over HTTP and JMX, equal the sums in sync_run and sync_failure. */
    private void assertEverythingEqualsTheDatabase() {
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
            assertMetricsEqualTheDatabase();
            assertMBeansEqualTheDatabase();
        });
    }

    private void assertMetricsEqualTheDatabase() throws Exception {
        Map<String, Double> metrics = metrics();
        Map<String, Double> expected = new HashMap<>();
        Map<String, Double> shown = new HashMap<>();
        for (Map<String, Object> row : harness.query("SELECT r.api, r.tenant_id, t.tenant_name, sum(r.records) AS records, "
                + "sum(r.api_calls) AS api_calls, count(*) FILTER (WHERE r.status = 'success') AS success, "
                + "count(*) FILTER (WHERE r.status = 'failed') AS failed, count(*) FILTER (WHERE r.status = 'skipped') "
                + "AS skipped, count(*) FILTER (WHERE r.status = 'throttled') AS throttled, (SELECT count(*) FROM "
                + "xero_sync.sync_failure f WHERE f.api = r.api AND f.tenant_id = r.tenant_id) AS failures "
                + "FROM xero_sync.sync_run r JOIN xero_sync.tenants t USING (tenant_id) GROUP BY 1, 2, 3")) {
            String labels = "api=" + row.get("api") + ",organisation=" + row.get("tenant_name");
            String tenant = "tenant_id=" + row.get("tenant_id");
            expected.put("xero_sync_records_synced_total{" + labels + "," + tenant + "}", number(row.get("records")));
            expected.put("xero_sync_api_calls_total{" + labels + "," + tenant + "}", number(row.get("api_calls")));
            expected.put("xero_sync_failures_total{" + labels + "," + tenant + "}", number(row.get("failures")));
            for (String status : List.of("success", "failed", "skipped", "throttled")) {
                // labels in alphabetical order, as metrics() keys them
                expected.put("xero_sync_runs_total{" + labels + ",status=" + status + "," + tenant + "}",
                        number(row.get(status)));
            }
        }
        expected.keySet().forEach(series -> shown.put(series, metrics.get(series)));
        assertThat(shown).isEqualTo(expected);
        // and nothing more than the database has: every other series of these metrics is 0
        metrics.forEach((series, value) -> {
            if (series.matches("xero_sync_(records_synced|api_calls|failures|runs)_total\\{.*")
                    && !expected.containsKey(series)) {
                assertThat(value).as(series).isZero();
            }
        });
        assertThat(metrics.keySet()).anyMatch(s -> s.startsWith("xero_sync_freshness_seconds{"))
                .anyMatch(s -> s.startsWith("xero_sync_last_run_duration_seconds{"));
    }

    private void assertMBeansEqualTheDatabase() throws Exception {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        for (String route : ROUTES) {
            String api = route.substring("xero-".length());
            ObjectName name = Operations.objectName(route);
            assertThat(name.toString()).isEqualTo("com.xerosync:type=SyncApi,name=" + route);
            Map<String, Object> runs = harness.query("SELECT coalesce(sum(records), 0) AS records, "
                    + "coalesce(sum(api_calls), 0) AS api_calls, count(*) FILTER (WHERE status <> 'running') AS runs, "
                    + "max(finished_at) FILTER (WHERE status = 'success') AS last_success "
                    + "FROM xero_sync.sync_run WHERE api = ?", api).get(0);
            List<Map<String, Object>> failures = harness.query("SELECT occurred_at, message FROM xero_sync.sync_failure "
                    + "WHERE api = ? ORDER BY occurred_at DESC, failure_id DESC", api);
            List<Object> organisations = harness.query("SELECT DISTINCT t.tenant_name FROM xero_sync.sync_run r "
                    + "JOIN xero_sync.tenants t USING (tenant_id) WHERE r.api = ? ORDER BY 1", api)
                    .stream().map(r -> r.get("tenant_name")).toList();
            long inARow = 0;
            for (String tenantId : harness.sandbox().tenantIds()) {
                inARow = Math.max(inARow, harness.count("SELECT count(*) FROM xero_sync.sync_run WHERE api = ? AND "
                        + "tenant_id = ? AND status = 'failed' AND run_id > coalesce((SELECT max(run_id) FROM "
                        + "xero_sync.sync_run WHERE api = ? AND tenant_id = ? AND status = 'success'), 0)",
                        api, tenantId, api, tenantId));
            }
            assertThat(server.getAttribute(name, "Records")).as(route).isEqualTo(number(runs.get("records")).longValue());
            assertThat(server.getAttribute(name, "ApiCalls")).as(route).isEqualTo(number(runs.get("api_calls")).longValue());
            assertThat(server.getAttribute(name, "Runs")).as(route).isEqualTo(number(runs.get("runs")).longValue());
            assertThat(server.getAttribute(name, "LastSuccess")).as(route).isEqualTo(date(runs.get("last_success")));
            assertThat(server.getAttribute(name, "Failures")).as(route).isEqualTo((long) failures.size());
            assertThat(server.getAttribute(name, "LastFailure")).as(route)
                    .isEqualTo(failures.isEmpty() ? null : date(failures.get(0).get("occurred_at")));
            // organisations sync side by side: the last failures may share their moment, and any of them is the last
            assertThat(server.getAttribute(name, "LastError")).as(route).isIn(failures.isEmpty()
                    ? java.util.Collections.singletonList(null)
                    : failures.stream().filter(f -> f.get("occurred_at").equals(failures.get(0).get("occurred_at")))
                            .map(f -> f.get("message")).toList());
            assertThat(server.getAttribute(name, "ConsecutiveFailures")).as(route).isEqualTo((int) inARow);
            assertThat((String[]) server.getAttribute(name, "Organisations")).as(route)
                    .containsExactlyElementsOf(organisations.stream().map(String::valueOf).toList());
        }
        // read-only through Jolokia too, with no operation
        JsonNode read = XeroSyncHarness.JSON.readTree(ManagementIT.jolokia(harness, "{\"type\":\"read\",\"mbean\":"
                + "\"com.xerosync:type=SyncApi,name=xero-invoices\",\"attribute\":\"Records\"}"));
        assertThat(read.path("status").asInt()).isEqualTo(200);
        assertThat(read.path("value").asLong()).isEqualTo(harness.count(
                "SELECT coalesce(sum(records), 0) FROM xero_sync.sync_run WHERE api = 'invoices'"));
        assertThat(server.getMBeanInfo(Operations.objectName("xero-invoices")).getOperations()).isEmpty();
    }

    /** The xero_sync_* samples, keyed by name{label=value,...} with labels sorted. */
    private Map<String, Double> metrics() throws Exception {
        HttpResponse<String> response = ManagementIT.get(harness, "/observe/metrics");
        assertThat(response.statusCode()).isEqualTo(200);
        Map<String, Double> samples = new HashMap<>();
        for (String line : response.body().split("\n")) {
            Matcher sample = SAMPLE.matcher(line.trim());
            if (line.startsWith("#") || !sample.matches() || !sample.group(1).startsWith("xero_sync_")) {
                continue;
            }
            List<String> labels = new ArrayList<>();
            Matcher label = LABEL.matcher(sample.group(2) == null ? "" : sample.group(2));
            while (label.find()) {
                labels.add(label.group(1) + "=" + label.group(2).replace("\\\"", "\"").replace("\\\\", "\\"));
            }
            labels.sort(String::compareTo);
            samples.put(sample.group(1) + "{" + String.join(",", labels) + "}", Double.parseDouble(sample.group(3)));
        }
        return samples;
    }

    /** The route's check in /observe/health with details. */
    private JsonNode check(String route) throws Exception {
        HttpResponse<String> response = ManagementIT.get(harness, "/observe/health?data=true&exposureLevel=full");
        for (JsonNode check : XeroSyncHarness.JSON.readTree(response.body()).path("checks")) {
            if (check.path("name").asText().equals(Operations.healthCheckId(route))) {
                return check;
            }
        }
        throw new AssertionError("no check " + Operations.healthCheckId(route) + " in " + response.body());
    }

    private String health(String route) throws Exception {
        return check(route).path("status").asText();
    }

    private JsonNode awaitHealth(String route, String status) {
        return await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(250))
                .until(() -> check(route), c -> c.path("status").asText().equals(status));
    }

    private void assertLive() throws Exception {
        HttpResponse<String> live = ManagementIT.get(harness, "/observe/health/live?exposureLevel=full");
        assertThat(live.statusCode()).as(live.body()).isEqualTo(200);
        assertThat(XeroSyncHarness.JSON.readTree(live.body()).path("status").asText()).isEqualTo("UP");
        assertThat(live.body()).doesNotContain("sync:");
    }

    private static Double number(Object value) {
        return value == null ? 0.0 : ((Number) value).doubleValue();
    }

    private static Date date(Object value) {
        return value == null ? null : new Date(((Date) value).getTime());
    }
}
