package com.xerosync.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.xerosync.sandbox.XeroSandbox;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Xero's rate limits, obeyed: with the sandbox enforcing them as Xero does (5 in flight, 60 a minute per organisation;
 * the minute shortened to 3 seconds so the test is quick, 60 calls still), every API syncs without one 429; without
 * the governor the same sync is answered 429s, so the first test proves the governor and not a lenient sandbox. An
 * organisation whose day is used up is parked and resumes by itself.
 */
class RateLimitsIT {

    private XeroSyncHarness harness;

    @AfterEach
    void stop() {
        if (harness != null) {
            harness.close();
        }
    }

    private static Map<String, String> enforcedLimits(String name) {
        Map<String, String> overrides = XeroSyncHarness.smallSandbox(XeroSyncHarness.newDataDir(name));
        overrides.put("sandbox.rate-limits", "true");
        overrides.put("sandbox.rate-limit-minute", "3");
        return overrides;
    }

    @Test
    void should_sync_every_api_within_the_sandboxs_limits_without_a_single_429() throws Exception {
        harness = XeroSyncHarness.start(enforcedLimits("limits"));
        XeroSandbox sandbox = harness.sandbox();

        harness.syncEverything();

        assertThat(sandbox.rateLimitedCalls()).as("calls the sandbox answered 429").isZero();
        assertThat(harness.count("SELECT count(*) FROM xero_sync.sync_failure")).isZero();
        assertThat(harness.count("SELECT count(*) FROM xero_sync.sync_run WHERE status NOT IN ('success', 'skipped')")).isZero();
        // more calls than one minute allows each organisation: the limits were reached, and kept
        for (String tenantId : sandbox.tenantIds()) {
            assertThat(harness.count("SELECT sum(api_calls) FROM xero_sync.sync_run WHERE tenant_id = ?", tenantId))
                    .isGreaterThan(3 * 60);
        }
        SandboxTables.assertEqualToSandbox(harness);
    }

    @Test
    void should_be_answered_429_by_the_same_sandbox_without_the_governor() throws Exception {
        Map<String, String> overrides = enforcedLimits("no-governor");
        overrides.put("xero.limits.enabled", "false");
        harness = XeroSyncHarness.start(overrides);

        harness.syncEverything();

        assertThat(harness.sandbox().rateLimitedCalls()).as("calls the sandbox answered 429").isPositive();
        // every 429 was waited out or recorded as what it was; nothing else went wrong
        for (Map<String, Object> failure : harness.query("SELECT http_status, message FROM xero_sync.sync_failure")) {
            assertThat(failure.get("http_status")).as("%s", failure.get("message")).isEqualTo(429);
        }
    }

    @Test
    void should_park_an_organisation_whose_day_is_used_up_and_resume_it_after_the_reset() throws Exception {
        harness = XeroSyncHarness.start(XeroSyncHarness.smallSandbox(XeroSyncHarness.newDataDir("day-limit")));
        XeroSandbox sandbox = harness.sandbox();
        String parked = sandbox.tenantIds().get(0);
        String other = sandbox.tenantIds().get(1);
        harness.syncSkeletonApis();
        for (String tenantId : sandbox.tenantIds()) {
            sandbox.applyChanges(tenantId, "Invoices", 30);
            sandbox.applyChanges(tenantId, "Contacts", 10);
        }
        List<Map<String, Object>> cursors = cursors(parked);

        sandbox.useUpDayLimit(parked, Duration.ofSeconds(8));
        harness.syncSkeletonApis();

        for (String route : XeroSyncHarness.SKELETON_ROUTES) {
            String api = route.substring("xero-".length());
            Map<String, Object> parkedRun = lastRun(api, parked);
            assertThat(parkedRun.get("status")).as(route).isEqualTo("throttled");
            assertThat((String) parkedRun.get("error")).as(route).contains("daily limit", "resumes by itself");
            assertThat(lastRun(api, other).get("status")).as(route).isEqualTo("success");
        }
        assertThat(cursors(parked)).as("the parked organisation's cursors").isEqualTo(cursors);
        assertThat(harness.count("SELECT count(*) FROM xero_sync.sync_failure")).as("parking is not a failure").isZero();
        assertThat(harness.count("SELECT count(*) FROM xero_sync.tenants WHERE tenant_id = ? AND throttled_until > now()",
                parked)).isOne();
        // until the reset its runs do not even call Xero
        sandbox.resetCounters();
        harness.sync(List.of("xero-invoices"));
        assertThat(lastRun("invoices", parked).get("status")).isEqualTo("throttled");
        assertThat(sandbox.apiCalls(parked, "Invoices")).isZero();

        java.time.Instant resets = until(parked).plusMillis(200);
        org.awaitility.Awaitility.await().atMost(Duration.ofMinutes(1)).until(() -> java.time.Instant.now().isAfter(resets));
        for (String tenantId : sandbox.tenantIds()) {
            sandbox.applyChanges(tenantId, "Invoices", 30);
        }
        harness.syncSkeletonApis();

        for (String route : XeroSyncHarness.SKELETON_ROUTES) {
            assertThat(lastRun(route.substring("xero-".length()), parked).get("status")).as(route).isEqualTo("success");
        }
        SandboxTables.assertEqualToSandbox(harness, XeroSyncHarness.SKELETON_ROUTES);
    }

    @Test
    void should_stop_within_seconds_while_a_run_waits_minutes_for_the_limits() throws Exception {
        Map<String, String> overrides = enforcedLimits("stop-while-waiting");
        // a "minute" of ten minutes and pages of 10: the run's 61st call waits about ten minutes for its slot
        overrides.put("sandbox.rate-limit-minute", "600");
        overrides.put("sync.page-size", "10");
        harness = XeroSyncHarness.start(overrides);
        XeroSandbox sandbox = harness.sandbox();
        String first = sandbox.tenantIds().get(0);
        harness.runtime().fireNow(List.of("xero-invoices"));
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> sandbox.apiCalls(first, "Invoices") >= 60);
        // held back: no further call for a while, the run waits in the governor
        org.awaitility.Awaitility.await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(5))
                .until(() -> sandbox.apiCalls(first, "Invoices") == 60);
        assertThat(sandbox.apiCalls(first, "Invoices")).as("calls before the governor holds the run back").isEqualTo(60);

        long started = System.nanoTime();
        harness.runtime().close();
        Duration stopping = Duration.ofNanos(System.nanoTime() - started);

        assertThat(stopping).as("the stop did not wait for the ten-minute slot").isLessThan(Duration.ofSeconds(15));
        harness.restart();
        Map<String, Object> run = lastRun("invoices", first);
        assertThat(run.get("status")).isEqualTo("failed");
        assertThat((String) run.get("error")).startsWith("interrupted: xero-sync stopped while this run waited")
                .contains("for Xero's rate limits").endsWith("the next run resumes from the last stored page");
        // an interrupted run is not a failure of the API, and the pages stored before the stop are kept
        assertThat(harness.count("SELECT count(*) FROM xero_sync.sync_failure")).isZero();
        assertThat(harness.count("SELECT count(*) FROM xero.invoices WHERE tenant_id = ?", first)).isGreaterThanOrEqualTo(500);
    }

    private java.time.Instant until(String tenantId) throws Exception {
        Object until = harness.query("SELECT throttled_until FROM xero_sync.tenants WHERE tenant_id = ?", tenantId)
                .get(0).get("throttled_until");
        return ((java.util.Date) until).toInstant();
    }

    private List<Map<String, Object>> cursors(String tenantId) throws Exception {
        return harness.query("SELECT * FROM xero_sync.sync_cursors WHERE tenant_id = ? ORDER BY api", tenantId);
    }

    private Map<String, Object> lastRun(String api, String tenantId) throws Exception {
        return harness.query("SELECT status, error FROM xero_sync.sync_run WHERE api = ? AND tenant_id = ? "
                + "ORDER BY run_id DESC LIMIT 1", api, tenantId).get(0);
    }
}
