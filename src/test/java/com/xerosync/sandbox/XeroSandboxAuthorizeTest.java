package com.xerosync.sandbox;

import com.xerosync.testing.MovableClock;

import com.fasterxml.jackson.databind.JsonNode;
import com.xerosync.auth.TokenResponse;
import com.xerosync.auth.XeroAuthException;
import com.xerosync.auth.XeroIdentityClient;
import com.xerosync.auth.XeroTenant;
import com.xerosync.config.ScopeSet;
import com.xerosync.config.XeroPlan;
import com.xerosync.it.SandboxLoginPages;
import com.xerosync.sandbox.XeroSandboxTest.Api;
import com.xerosync.sandbox.identity.AuthorizationServer;
import com.xerosync.sandbox.identity.AuthorizationServer.PendingAuthorization;
import com.xerosync.sandbox.identity.AuthorizePages;
import com.xerosync.sandbox.settings.SandboxSettings;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The authorize step as Xero shows it to people (login page, consent page with a choice of organisations, Allow access
 * or Cancel), revocation, DELETE /connections, and {@link XeroIdentityClient} going through it all without a browser.
 * Every request is a plain HTTP call without cookies, as the pages need none.
 */
class XeroSandboxAuthorizeTest {

    private static final String REDIRECT = "http://localhost/callback";
    private static final String SCOPE = "offline_access accounting.invoices accounting.contacts.read";

    private static XeroSandbox sandbox;
    private static Api api;
    private static String first;
    private static String second;

    @BeforeAll
    static void start() {
        sandbox = new XeroSandbox(SandboxSettings.defaults().withContacts(20).withInvoices(40)).start(0);
        api = new Api(sandbox);
        first = sandbox.tenantIds().get(0);
        second = sandbox.tenantIds().get(1);
    }

    @AfterAll
    static void stop() {
        sandbox.close();
    }

    @Test
    void should_log_in_then_connect_only_the_organisations_left_ticked() {
        HttpResponse<String> loginPage = api.authorizePage(SandboxSettings.defaults().clientId(), REDIRECT, "st&te 1", SCOPE);
        assertThat(loginPage.statusCode()).isEqualTo(200);
        assertThat(loginPage.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
        assertThat(loginPage.headers().firstValue("Cache-Control")).hasValue("no-store");
        assertThat(loginPage.headers().firstValue("X-Frame-Options")).hasValue("DENY");
        String login = loginPage.body();
        assertThat(login).contains("Log in to the Xero sandbox", "<form method=\"post\" action=\"/identity/connect/authorize/login\"",
                "name=\"email\"", "id=\"email\"", "type=\"password\" id=\"password\" name=\"password\"", "id=\"login\"",
                XeroSandbox.DEMO_EMAIL, XeroSandbox.DEMO_PASSWORD)
                .doesNotContain("id=\"error\"", "<script", "src=", "href=", "st&te");
        String request = Api.hidden(login, "request");
        assertThat(request).matches("[A-Za-z0-9_-]{43}");
        assertThat(api.authorizePage(SandboxSettings.defaults().clientId(), REDIRECT, "s", SCOPE).body())
                .as("each authorize request has its own id").doesNotContain(request);

        for (String[] wrong : List.of(new String[] {XeroSandbox.DEMO_EMAIL, "wrong"}, new String[] {"someone@example.com",
                XeroSandbox.DEMO_PASSWORD}, new String[] {"", ""})) {
            HttpResponse<String> refused = api.login(request, wrong[0], wrong[1]);
            assertThat(refused.statusCode()).isEqualTo(200);
            assertThat(refused.body()).contains("<p class=\"error\" id=\"error\" role=\"alert\">Incorrect email or password</p>",
                    "id=\"password\"").doesNotContain("name=\"tenant\"");
            assertThat(Api.hidden(refused.body(), "request")).isEqualTo(request);
        }
        assertThat(api.login(request, "<b>x</b>", "no").body()).contains("value=\"&lt;b&gt;x&lt;/b&gt;\"").doesNotContain("<b>x");

        HttpResponse<String> consentPage = api.login(request, XeroSandbox.DEMO_EMAIL.toUpperCase(), XeroSandbox.DEMO_PASSWORD);
        assertThat(consentPage.statusCode()).isEqualTo(200);
        String consent = consentPage.body();
        assertThat(consent).contains("<span id=\"app-name\">xero-sync</span> wants to access your Xero organisations",
                "<form method=\"post\" action=\"/identity/connect/authorize/consent\"",
                "<button type=\"submit\" id=\"allow\" name=\"decision\" value=\"allow\" class=\"primary\">Allow access</button>",
                "<button type=\"submit\" id=\"cancel\" name=\"decision\" value=\"deny\" class=\"secondary\">Cancel</button>",
                "Keep access while you are not using the app <code>offline_access</code>",
                "View and manage your invoices, credit notes, quotes, purchase orders and items <code>accounting.invoices</code>",
                "View your contacts <code>accounting.contacts.read</code>")
                .doesNotContain("id=\"error\"", "<script", "src=", "href=");
        assertThat(Api.hidden(consent, "request")).isEqualTo(request);
        assertThat(Api.values(consent, "tenant")).containsExactlyElementsOf(sandbox.tenantIds());
        for (String tenant : sandbox.tenantIds()) {
            assertThat(consent).contains("<input type=\"checkbox\" name=\"tenant\" value=\"" + tenant + "\" id=\"tenant-" + tenant
                    + "\" checked><label for=\"tenant-" + tenant + "\">" + AuthorizePages.escape(sandbox.tenantName(tenant)) + "</label>");
        }

        HttpResponse<String> none = api.consent(request, "allow", List.of());
        assertThat(none.statusCode()).isEqualTo(200);
        assertThat(none.body()).contains("id=\"error\"", "Choose at least one organisation", "id=\"allow\"")
                .doesNotContain(" checked>");
        assertThat(api.consent(request, "allow", List.of("00000000-0000-4000-8000-000000000000")).body())
                .as("an organisation the sandbox does not have is no choice").contains("Choose at least one organisation");

        HttpResponse<String> allowed = api.consent(request, "allow", List.of(second));
        assertThat(allowed.statusCode()).isEqualTo(302);
        String location = allowed.headers().firstValue("Location").orElseThrow();
        assertThat(location).startsWith(REDIRECT + "?code=");
        Map<String, String> query = Api.query(location);
        assertThat(query).containsEntry("state", "st&te 1").containsEntry("scope", SCOPE).containsKey("code");

        JsonNode tokens = api.json(api.postToken(Map.of("grant_type", "authorization_code", "code", query.get("code"),
                "redirect_uri", REDIRECT)));
        assertThat(tokens.get("scope").asText()).isEqualTo(SCOPE);
        String token = tokens.get("access_token").asText();
        JsonNode connections = api.getOk("/connections", token, null);
        assertThat(connections).hasSize(1);
        assertThat(connections.get(0).get("tenantId").asText()).isEqualTo(second);
        assertThat(connections.get(0).get("tenantName").asText()).isEqualTo(sandbox.tenantName(second));
        assertThat(api.get("/api.xro/2.0/Invoices", token, second).statusCode()).isEqualTo(200);
        HttpResponse<String> forbidden = api.get("/api.xro/2.0/Invoices", token, first);
        assertThat(forbidden.statusCode()).isEqualTo(403);
        assertThat(api.json(forbidden).get("Detail").asText()).isEqualTo("AuthenticationUnsuccessful");

        // the request id was answered: every page of it now says to start again
        for (HttpResponse<String> reused : List.of(api.consent(request, "allow", List.of(first)),
                api.consent(request, "deny", List.of()), api.login(request, XeroSandbox.DEMO_EMAIL, XeroSandbox.DEMO_PASSWORD))) {
            assertStartAgain(reused);
        }
    }

    @Test
    void should_redirect_access_denied_with_the_state_on_cancel() {
        String request = loggedIn(REDIRECT + "?from=app", "cancel-state", "");
        HttpResponse<String> denied = api.consent(request, "deny", List.of(first, second));
        assertThat(denied.statusCode()).isEqualTo(302);
        Map<String, String> query = Api.query(denied.headers().firstValue("Location").orElseThrow());
        assertThat(query).containsExactly(Map.entry("from", "app"), Map.entry("error", "access_denied"),
                Map.entry("state", "cancel-state"));
        assertStartAgain(api.consent(request, "allow", List.of(first)));

        String undecided = loggedIn(REDIRECT, "s", "");
        assertThat(api.consent(undecided, "maybe", List.of(first)).body()).contains("id=\"error\"", "Choose Allow access or Cancel");
        assertThat(api.consent(undecided, "allow", List.of(first)).statusCode()).as("not used up by a page shown again")
                .isEqualTo(302);
    }

    @Test
    void should_validate_the_authorize_request_before_the_login_page() {
        String client = SandboxSettings.defaults().clientId();
        HttpResponse<String> unknownClient = api.authorizePage("someone-else", REDIRECT, "s", SCOPE);
        assertThat(unknownClient.statusCode()).isEqualTo(400);
        assertThat(api.json(unknownClient).get("error").asText()).isEqualTo("invalid_client");

        HttpResponse<String> noRedirect = api.get("/identity/connect/authorize?response_type=code&client_id=" + client, null, null);
        assertThat(noRedirect.statusCode()).isEqualTo(400);
        assertThat(api.json(noRedirect).get("error").asText()).isEqualTo("invalid_request");

        // a redirect URI the app did not register (off this machine): answered, never redirected to
        for (String foreign : new String[] {"https://attacker.example/callback", "http://localhost@attacker.example/cb",
                "http://localhost/cb#x", "javascript:alert(1)"}) {
            HttpResponse<String> unregistered = api.authorizePage(client, foreign, "s", SCOPE);
            assertThat(unregistered.statusCode()).as(foreign).isEqualTo(400);
            assertThat(unregistered.headers().firstValue("Location")).as(foreign).isEmpty();
        }

        HttpResponse<String> token = api.get("/identity/connect/authorize?response_type=token&client_id=" + client
                + "&redirect_uri=" + REDIRECT + "&state=s1", null, null);
        assertThat(token.statusCode()).isEqualTo(302);
        assertThat(Api.query(token.headers().firstValue("Location").orElseThrow()))
                .containsExactly(Map.entry("error", "unsupported_response_type"), Map.entry("state", "s1"));

        HttpResponse<String> unknownScope = api.authorizePage(client, REDIRECT, "s2", "accounting.transactions accounting.everything");
        assertThat(unknownScope.statusCode()).isEqualTo(302);
        assertThat(Api.query(unknownScope.headers().firstValue("Location").orElseThrow()))
                .containsExactly(Map.entry("error", "invalid_scope"), Map.entry("state", "s2"));

        assertThat(api.get("/identity/connect/authorize/login", null, null).statusCode()).isEqualTo(405);
    }

    @Test
    void should_refuse_unknown_expired_and_not_logged_in_requests() {
        assertStartAgain(api.login("not-a-request", XeroSandbox.DEMO_EMAIL, XeroSandbox.DEMO_PASSWORD));
        assertStartAgain(api.consent("not-a-request", "allow", List.of(first)));
        assertStartAgain(api.postForm("/identity/connect/authorize/consent", List.of(Map.entry("decision", "allow"))));

        HttpResponse<String> page = api.authorizePage(SandboxSettings.defaults().clientId(), REDIRECT, "s", SCOPE);
        String notLoggedIn = Api.hidden(page.body(), "request");
        assertStartAgain(api.consent(notLoggedIn, "allow", List.of(first)));
        assertThat(api.login(notLoggedIn, XeroSandbox.DEMO_EMAIL, XeroSandbox.DEMO_PASSWORD).statusCode())
                .as("refusing a consent without login does not use the request up").isEqualTo(200);

        try (XeroSandbox expiring = new XeroSandbox(SandboxSettings.defaults().withContacts(5).withInvoices(5)).start(0)) {
            Api expiringApi = new Api(expiring);
            String opened = Api.hidden(expiringApi.authorizePage("sandbox-client", REDIRECT, "s", SCOPE).body(), "request");
            String consenting = Api.hidden(expiringApi.authorizePage("sandbox-client", REDIRECT, "s", SCOPE).body(), "request");
            assertThat(expiringApi.login(consenting, XeroSandbox.DEMO_EMAIL, XeroSandbox.DEMO_PASSWORD).statusCode()).isEqualTo(200);
            expiring.expireAuthorizationRequests();
            assertStartAgain(expiringApi.login(opened, XeroSandbox.DEMO_EMAIL, XeroSandbox.DEMO_PASSWORD));
            assertStartAgain(expiringApi.consent(consenting, "allow", expiring.tenantIds()));
            assertThat(expiringApi.authorize("sandbox-client", REDIRECT, "s", SCOPE).statusCode())
                    .as("a new request works").isEqualTo(302);
        }
    }

    @Test
    void should_expire_a_pending_authorization_after_ten_minutes() {
        MovableClock clock = new MovableClock(Instant.parse("2026-05-01T09:00:00Z"));
        Map<String, String> tenants = new LinkedHashMap<>(Map.of("t-1", "One"));
        AuthorizationServer authority = new AuthorizationServer(SandboxSettings.defaults(), tenants, clock);
        String id = authority.startAuthorization("sandbox-client", REDIRECT, "", "s");
        Optional<PendingAuthorization> pending = authority.pendingAuthorization(id);
        assertThat(pending).isPresent();
        assertThat(pending.get().scope()).as("a new app's: granular").isEqualTo(AuthorizationServer.GRANULAR_DEFAULT_SCOPE)
                .doesNotContain("accounting.transactions", "accounting.reports.read ");
        assertThat(pending.get().expiresAt()).isEqualTo(clock.instant().plus(Duration.ofMinutes(10)));
        authority.logIn(id);
        clock.advance(Duration.ofMinutes(10).minusMillis(1));
        assertThat(authority.pendingAuthorization(id)).hasValueSatisfying(p -> assertThat(p.loggedIn()).isTrue());
        clock.advance(Duration.ofMillis(1));
        assertThat(authority.pendingAuthorization(id)).isEmpty();
        assertThat(authority.decide(id)).isEmpty();

        String next = authority.startAuthorization("sandbox-client", REDIRECT, "openid", null);
        assertThat(authority.decide(next)).isPresent();
        assertThat(authority.decide(next)).as("answered once").isEmpty();
    }

    @Test
    void should_revoke_a_refresh_tokens_whole_grant() {
        JsonNode other = api.authorizationCode();
        JsonNode issued = api.authorizationCode();
        String original = issued.get("refresh_token").asText();
        JsonNode rotated = api.refresh(original);
        String access = rotated.get("access_token").asText();
        assertThat(api.getOk("/connections", access, null)).hasSize(2);

        HttpResponse<String> revoked = revoke("sandbox-client", "sandbox-secret", original);
        assertThat(revoked.statusCode()).isEqualTo(200);
        assertThat(revoked.body()).isEmpty();

        for (String refresh : List.of(original, rotated.get("refresh_token").asText())) {
            HttpResponse<String> refused = api.postToken(Map.of("grant_type", "refresh_token", "refresh_token", refresh));
            assertThat(refused.statusCode()).isEqualTo(400);
            assertThat(api.json(refused).get("error").asText()).isEqualTo("invalid_grant");
            assertThat(sandbox.isRefreshTokenValid(refresh)).isFalse();
        }
        for (String token : List.of(access, issued.get("access_token").asText())) {
            assertThat(api.get("/connections", token, null).statusCode()).isEqualTo(401);
            assertThat(api.get("/api.xro/2.0/Organisation", token, first).statusCode()).isEqualTo(401);
        }
        assertThat(api.getOk("/connections", other.get("access_token").asText(), null)).as("another grant is untouched").hasSize(2);
        assertThat(sandbox.isRefreshTokenValid(other.get("refresh_token").asText())).isTrue();

        assertThat(revoke("sandbox-client", "sandbox-secret", original).statusCode()).as("again: RFC 7009").isEqualTo(200);
        assertThat(revoke("sandbox-client", "sandbox-secret", "never-issued").statusCode()).isEqualTo(200);
        HttpResponse<String> badClient = revoke("sandbox-client", "wrong", other.get("refresh_token").asText());
        assertThat(badClient.statusCode()).isEqualTo(401);
        assertThat(api.json(badClient).get("error").asText()).isEqualTo("invalid_client");
        assertThat(revoke(null, null, other.get("refresh_token").asText()).statusCode()).isEqualTo(401);
        assertThat(sandbox.isRefreshTokenValid(other.get("refresh_token").asText())).isTrue();
        HttpResponse<String> noToken = revoke("sandbox-client", "sandbox-secret", null);
        assertThat(noToken.statusCode()).isEqualTo(400);
        assertThat(api.json(noToken).get("error").asText()).isEqualTo("invalid_request");
    }

    @Test
    void should_delete_a_connection_with_204_and_forbid_its_organisation() {
        String token = api.authorizationCode().get("access_token").asText();
        JsonNode connections = api.getOk("/connections", token, null);
        String firstConnection = connections.get(0).get("id").asText();
        HttpResponse<String> deleted = api.delete("/connections/" + firstConnection, token);
        assertThat(deleted.statusCode()).isEqualTo(204);
        assertThat(deleted.body()).isEmpty();
        assertThat(api.delete("/connections/" + firstConnection, token).statusCode()).isEqualTo(404);
        assertThat(api.getOk("/connections", token, null)).extracting(c -> c.get("tenantId").asText()).containsExactly(second);
        assertThat(api.get("/api.xro/2.0/Invoices", token, first).statusCode()).isEqualTo(403);
        assertThat(api.get("/api.xro/2.0/Invoices", token, second).statusCode()).isEqualTo(200);
        assertThat(api.delete("/connections/" + connections.get(1).get("id").asText(), "not-a-token").statusCode()).isEqualTo(401);
    }

    @Test
    void should_authorize_without_a_browser_through_the_pages() {
        XeroIdentityClient client = client("sandbox-secret");
        String code = SandboxLoginPages.demoCode(client, REDIRECT, SCOPE, "state-1");
        TokenResponse tokens = client.exchangeCode(code, REDIRECT);
        assertThat(tokens.refreshToken()).isNotNull();
        assertThat(client.connections(tokens.accessToken())).extracting(XeroTenant::tenantId)
                .containsExactlyElementsOf(sandbox.tenantIds());

        assertThatThrownBy(() -> SandboxLoginPages.demoCode(client, REDIRECT, "accounting.everything", "s"))
                .isInstanceOf(XeroAuthException.class)
                .hasMessageStartingWith("The authorize endpoint at " + sandbox.baseUrl() + " did not approve: it redirected "
                        + "with error=invalid_scope. Xero answered invalid_scope: your Xero app is not allowed one of the "
                        + "scopes asked for (accounting.everything)")
                .extracting(e -> ((XeroAuthException) e).error()).isEqualTo("invalid_scope");
        XeroIdentityClient stranger = new XeroIdentityClient(sandbox.baseUrl(), sandbox.baseUrl(), sandbox.baseUrl(),
                "someone-else", "x", Duration.ofSeconds(10), Clock.systemUTC());
        assertThatThrownBy(() -> SandboxLoginPages.demoCode(stranger, REDIRECT, SCOPE, "s"))
                .isInstanceOf(DemoLogin.NotApproved.class)
                .hasMessageStartingWith("the authorize page answered HTTP 400 without the form the sandbox shows");
    }

    @Test
    void should_revoke_and_delete_connections_through_the_identity_client() {
        XeroIdentityClient client = client("sandbox-secret");
        TokenResponse tokens = client.exchangeCode(SandboxLoginPages.demoCode(client, REDIRECT, SCOPE, "s"), REDIRECT);
        List<XeroTenant> tenants = client.connections(tokens.accessToken());

        client.deleteConnection(tokens.accessToken(), tenants.get(1).connectionId());
        client.deleteConnection(tokens.accessToken(), tenants.get(1).connectionId());
        assertThat(client.connections(tokens.accessToken())).extracting(XeroTenant::tenantId).containsExactly(first);
        assertThatThrownBy(() -> client.deleteConnection("not-a-token", tenants.get(0).connectionId()))
                .isInstanceOf(XeroAuthException.class).extracting(e -> ((XeroAuthException) e).error()).isEqualTo("unauthorized");

        assertThatThrownBy(() -> client("wrong").revoke(tokens.refreshToken()))
                .isInstanceOf(XeroAuthException.class)
                .hasMessageContaining("did not revoke the refresh token: invalid_client (HTTP 401)")
                .extracting(e -> ((XeroAuthException) e).error()).isEqualTo("invalid_client");
        assertThat(sandbox.isRefreshTokenValid(tokens.refreshToken())).isTrue();
        client.revoke(tokens.refreshToken());
        assertThat(sandbox.isRefreshTokenValid(tokens.refreshToken())).isFalse();
        assertThatThrownBy(() -> client.refresh(tokens.refreshToken())).isInstanceOf(XeroAuthException.class)
                .matches(e -> ((XeroAuthException) e).invalidGrant());
        assertThatThrownBy(() -> client.connections(tokens.accessToken())).isInstanceOf(XeroAuthException.class)
                .extracting(e -> ((XeroAuthException) e).error()).isEqualTo("unauthorized");
        client.revoke(tokens.refreshToken());
    }

    @Test
    void should_refuse_a_broad_scope_to_an_app_created_from_march_2026_and_offer_it_to_an_older_one() {
        String broad = "offline_access accounting.settings.read accounting.transactions.read accounting.reports.read";
        assertThat(sandbox.scopeSet()).as("a new app, by default").isEqualTo(ScopeSet.GRANULAR);
        HttpResponse<String> refused = api.authorizePage("sandbox-client", REDIRECT, "s3", broad);
        assertThat(refused.statusCode()).isEqualTo(302);
        assertThat(Api.query(refused.headers().firstValue("Location").orElseThrow()))
                .containsExactly(Map.entry("error", "invalid_scope"), Map.entry("state", "s3"));
        HttpResponse<String> custom = api.postToken(Map.of("grant_type", "client_credentials", "scope",
                "accounting.transactions"));
        assertThat(custom.statusCode()).isEqualTo(400);
        assertThat(api.json(custom).get("error").asText()).isEqualTo("invalid_scope");
        // a custom connection naming no scopes gets its own, granular ones
        assertThat(api.clientCredentials().get("scope").asText()).contains("accounting.invoices")
                .doesNotContain("accounting.transactions");
        assertThat(api.authorize("sandbox-client", REDIRECT, "s4", "offline_access accounting.settings.read "
                + "accounting.invoices.read accounting.reports.profitandloss.read").statusCode()).isEqualTo(302);

        try (XeroSandbox older = new XeroSandbox(SandboxSettings.defaults().withContacts(5).withInvoices(5)
                .withAppCreated(LocalDate.of(2026, 3, 1))).start(0)) {
            Api olderApi = new Api(older);
            assertThat(older.scopeSet()).isEqualTo(ScopeSet.BROAD);
            HttpResponse<String> allowed = olderApi.authorize("sandbox-client", REDIRECT, "s5", broad);
            Map<String, String> query = Api.query(allowed.headers().firstValue("Location").orElseThrow());
            assertThat(query).containsKey("code").containsEntry("scope", broad);
            String token = olderApi.json(olderApi.postToken(Map.of("grant_type", "authorization_code", "code",
                    query.get("code"), "redirect_uri", REDIRECT))).get("access_token").asText();
            assertThat(olderApi.get("/api.xro/2.0/Invoices", token, older.tenantIds().get(0)).statusCode()).isEqualTo(200);
            // and may mix in granular ones
            assertThat(olderApi.authorize("sandbox-client", REDIRECT, "s6", "accounting.invoices.read").statusCode())
                    .isEqualTo(302);
        }
        assertThat(new XeroSandbox(SandboxSettings.defaults().withContacts(5).withInvoices(5)
                .withAppCreated(LocalDate.of(2026, 3, 2))).scopeSet()).as("the first granular-only day").isEqualTo(ScopeSet.GRANULAR);
    }

    @Test
    void should_answer_401_authorization_unsuccessful_for_a_withdrawn_scope_however_fresh_the_token() {
        try (XeroSandbox app = new XeroSandbox(SandboxSettings.defaults().withContacts(5).withInvoices(5)).start(0)) {
            Api appApi = new Api(app);
            String tenant = app.tenantIds().get(0);
            String scope = "offline_access accounting.settings.read accounting.payments.read";
            HttpResponse<String> redirect = appApi.authorize("sandbox-client", REDIRECT, "s", scope);
            String code = Api.query(redirect.headers().firstValue("Location").orElseThrow()).get("code");
            JsonNode tokens = appApi.json(appApi.postToken(Map.of("grant_type", "authorization_code", "code", code,
                    "redirect_uri", REDIRECT)));
            assertThat(appApi.get("/api.xro/2.0/Payments", tokens.get("access_token").asText(), tenant).statusCode())
                    .isEqualTo(200);

            app.withdrawScope("accounting.payments.read");
            JsonNode refreshed = appApi.refresh(tokens.get("refresh_token").asText());
            assertThat(refreshed.get("scope").asText()).as("the token still claims it").isEqualTo(scope);
            assertThat(app.tokenRefreshes()).isEqualTo(1);
            HttpResponse<String> refused = appApi.get("/api.xro/2.0/Payments", refreshed.get("access_token").asText(), tenant);
            assertThat(refused.statusCode()).isEqualTo(401);
            assertThat(refused.headers().firstValue("WWW-Authenticate")).isEmpty();
            JsonNode problem = appApi.json(refused);
            assertThat(problem.properties()).extracting(Map.Entry::getKey)
                    .containsExactly("Type", "Title", "Status", "Detail", "Instance", "Extensions");
            assertThat(problem.get("Type").isNull()).isTrue();
            assertThat(problem.get("Title").asText()).isEqualTo("Unauthorized");
            assertThat(problem.get("Status").asInt()).isEqualTo(401);
            assertThat(problem.get("Detail").asText()).isEqualTo("AuthorizationUnsuccessful");
            assertThat(problem.get("Instance").asText()).matches("[0-9a-f-]{36}");
            assertThat(problem.get("Extensions").isObject() && problem.get("Extensions").isEmpty()).isTrue();
            assertThat(appApi.get("/api.xro/2.0/Accounts", refreshed.get("access_token").asText(), tenant).statusCode())
                    .as("what other scopes grant").isEqualTo(200);
            // asked for again, the app is not allowed it
            HttpResponse<String> again = appApi.authorizePage("sandbox-client", REDIRECT, "s7", scope);
            assertThat(Api.query(again.headers().firstValue("Location").orElseThrow()))
                    .containsEntry("error", "unauthorized_client");

            app.restoreScopes();
            assertThat(appApi.get("/api.xro/2.0/Payments", refreshed.get("access_token").asText(), tenant).statusCode())
                    .isEqualTo(200);
        }
    }

    @Test
    void should_refuse_to_connect_more_organisations_than_the_apps_plan_allows() {
        try (XeroSandbox starter = new XeroSandbox(SandboxSettings.defaults().withOrganisations(6).withContacts(5)
                .withInvoices(5).withPlan(XeroPlan.STARTER)).start(0)) {
            Api six = new Api(starter);
            List<String> tenants = starter.tenantIds();
            String consent = consentPage(six, "s0");
            assertThat(consent).contains("<p class=\"muted\" id=\"plan\">Starter plan: 0 of 5 organisations connected</p>");
            // all six at once: refused as a whole, nothing connected
            HttpResponse<String> allSix = six.consent(Api.hidden(consent, "request"), "allow", tenants);
            assertThat(allSix.statusCode()).isEqualTo(302);
            Map<String, String> refused = Api.query(allSix.headers().firstValue("Location").orElseThrow());
            assertThat(refused).containsEntry("error", "access_denied").containsEntry("state", "s0").doesNotContainKey("code");
            assertThat(refused.get("error_description")).isEqualTo("Connection limit reached: the app's Starter plan "
                    + "allows 5 connected organisations and 0 are connected, so allowing 6 more would make 6. Disconnect an "
                    + "organisation from the app, or move the app to a bigger plan");
            assertThat(starter.connectedOrganisations()).isZero();

            String token = tokenFor(six, tenants.subList(0, 5), "s1");
            assertThat(starter.connectedOrganisations()).isEqualTo(5);
            assertThat(consentPage(six, "s2")).contains("Starter plan: 5 of 5 organisations connected");
            // connecting those already connected again makes no new connection; the sixth would
            tokenFor(six, tenants.subList(3, 5), "s3");
            String sixth = consentPage(six, "s4");
            Map<String, String> atCap = Api.query(six.consent(Api.hidden(sixth, "request"), "allow",
                    List.of(tenants.get(5))).headers().firstValue("Location").orElseThrow());
            assertThat(atCap).containsEntry("error", "access_denied");
            assertThat(atCap.get("error_description")).contains("Starter plan allows 5", "5 are connected", "would make 6");

            // disconnecting one makes room for the sixth
            JsonNode connections = six.getOk("/connections", token, null);
            assertThat(six.delete("/connections/" + connections.get(0).get("id").asText(), token).statusCode()).isEqualTo(204);
            assertThat(starter.connectedOrganisations()).isEqualTo(4);
            tokenFor(six, List.of(tenants.get(5)), "s5");
            assertThat(starter.connectedOrganisations()).isEqualTo(5);
        }
    }

    @Test
    void should_answer_journals_401_to_an_app_whose_plan_has_none_and_serve_them_on_advanced() {
        try (XeroSandbox core = new XeroSandbox(SandboxSettings.defaults().withContacts(5).withInvoices(5)
                .withPlan(XeroPlan.CORE)).start(0)) {
            Api coreApi = new Api(core);
            String token = tokenFor(coreApi, core.tenantIds(), "j", "offline_access accounting.invoices.read "
                    + "accounting.journals.read");
            String tenant = core.tenantIds().get(0);
            for (String path : List.of("/api.xro/2.0/Journals", "/api.xro/2.0/Journals?paymentsOnly=true&offset=100")) {
                HttpResponse<String> refused = coreApi.get(path, token, tenant);
                assertThat(refused.statusCode()).as(path).isEqualTo(401);
                JsonNode problem = coreApi.json(refused);
                assertThat(problem.properties()).extracting(Map.Entry::getKey)
                        .containsExactly("Type", "Title", "Status", "Detail", "Instance", "Extensions");
                assertThat(problem.get("Type").isNull()).isTrue();
                assertThat(problem.get("Title").asText()).isEqualTo("Unauthorized");
                assertThat(problem.get("Status").asInt()).isEqualTo(401);
                assertThat(problem.get("Detail").asText()).isEqualTo("AuthorizationUnsuccessful");
                assertThat(problem.get("Instance").asText()).matches("[0-9a-f-]{36}");
                assertThat(problem.get("Extensions").isObject() && problem.get("Extensions").isEmpty()).isTrue();
            }
            assertThat(coreApi.get("/api.xro/2.0/Invoices", token, tenant).statusCode()).isEqualTo(200);
        }
        // the default sandbox's app is on Advanced
        String token = tokenFor(api, sandbox.tenantIds(), "a", "offline_access accounting.journals.read");
        assertThat(sandbox.plan()).isEqualTo(XeroPlan.ADVANCED);
        assertThat(api.get("/api.xro/2.0/Journals", token, first).statusCode()).isEqualTo(200);
    }

    /** The consent page of a new authorize request, logged in. */
    private static String consentPage(Api on, String state) {
        HttpResponse<String> page = on.authorizePage("sandbox-client", REDIRECT, state, SCOPE);
        HttpResponse<String> consent = on.login(Api.hidden(page.body(), "request"), XeroSandbox.DEMO_EMAIL,
                XeroSandbox.DEMO_PASSWORD);
        assertThat(consent.statusCode()).isEqualTo(200);
        return consent.body();
    }

    /** An access token for these organisations, connected through the consent page. */
    private static String tokenFor(Api on, List<String> tenants, String state) {
        return tokenFor(on, tenants, state, SCOPE);
    }

    private static String tokenFor(Api on, List<String> tenants, String state, String scope) {
        HttpResponse<String> page = on.authorizePage("sandbox-client", REDIRECT, state, scope);
        String request = Api.hidden(page.body(), "request");
        assertThat(on.login(request, XeroSandbox.DEMO_EMAIL, XeroSandbox.DEMO_PASSWORD).statusCode()).isEqualTo(200);
        HttpResponse<String> allowed = on.consent(request, "allow", tenants);
        Map<String, String> query = Api.query(allowed.headers().firstValue("Location").orElseThrow());
        assertThat(query).as("connecting %s", tenants).containsKey("code");
        return on.json(on.postToken(Map.of("grant_type", "authorization_code", "code", query.get("code"),
                "redirect_uri", REDIRECT))).get("access_token").asText();
    }

    private static XeroIdentityClient client(String secret) {
        return new XeroIdentityClient(sandbox.baseUrl(), sandbox.baseUrl(), sandbox.baseUrl(), "sandbox-client", secret,
                Duration.ofSeconds(10), Clock.systemUTC());
    }

    /** The id of an authorize request whose user has logged in (its consent page is showing). */
    private static String loggedIn(String redirectUri, String state, String scope) {
        HttpResponse<String> page = api.authorizePage("sandbox-client", redirectUri, state, scope);
        String request = Api.hidden(page.body(), "request");
        assertThat(api.login(request, XeroSandbox.DEMO_EMAIL, XeroSandbox.DEMO_PASSWORD).statusCode()).isEqualTo(200);
        return request;
    }

    private static void assertStartAgain(HttpResponse<String> response) {
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
        assertThat(response.body()).contains("id=\"error\"", "Start again from the app.").doesNotContain("name=\"request\"");
    }

    private static HttpResponse<String> revoke(String clientId, String secret, String token) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(sandbox.baseUrl() + "/connect/revocation"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(token == null ? "" : "token=" + token));
        if (clientId != null) {
            request.header("Authorization", "Basic " + Base64.getEncoder()
                    .encodeToString((clientId + ":" + secret).getBytes(StandardCharsets.UTF_8)));
        }
        try {
            return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
