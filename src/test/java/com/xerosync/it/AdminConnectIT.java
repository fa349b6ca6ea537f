package com.xerosync.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The admin's connect flow over HTTP, as a browser walks it: /admin → Connect → the sandbox's login, organisation
 * choice and Allow access → the callback → Success, the first sync, the Detail view, Disconnect. And what it refuses:
 * a callback whose state was not issued here or is used twice (CSRF), a form from another site, no credentials.
 */
class AdminConnectIT {

    private static final HttpClient HTTP = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    private static final Pattern CSRF = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"");

    private XeroSyncHarness harness;

    @AfterEach
    void stop() {
        if (harness != null) {
            harness.close();
        }
    }

    private void startNotConnected(Map<String, String> env) throws Exception {
        Map<String, String> overrides = XeroSyncHarness.smallSandbox(XeroSyncHarness.newDataDir("admin"));
        overrides.put("sandbox.auto-connect", "false");
        harness = XeroSyncHarness.start(overrides, env);
    }

    @Test
    void should_connect_the_chosen_organisation_sync_it_show_it_and_disconnect_it() throws Exception {
        startNotConnected(Map.of());
        HttpResponse<String> home = get("/admin", null);
        assertThat(home.statusCode()).isEqualTo(200);
        assertThat(home.body()).contains("Not connected").contains("name=\"granular\"")
                .contains("id=\"scope-set-granular\" checked");
        assertThat(harness.count("SELECT count(*) FROM xero_sync.tenants")).isZero();

        String chosen = harness.sandbox().tenantIds().get(0);
        String other = harness.sandbox().tenantIds().get(1);
        String callback = authorizeAtXero(connect(home.body(), List.of("accounting.settings.read",
                "accounting.contacts.read", "accounting.invoices.read")), List.of(chosen));
        HttpResponse<String> success = get(callback, null);

        assertThat(success.statusCode()).isEqualTo(200);
        assertThat(success.body()).contains("The Xero OAuth redirect succeeded").contains(harness.sandbox().tenantName(chosen));
        assertThat(harness.query("SELECT tenant_id, status FROM xero_sync.tenants"))
                .containsExactly(Map.of("tenant_id", chosen, "status", "active"));
        // the first sync starts by itself
        await().atMost(Duration.ofMinutes(2)).until(() -> harness.count("SELECT count(*) FROM xero_sync.sync_run "
                + "WHERE api = 'invoices' AND tenant_id = ? AND status = 'success'", chosen) == 1);
        assertThat(harness.count("SELECT count(*) FROM xero.invoices WHERE tenant_id = ?", other)).isZero();
        // the same answer again, or one with a state not issued here, is refused
        assertThat(get(callback, null).statusCode()).isEqualTo(400);
        assertThat(get(callback.replaceAll("state=[^&]+", "state=forged"), null).body()).contains("could not be verified");

        HttpResponse<String> after = get("/admin", null);
        assertThat(after.body()).contains("Success").contains(harness.sandbox().tenantName(chosen));
        await().atMost(Duration.ofMinutes(2)).until(() -> harness.count("SELECT count(*) FROM xero_sync.sync_run "
                + "WHERE tenant_id = ? AND status = 'running'", chosen) == 0 && harness.count("SELECT count(*) FROM "
                + "xero_sync.sync_run WHERE api = 'profit-and-loss' AND tenant_id = ?", chosen) == 1);
        HttpResponse<String> detail = get("/admin/organisations/" + chosen, null);
        Map<String, Object> invoices = harness.query("SELECT records, api_calls FROM xero_sync.sync_run WHERE api = 'invoices' "
                + "AND tenant_id = ?", chosen).get(0);
        assertThat(detail.body()).contains("data-api=\"xero-invoices\"")
                .containsPattern("xero-invoices</td><td>[^<]+</td><td><span class=\"status success\">success</span></td><td>"
                        + invoices.get("records") + "</td><td>" + invoices.get("api_calls") + "</td>");
        // reports were not granted: skipped with the permission to add, not failed
        assertThat(harness.query("SELECT status, error FROM xero_sync.sync_run WHERE api = 'profit-and-loss' AND tenant_id = ?",
                chosen).get(0)).satisfies(run -> {
                    assertThat(run.get("status")).isEqualTo("skipped");
                    assertThat((String) run.get("error")).contains("accounting.reports.profitandloss.read", "granular",
                            "admin page", "Reconnect");
                });

        String csrf = csrf(after.body());
        assertThat(post("/admin/organisations/" + chosen + "/disconnect", Map.of("purge", "on"), null).statusCode())
                .as("a form without the page's token (another site's)").isEqualTo(403);
        // the button asks first, on a page of its own; nothing is disconnected until it is answered
        HttpResponse<String> asked = post("/admin/organisations/" + chosen + "/disconnect", Map.of("purge", "on", "csrf", csrf),
                null);
        assertThat(asked.statusCode()).isEqualTo(200);
        assertThat(asked.body()).contains("id=\"confirm-disconnect\"", "deletes every row it synced for it",
                "name=\"confirm\" value=\"yes\"");
        assertThat(harness.query("SELECT status FROM xero_sync.tenants WHERE tenant_id = ?", chosen).get(0).get("status"))
                .isEqualTo("active");
        HttpResponse<String> disconnected = post("/admin/organisations/" + chosen + "/disconnect",
                Map.of("purge", "on", "csrf", csrf, "confirm", "yes"), null);
        assertThat(disconnected.statusCode()).isEqualTo(303);
        assertThat(harness.query("SELECT status FROM xero_sync.tenants WHERE tenant_id = ?", chosen).get(0).get("status"))
                .isEqualTo("disconnected");
        assertThat(harness.count("SELECT count(*) FROM xero.invoices WHERE tenant_id = ?", chosen)).as("purged").isZero();
        // it was the grant's last organisation: the grant is revoked at Xero and its tokens erased
        Map<String, Object> grant = harness.query("SELECT status, refresh_token, access_token FROM xero_sync.connections").get(0);
        assertThat(grant.get("status")).isEqualTo("disconnected");
        assertThat(grant.get("refresh_token")).isNull();
        assertThat(grant.get("access_token")).isNull();
    }

    @Test
    void should_follow_a_changed_permission_list_after_reconnecting() throws Exception {
        startNotConnected(Map.of());
        String first = harness.sandbox().tenantIds().get(0);
        List<String> withoutReports = List.of("accounting.settings.read", "accounting.contacts.read",
                "accounting.invoices.read");
        assertThat(get(authorizeAtXero(connect(get("/admin", null).body(), withoutReports), List.of(first)), null)
                .statusCode()).isEqualTo(200);
        await().atMost(Duration.ofMinutes(2)).until(() -> harness.count("SELECT count(*) FROM xero_sync.sync_run "
                + "WHERE api = 'profit-and-loss' AND tenant_id = ?", first) == 1);

        // the admin ticks reports too: until they connect again, the page says to reconnect
        List<String> withReports = new ArrayList<>(withoutReports);
        withReports.add("accounting.reports.profitandloss.read");
        String authorize = connect(get("/admin", null).body(), withReports);
        assertThat(get("/admin", null).body()).contains("id=\"reconnect-banner\"");
        assertThat(get(authorizeAtXero(authorize, List.of(first)), null).statusCode()).isEqualTo(200);
        assertThat(get("/admin", null).body()).doesNotContain("id=\"reconnect-banner\"");
        assertThat((String) harness.query("SELECT scopes FROM xero_sync.connections WHERE status = 'active'").get(0)
                .get("scopes")).contains("accounting.reports.profitandloss.read");
        await().atMost(Duration.ofMinutes(2)).until(() -> harness.count("SELECT count(*) FROM xero_sync.sync_run "
                + "WHERE api = 'profit-and-loss' AND tenant_id = ? AND status = 'success'", first) == 1);
    }

    @Test
    void should_refuse_the_admin_pages_without_the_admins_credentials() throws Exception {
        startNotConnected(Map.of("ADMIN_PASSWORD", "correct horse"));
        HttpResponse<String> anonymous = get("/admin", null);
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(anonymous.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Basic"));
        assertThat(get("/admin", basic("admin", "wrong")).statusCode()).isEqualTo(401);
        assertThat(post("/admin/connect", Map.of("granular", "accounting.settings.read"), null).statusCode()).isEqualTo(401);
        // the callback asks for no credentials (Xero sends the browser there), but only a state issued here passes
        assertThat(get("/admin/callback?code=x&state=y", null).statusCode()).isEqualTo(400);
        HttpResponse<String> admin = get("/admin", basic("admin", "correct horse"));
        assertThat(admin.statusCode()).isEqualTo(200);
        assertThat(admin.body()).contains("Not connected");
    }

    /**
     * Posts the permission form as the admin page would, with these granular permissions ticked; returns where it sends
     * the browser (Xero's authorize page).
     */
    private String connect(String adminPage, List<String> scopes) throws Exception {
        Map<String, List<String>> form = Map.of("csrf", List.of(csrf(adminPage)), "scope-set", List.of("granular"),
                "granular", scopes);
        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(harness.serverUrl() + "/admin/connect"))
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(encode(form))));
        assertThat(response.statusCode()).isEqualTo(303);
        String location = response.headers().firstValue("Location").orElseThrow();
        assertThat(location).startsWith(harness.sandbox().baseUrl() + "/identity/connect/authorize").contains("state=");
        return location;
    }

    /** At the sandbox's Xero pages: log in, tick these organisations, Allow access; returns the callback URL. */
    private String authorizeAtXero(String authorizeUrl, List<String> tenantIds) throws Exception {
        String callback = SandboxLoginPages.allow(harness.sandbox().baseUrl(), authorizeUrl, tenantIds);
        assertThat(callback).startsWith(harness.serverUrl() + "/admin/callback?");
        return callback;
    }

    private HttpResponse<String> get(String pathOrUrl, String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(pathOrUrl.startsWith("http") ? pathOrUrl
                : harness.serverUrl() + pathOrUrl)).GET();
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return send(request);
    }

    private HttpResponse<String> post(String path, Map<String, String> form, String authorization) throws Exception {
        Map<String, List<String>> fields = new java.util.LinkedHashMap<>();
        form.forEach((k, v) -> fields.put(k, List.of(v)));
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(harness.serverUrl() + path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(encode(fields)));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return send(request);
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return HTTP.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The form token the admin page put in its forms. */
    private static String csrf(String html) {
        Matcher m = CSRF.matcher(html);
        if (!m.find()) {
            throw new AssertionError("No form token in " + html);
        }
        return m.group(1);
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    private static String encode(Map<String, List<String>> form) {
        List<String> pairs = new ArrayList<>();
        form.forEach((name, values) -> values.forEach(v -> pairs.add(URLEncoder.encode(name, StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(v, StandardCharsets.UTF_8))));
        return String.join("&", pairs);
    }
}
