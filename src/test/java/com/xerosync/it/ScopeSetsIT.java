package com.xerosync.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.xerosync.admin.Permissions;
import com.xerosync.config.ScopeSet;
import com.xerosync.sandbox.settings.SandboxSettings;
import com.xerosync.sandbox.XeroSandbox;
import com.xerosync.sync.SyncApis;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Xero's two scope sets end to end, through the admin page over HTTP, the real routes, the sandbox over HTTP and
 * PostgreSQL: the granular defaults connect to an app created after March 2026 and every route runs; the broad set is
 * refused by such an app at its authorize step (and a custom connection's token request) with a message naming the
 * refused scopes, and connects to an older app; a scope Xero refuses a fresh token (401 AuthorizationUnsuccessful) is
 * skipped after one refresh and not asked again until the organisation is connected again.
 */
class ScopeSetsIT {

    private static final HttpClient HTTP = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    private static final Pattern CSRF = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"");
    private static final String PASSWORD = "correct horse";
    /** The routes of the optional permissions (journals, budgets with the budget summary, AU payroll). */
    private static final List<String> OPTIONAL_ROUTES = List.of("xero-journals", "xero-cash-journals", "xero-budgets",
            "xero-budget-summary", "xero-payroll-employees", "xero-payroll-leave-applications", "xero-projects",
            "xero-project-tasks", "xero-project-time-entries");

    private XeroSandbox xero;
    private XeroSyncHarness harness;

    @AfterEach
    void stop() {
        if (harness != null) {
            harness.close();
        }
        if (xero != null) {
            xero.close();
        }
    }

    @Test
    void should_connect_a_new_app_with_the_granular_defaults_and_run_every_route() throws Exception {
        startRealApp(LocalDate.now(), Map.of());
        assertThat(xero.scopeSet()).isEqualTo(ScopeSet.GRANULAR);
        HttpResponse<String> home = get("/admin");
        assertThat(home.body()).contains("id=\"scope-set-granular\" checked");
        List<String> ticked = ticked(home.body(), "granular");
        assertThat(String.join(" ", Permissions.scopes(ticked, ScopeSet.GRANULAR)))
                .isEqualTo(Permissions.defaults(ScopeSet.GRANULAR));
        assertThat(ticked).contains("accounting.invoices.read", "accounting.payments.read", "accounting.reports.aged.read")
                .doesNotContain("accounting.journals.read", "accounting.budgets.read", "payroll.employees.read", "projects.read",
                        "accounting.reports.budgetsummary.read");

        String callback = SandboxLoginPages.allow(xero.baseUrl(), connect(home.body(), "granular", ticked), xero.tenantIds());
        HttpResponse<String> success = get(callback);
        assertThat(success.body()).contains("The Xero OAuth redirect succeeded");
        String granted = (String) harness.query("SELECT scopes FROM xero_sync.connections WHERE status = 'active'")
                .get(0).get("scopes");
        assertThat(ScopeSet.broadOnlyOf(granted)).isEmpty();

        // every route is granted by the granular defaults, but for the optional permissions' routes
        SyncApis apis = new SyncApis();
        List<String> routes = harness.runtime().syncRoutes();
        assertThat(routes.stream().filter(r -> !apis.of(harness.runtime().camelContext(), r).grantedBy(granted)))
                .containsExactlyInAnyOrderElementsOf(OPTIONAL_ROUTES);
        // the first sync started by itself: every route runs for every organisation
        await().atMost(Duration.ofMinutes(5)).until(() -> harness.count("SELECT count(DISTINCT (api, tenant_id)) FROM "
                + "xero_sync.sync_run WHERE status <> 'running'") == (long) routes.size() * xero.tenantIds().size()
                && harness.count("SELECT count(*) FROM xero_sync.sync_run WHERE status = 'running'") == 0);
        List<Map<String, Object>> runs = harness.query("SELECT 'xero-' || api AS route, status, error FROM xero_sync.sync_run");
        assertThat(runs).allSatisfy(run -> {
            if (OPTIONAL_ROUTES.contains(run.get("route"))) {
                assertThat(run.get("status")).as("%s", run).isEqualTo("skipped");
                // AU payroll is not available to the NZ organisation, whatever is granted
                if (!((String) run.get("error")).startsWith("not available")) {
                    assertThat((String) run.get("error")).contains("not granted", "granular scopes", "admin page",
                            "Reconnect");
                }
            } else {
                assertThat(run.get("status")).as("%s", run).isEqualTo("success");
            }
        });
        assertThat(harness.count("SELECT count(*) FROM xero.invoices")).isEqualTo(
                xero.tenantIds().stream().mapToLong(t -> xero.records(t, "Invoices").count()).sum());
        assertThat(harness.count("SELECT count(*) FROM xero.report_runs WHERE report = 'profit-and-loss'")).isPositive();
    }

    @Test
    void should_refuse_the_broad_set_to_a_new_app_at_authorize_and_name_the_refused_scopes() throws Exception {
        startRealApp(LocalDate.now(), Map.of());
        HttpResponse<String> home = get("/admin");
        List<String> broad = ticked(home.body(), "broad");
        assertThat(broad).contains("accounting.transactions.read", "accounting.reports.read");
        String authorize = connect(home.body(), "broad", broad);
        assertThat(authorize).contains("accounting.transactions.read");

        HttpResponse<String> refused = send(HttpRequest.newBuilder(URI.create(authorize)).GET(), null);
        assertThat(refused.statusCode()).isEqualTo(302);
        String callback = refused.headers().firstValue("Location").orElseThrow();
        assertThat(callback).startsWith(harness.serverUrl() + "/admin/callback?error=invalid_scope");
        HttpResponse<String> page = get(callback);
        assertThat(page.body()).contains("id=\"refusal\"", "invalid_scope", "accounting.transactions.read",
                "accounting.reports.read", "created on or after 2 March 2026", "granular permissions");
        assertThat(harness.count("SELECT count(*) FROM xero_sync.connections")).isZero();
        // the admin's choice is kept, so the page shows the broad list chosen until they switch
        assertThat(get("/admin").body()).contains("id=\"scope-set-broad\" checked");
    }

    @Test
    void should_connect_an_app_created_before_march_2026_with_the_broad_set() throws Exception {
        startRealApp(LocalDate.of(2025, 11, 20), Map.of("xero.scope-set", "broad"));
        assertThat(xero.scopeSet()).isEqualTo(ScopeSet.BROAD);
        HttpResponse<String> home = get("/admin");
        assertThat(home.body()).contains("id=\"scope-set-broad\" checked");
        List<String> broad = ticked(home.body(), "broad");
        assertThat(String.join(" ", Permissions.scopes(broad, ScopeSet.BROAD))).isEqualTo(Permissions.defaults(ScopeSet.BROAD));
        String tenant = xero.tenantIds().get(0);
        HttpResponse<String> success = get(SandboxLoginPages.allow(xero.baseUrl(), connect(home.body(), "broad", broad),
                List.of(tenant)));
        assertThat(success.body()).contains("The Xero OAuth redirect succeeded");
        assertThat((String) harness.query("SELECT scopes FROM xero_sync.connections WHERE status = 'active'").get(0)
                .get("scopes")).contains("accounting.transactions.read", "accounting.reports.read");
        await().atMost(Duration.ofMinutes(3)).until(() -> harness.count("SELECT count(*) FROM xero_sync.sync_run WHERE "
                + "api IN ('invoices', 'payments', 'profit-and-loss') AND status = 'success'") == 3);
        // an optional permission not granted is named in the broad set
        await().atMost(Duration.ofMinutes(3)).until(() -> harness.count("SELECT count(*) FROM xero_sync.sync_run WHERE "
                + "api = 'journals' AND status = 'skipped'") == 1);
        assertThat((String) harness.query("SELECT error FROM xero_sync.sync_run WHERE api = 'journals'").get(0).get("error"))
                .contains("accounting.journals.read", "broad scopes");
    }

    @Test
    void should_refuse_a_custom_connection_of_a_new_app_asking_for_broad_scopes() {
        assertThatThrownBy(() -> startRealApp(LocalDate.now(), Map.of("xero.auth-mode", "client-credentials",
                "xero.scope-set", "broad")))
                .hasStackTraceContaining("The token endpoint refused grant client_credentials (HTTP 400)")
                .hasStackTraceContaining("it refused the broad scopes accounting.transactions.read, accounting.reports.read")
                .hasStackTraceContaining("xero.scope-set = granular");
    }

    @Test
    void should_skip_a_scope_xero_refuses_a_fresh_token_after_one_refresh_and_not_call_it_again_until_reconnected()
            throws Exception {
        harness = XeroSyncHarness.start(XeroSyncHarness.smallSandbox(XeroSyncHarness.newDataDir("withdrawn")));
        XeroSandbox sandbox = harness.sandbox();
        List<String> tenants = sandbox.tenantIds();
        // the demo is granted payments; then the app loses the scope, its token still naming it
        assertThat((String) harness.query("SELECT scopes FROM xero_sync.connections").get(0).get("scopes"))
                .contains("accounting.payments.read");
        sandbox.withdrawScope("accounting.payments.read");
        long refreshesBefore = sandbox.tokenRefreshes();

        harness.sync(List.of("xero-payments"));

        // per organisation: the call, a refresh, the call again with the fresh token; then skipped, not failed. The
        // organisations of one connection run side by side, and those refused at once share one refresh
        assertThat(sandbox.tokenRefreshes() - refreshesBefore).isBetween(1L, (long) tenants.size());
        for (String tenant : tenants) {
            assertThat(sandbox.apiCalls(tenant, "Payments")).isEqualTo(2);
        }
        List<Map<String, Object>> first = harness.query("SELECT status, api_calls, error FROM xero_sync.sync_run "
                + "WHERE api = 'payments'");
        assertThat(first).hasSize(tenants.size()).allSatisfy(run -> {
            assertThat(run.get("status")).isEqualTo("skipped");
            assertThat(run.get("api_calls")).isEqualTo(2);
            assertThat((String) run.get("error")).contains("401 AuthorizationUnsuccessful", "freshly refreshed",
                    "accounting.payments.read", "granular scopes", "admin page", "Reconnect", "developer portal");
        });
        assertThat(harness.count("SELECT count(*) FROM xero_sync.sync_failure")).isZero();
        assertThat(harness.query("SELECT status FROM xero_sync.connections")).extracting(r -> r.get("status"))
                .containsOnly("active");
        assertThat(harness.query("SELECT DISTINCT status FROM xero_sync.tenants")).extracting(r -> r.get("status"))
                .containsExactly("active");

        // the next run: skipped at once, no call to Xero, no refresh; the organisations' other APIs go on
        sandbox.resetCounters();
        long refreshesAfterFirst = sandbox.tokenRefreshes();
        harness.sync(List.of("xero-payments", "xero-invoices"));
        assertThat(sandbox.tokenRefreshes()).isEqualTo(refreshesAfterFirst);
        for (String tenant : tenants) {
            assertThat(sandbox.apiCalls(tenant, "Payments")).isZero();
        }
        List<Map<String, Object>> second = harness.query("SELECT status, api_calls, error FROM xero_sync.sync_run "
                + "WHERE api = 'payments' ORDER BY run_id DESC LIMIT ?", tenants.size());
        assertThat(second).allSatisfy(run -> {
            assertThat(run.get("status")).isEqualTo("skipped");
            assertThat(run.get("api_calls")).isEqualTo(0);
            assertThat((String) run.get("error")).contains("accounting.payments.read", "not called again until the "
                    + "organisation is connected again");
        });
        assertThat(harness.query("SELECT DISTINCT status FROM xero_sync.sync_run WHERE api = 'invoices'"))
                .extracting(r -> r.get("status")).containsExactly("success");

        // the app is allowed the scope again and the admin connects again: payments sync
        sandbox.restoreScopes();
        String home = get("/admin").body();
        String callback = SandboxLoginPages.allow(sandbox.baseUrl(), connect(home, "granular", ticked(home, "granular")),
                tenants);
        assertThat(get(callback).body()).contains("The Xero OAuth redirect succeeded");
        // connecting starts a sync of every API
        await().atMost(Duration.ofMinutes(3)).until(() -> harness.count("SELECT count(*) FROM xero_sync.latest_runs "
                + "WHERE api = 'payments' AND status = 'success'") == tenants.size()
                && harness.count("SELECT count(*) FROM xero_sync.sync_run WHERE status = 'running'") == 0);
        assertThat(harness.count("SELECT count(*) FROM xero.payments")).isEqualTo(
                tenants.stream().mapToLong(t -> sandbox.records(t, "Payments").count()).sum());
    }

    /** The service as a real app, its Xero an app created on that day, with the admin page behind a password. */
    private void startRealApp(LocalDate appCreated, Map<String, String> settings) throws Exception {
        xero = new XeroSandbox(SandboxSettings.defaults().withContacts(60).withInvoices(120).withAppCreated(appCreated))
                .start(0);
        Map<String, String> overrides = new HashMap<>(XeroSyncHarness.smallSandbox(XeroSyncHarness.newDataDir("scope-sets")));
        overrides.put("xero.client-id", "sandbox-client");
        overrides.put("xero.identity-url", xero.baseUrl());
        overrides.put("xero.login-url", xero.baseUrl());
        overrides.put("xero.api-url", xero.baseUrl());
        // the app is on the plan of the sandbox it talks to
        overrides.put("xero.plan", xero.plan().key());
        overrides.putAll(settings);
        harness = XeroSyncHarness.start(overrides, Map.of("XERO_CLIENT_SECRET", "sandbox-secret", "XERO_SYNC_TOKEN_KEY",
                XeroSyncHarness.TOKEN_KEY, "ADMIN_PASSWORD", PASSWORD));
    }

    /** The permissions of a list ({@code granular} or {@code broad}) the admin page shows ticked. */
    private static List<String> ticked(String page, String set) {
        List<String> scopes = new ArrayList<>();
        Matcher m = Pattern.compile("<input type=\"checkbox\" name=\"" + set + "\" value=\"([^\"]+)\" id=\"[^\"]+\" checked>")
                .matcher(page);
        while (m.find()) {
            scopes.add(m.group(1));
        }
        return scopes;
    }

    /** Posts the permission form with this set chosen and these of its permissions ticked; returns Xero's authorize URL. */
    private String connect(String adminPage, String set, List<String> scopes) throws Exception {
        Matcher csrf = CSRF.matcher(adminPage);
        assertThat(csrf.find()).isTrue();
        Map<String, List<String>> form = new LinkedHashMap<>();
        form.put("csrf", List.of(csrf.group(1)));
        form.put("scope-set", List.of(set));
        form.put(set, scopes);
        List<String> pairs = new ArrayList<>();
        form.forEach((name, values) -> values.forEach(v -> pairs.add(URLEncoder.encode(name, StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(v, StandardCharsets.UTF_8))));
        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(harness.serverUrl() + "/admin/connect"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(String.join("&", pairs))), admin());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(303);
        return response.headers().firstValue("Location").orElseThrow();
    }

    private HttpResponse<String> get(String pathOrUrl) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(pathOrUrl.startsWith("http") ? pathOrUrl
                : harness.serverUrl() + pathOrUrl)).GET(), admin());
    }

    private String admin() {
        return xero == null ? null : "Basic " + Base64.getEncoder().encodeToString(("admin:" + PASSWORD)
                .getBytes(StandardCharsets.UTF_8));
    }

    private static HttpResponse<String> send(HttpRequest.Builder request, String authorization) throws Exception {
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return HTTP.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
