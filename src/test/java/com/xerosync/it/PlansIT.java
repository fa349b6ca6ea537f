package com.xerosync.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.xerosync.XeroSyncRuntime;
import com.xerosync.config.XeroPlan;
import com.xerosync.sandbox.XeroSandbox;
import com.xerosync.sync.XeroRateGovernor;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Xero's 2026 plans, end to end through the real routes, the sandbox over HTTP and PostgreSQL: on Starter, journals
 * are skipped without a call; a day of calls used up mid-sync is throttled, not failed, and resumes after the reset;
 * the consent refuses an organisation past the plan's connection cap, and the admin page says why and how near the
 * cap is.
 */
class PlansIT {

    private static final HttpClient HTTP = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    private static final Pattern CSRF = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"");

    private XeroSyncHarness harness;

    @AfterEach
    void stop() {
        if (harness != null) {
            harness.close();
        }
    }

    private static Map<String, String> onStarter(String name) {
        Map<String, String> overrides = XeroSyncHarness.smallSandbox(XeroSyncHarness.newDataDir(name));
        overrides.put("sandbox.plan", "starter");
        return overrides;
    }

    @Test
    void should_skip_journals_on_starter_without_a_call_and_sync_everything_else() throws Exception {
        harness = XeroSyncHarness.start(onStarter("starter"));
        XeroSandbox sandbox = harness.sandbox();
        XeroRateGovernor governor = harness.runtime().camelContext().getRegistry()
                .lookupByNameAndType("xeroRateGovernor", XeroRateGovernor.class);
        assertThat(sandbox.plan()).isEqualTo(XeroPlan.STARTER);
        assertThat(governor.limits().perDay()).as("the governor keeps to Starter's day").isEqualTo(1_000);

        harness.syncEverything();

        for (String tenantId : sandbox.tenantIds()) {
            for (String api : List.of("journals", "cash-journals")) {
                Map<String, Object> run = harness.query("SELECT status, error, api_calls FROM xero_sync.sync_run "
                        + "WHERE api = ? AND tenant_id = ?", api, tenantId).get(0);
                assertThat(run.get("status")).as(api).isEqualTo("skipped");
                assertThat((String) run.get("error")).as(api).isEqualTo("not on the Starter plan: Xero serves journals "
                        + "to apps on Advanced or Enterprise; set sandbox.plan if your app is on one, to sync xero-" + api);
                assertThat(run.get("api_calls")).isEqualTo(0);
            }
            assertThat(sandbox.apiCalls(tenantId, "Journals")).as("calls to /Journals").isZero();
        }
        assertThat(harness.count("SELECT count(*) FROM xero.journals") + harness.count("SELECT count(*) FROM "
                + "xero.cash_journals")).isZero();
        // everything else succeeded (AU Payroll is skipped for the NZ organisation, as on every plan)
        assertThat(harness.query("SELECT api, tenant_id, status, error FROM xero_sync.sync_run WHERE status <> 'success' "
                + "AND api NOT IN ('journals', 'cash-journals') AND NOT (status = 'skipped' AND api LIKE 'payroll-%')"))
                .isEmpty();
        assertThat(harness.count("SELECT count(*) FROM xero_sync.sync_failure")).isZero();
        assertThat(harness.count("SELECT count(DISTINCT api) FROM xero_sync.sync_run WHERE status = 'success'"))
                .isEqualTo(harness.runtime().syncRoutes().size() - 2);
    }

    @Test
    void should_throttle_not_fail_when_the_day_runs_out_mid_sync_and_resume_after_the_reset() throws Exception {
        Map<String, String> overrides = onStarter("day-used-up");
        // the demo's setting: the sandbox enforces no minute limit, so the governor holds nothing back for the minute;
        // a day of 30 s (a minute of 1 s) allowing 9 calls: the organisation, then 8 of the big organisation's 12 pages
        // of invoices
        overrides.put("sandbox.rate-limit-minute", "1");
        overrides.put("sandbox.rate-limit-day", "30");
        overrides.put("xero.limits.per-day", "9");
        // Xero's own day limit is what is tried here, not how the day budget would share it out first
        overrides.put("sync.day-budget.by-priority", "false");
        harness = XeroSyncHarness.start(overrides);
        XeroSandbox sandbox = harness.sandbox();
        String big = sandbox.tenantIds().get(0);
        String small = sandbox.tenantIds().get(1);
        List<String> invoices = List.of("xero-invoices");
        harness.sync(List.of(XeroSyncRuntime.ORGANISATION_ROUTE));

        harness.sync(invoices);

        // what did not fit the day is throttled, with the time it resumes; what fitted is stored
        Map<String, Object> parked = lastInvoicesRun(big);
        assertThat(parked.get("status")).isEqualTo("throttled");
        assertThat((String) parked.get("error")).contains("daily limit of 9 calls", "stopped at its last stored page",
                "resumes by itself");
        assertThat(sandbox.apiCalls(big, "Invoices")).as("calls that reached Xero").isEqualTo(8);
        // 8 pages of 100, less the few read twice where a page ends among invoices sharing a timestamp
        assertThat(harness.count("SELECT count(*) FROM xero.invoices WHERE tenant_id = ?", big)).isBetween(700L, 800L);
        assertThat(lastInvoicesRun(small).get("status")).as("the other organisation fits its day").isEqualTo("success");
        assertThat(harness.count("SELECT count(*) FROM xero_sync.sync_run WHERE status = 'failed'")).isZero();
        assertThat(harness.count("SELECT count(*) FROM xero_sync.sync_failure")).as("a day used up is no failure").isZero();
        assertThat(sandbox.rateLimitedCalls()).as("the governor stopped before Xero had to refuse").isZero();
        assertThat(throttledUntil(big)).isAfter(Instant.now());
        // the cursor covers exactly what was stored: the next run resumes after the last stored page
        assertThat(harness.query("SELECT max(updated_date_utc) AS newest FROM xero.invoices WHERE tenant_id = ?", big)
                .get(0).get("newest")).isEqualTo(harness.query("SELECT modified_since FROM xero_sync.sync_cursors "
                + "WHERE tenant_id = ? AND api = 'invoices'", big).get(0).get("modified_since"));

        // until the reset its runs make no call
        sandbox.resetCounters();
        harness.sync(invoices);
        assertThat(lastInvoicesRun(big).get("status")).isEqualTo("throttled");
        assertThat(sandbox.apiCalls(big, "Invoices")).isZero();

        // after it, each run goes on from the last stored page (the day frees as the calls of the last one leave it)
        // until the table is complete
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(1)).until(() -> {
            if (Instant.now().isAfter(throttledUntil(big))) {
                harness.sync(invoices);
            }
            return "success".equals(lastInvoicesRun(big).get("status"));
        });
        assertThat(sandbox.apiCalls(big, "Invoices")).as("the pages left, not all 12").isBetween(4L, 6L);
        assertThat(harness.count("SELECT count(*) FROM xero_sync.sync_run WHERE status = 'failed'")).isZero();
        SandboxTables.assertEqualToSandbox(harness, invoices);
    }

    private Map<String, Object> lastInvoicesRun(String tenantId) throws Exception {
        return harness.query("SELECT status, error, api_calls FROM xero_sync.sync_run WHERE api = 'invoices' AND "
                + "tenant_id = ? ORDER BY run_id DESC LIMIT 1", tenantId).get(0);
    }

    @Test
    void should_refuse_the_sixth_organisation_on_starter_and_explain_it_on_the_admin_page() throws Exception {
        Map<String, String> overrides = onStarter("connection-cap");
        overrides.put("sandbox.organisations", "6");
        overrides.put("sandbox.contacts", "20");
        overrides.put("sandbox.invoices", "20");
        overrides.put("sandbox.auto-connect", "false");
        // the connects start a sync: of the organisations alone, which is what this test looks at
        ServiceProcess.onlyApis(overrides, List.of("organisation"), null);
        harness = XeroSyncHarness.start(overrides);
        List<String> tenants = harness.sandbox().tenantIds();
        assertThat(get("/admin").body()).contains("0 of 5 connections (Starter)").doesNotContain("connections-warning");

        assertThat(get(connect(tenants.subList(0, 4))).body()).contains("The Xero OAuth redirect succeeded");
        String fourOfFive = get("/admin").body();
        assertThat(fourOfFive).contains("<p id=\"connections-used\">4 of 5 connections (Starter)",
                "id=\"connections-warning\"", "the Starter plan&#39;s cap of 5 is near",
                "disconnect an organisation you no longer sync", "set sandbox.plan");

        // all six, as the consent page ticks them: Xero refuses, and the callback says what happened and what to do
        String refused = get(connect(tenants)).body();
        assertThat(refused).contains("id=\"refused-at-cap\"", "Xero refused to connect more organisations",
                "Starter plan, which allows 5 connected organisations, and 4 are connected here", "Connection limit reached",
                "disconnect an organisation you no longer need", "set sandbox.plan to it");
        assertThat(harness.count("SELECT count(*) FROM xero_sync.tenants WHERE status = 'active'")).isEqualTo(4);
        assertThat(get("/admin").body()).contains("id=\"refused-at-cap\"", "4 of 5 connections (Starter)");

        // one more fits: the fifth (the four connected are allowed again, as they stay connected); the cap is reached
        assertThat(get(connect(tenants.subList(0, 5))).body()).contains("The Xero OAuth redirect succeeded");
        String atCap = get("/admin").body();
        assertThat(atCap).contains("5 of 5 connections (Starter)", "cap is reached: Xero refuses to connect another")
                .doesNotContain("id=\"refused-at-cap\"");
        assertThat(harness.sandbox().connectedOrganisations()).isEqualTo(5);

        // the sixth organisation is refused
        assertThat(get(connect(tenants)).body()).contains("Xero refused to connect more organisations",
                "5 are connected here", "would make 6");
        assertThat(harness.count("SELECT count(*) FROM xero_sync.tenants WHERE tenant_id = ?", tenants.get(5))).isZero();
        assertThat(get("/admin").body()).contains("id=\"refused-at-cap\"", "5 of 5 connections (Starter)");
    }

    private Instant throttledUntil(String tenantId) throws Exception {
        Object until = harness.query("SELECT throttled_until FROM xero_sync.tenants WHERE tenant_id = ?", tenantId)
                .get(0).get("throttled_until");
        return until == null ? Instant.EPOCH : ((java.util.Date) until).toInstant();
    }

    /** Connect on the admin page, then Allow access to these organisations at Xero: where Xero sends the browser back. */
    private String connect(List<String> tenantIds) throws Exception {
        String form = "csrf=" + URLEncoder.encode(csrf(get("/admin").body()), StandardCharsets.UTF_8)
                + "&scope=accounting.settings.read";
        HttpResponse<String> toXero = send(HttpRequest.newBuilder(URI.create(harness.serverUrl() + "/admin/connect"))
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(form)));
        assertThat(toXero.statusCode()).isEqualTo(303);
        String callback = SandboxLoginPages.allow(harness.sandbox().baseUrl(),
                toXero.headers().firstValue("Location").orElseThrow(), tenantIds);
        assertThat(callback).startsWith(harness.serverUrl() + "/admin/callback?");
        return callback;
    }

    private HttpResponse<String> get(String pathOrUrl) throws Exception {
        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(pathOrUrl.startsWith("http") ? pathOrUrl
                : harness.serverUrl() + pathOrUrl)).GET());
        assertThat(response.statusCode()).as(pathOrUrl).isEqualTo(200);
        return response;
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return HTTP.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String csrf(String html) {
        Matcher m = CSRF.matcher(html);
        if (!m.find()) {
            throw new AssertionError("No form token in " + html);
        }
        return m.group(1);
    }
}
