package com.xerosync.admin;

import static com.xerosync.admin.Html.esc;

import com.xerosync.auth.ScopeRefusal;
import com.xerosync.auth.XeroAuthException;
import com.xerosync.auth.XeroConnections;
import com.xerosync.auth.XeroIdentityClient;
import com.xerosync.auth.XeroTenant;
import com.xerosync.config.ExternalText;
import com.xerosync.config.ScopeSet;
import com.xerosync.config.AppPlan;
import com.xerosync.store.AdminStore;
import com.xerosync.store.TenantStore;
import java.security.SecureRandom;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Xero's OAuth 2.0 authorization code flow, from the admin's side: Connect sends the admin to Xero's authorize page
 * with the chosen permissions and a fresh {@code state}; Xero sends them back to the callback with a code, which is
 * accepted only with a state issued here, unused and not expired (CSRF), and exchanged for tokens that are stored
 * encrypted before use. The organisations the admin picked are recorded and their first sync starts at once. A
 * refusal because the app's plan allows no more connections is explained, and shown on the admin page until a Connect
 * succeeds.
 */
public final class ConnectFlow {

    private static final Logger LOG = LoggerFactory.getLogger(ConnectFlow.class);
    /** How long an admin has between Connect and Allow access. */
    static final Duration STATE_LIFETIME = Duration.ofMinutes(15);

    private final AdminStore admin;
    private final TenantStore tenants;
    private final XeroConnections connections;
    private final XeroConnections.TenantData tenantData;
    private final XeroIdentityClient identity;
    private final SyncControl sync;
    private final AppPlan plan;
    private final String redirectUri;
    private final String defaultScopes;
    private final ScopeSet defaultSet;
    private final AdminAccess access;
    private static final java.util.regex.Pattern ISSUED_STATE = java.util.regex.Pattern.compile("[A-Za-z0-9_-]{16,128}");
    private final SecureRandom random = new SecureRandom();

    /**
     * @param tenantData    what a disconnect with purge erases: the organisation's synced rows
     * @param defaultScopes the scopes asked for until the admin chooses (xero.scopes, or the defaults of the set)
     * @param defaultSet    the scope set offered until the admin chooses (xero.scope-set, or the one xero.scopes names)
     */
    public ConnectFlow(AdminStore admin, TenantStore tenants, XeroConnections connections,
                       XeroConnections.TenantData tenantData, XeroIdentityClient identity, SyncControl sync, AppPlan plan,
                       String redirectUri, String defaultScopes, ScopeSet defaultSet, AdminAccess access) {
        this.access = access;
        this.admin = admin;
        this.tenants = tenants;
        this.connections = connections;
        this.tenantData = tenantData;
        this.identity = identity;
        this.sync = sync;
        this.plan = plan;
        this.redirectUri = redirectUri;
        this.defaultScopes = defaultScopes;
        this.defaultSet = defaultSet;
    }

    public String redirectUri() {
        return redirectUri;
    }

    /**
     * Camel step for {@code POST /admin/connect}: the chosen scope set ({@code scope-set} = granular or broad) and the
     * permissions ticked in its list (fields {@code granular} or {@code broad}), then 303 to Xero's authorize page.
     */
    public void start(Exchange exchange) throws SQLException {
        String named = Responses.formValue(exchange, "scope-set");
        ScopeSet set = named == null ? chosenSet() : ScopeSet.of(named);
        String scopes = Permissions.scopes(Responses.formValues(exchange, set.settingValue()), set);
        saveChosen("scopes", scopes);
        saveChosen("scope-set", set.settingValue());
        Responses.redirect(exchange, authorizeUrl(scopes));
    }

    /** Xero's authorize URL for these scopes, with a state issued now (also for the connect command). */
    public String authorizeUrl(String scopes) throws SQLException {
        byte[] bytes = new byte[24];
        random.nextBytes(bytes);
        String state = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        admin.issueState(state, scopes, STATE_LIFETIME);
        return identity.authorizeUrl(redirectUri, scopes, state);
    }

    /** Camel step for {@code GET /admin/callback?code&state} (or {@code ?error&state}). */
    public void callback(Exchange exchange) throws SQLException {
        String state = Responses.formValue(exchange, "state");
        String code = Responses.formValue(exchange, "code");
        String error = Responses.formValue(exchange, "error");
        String requested = consume(state);
        if (requested == null) {
            LOG.warn("Refused an OAuth callback whose state was not issued here, was used already or expired");
            Responses.html(exchange, 400, Html.page("Not verified", "<div class=\"card\"><h1>The connection could not be "
                    + "verified</h1><p class=\"error\">This answer from Xero does not belong to a Connect started here (its "
                    + "state is unknown, used or more than " + STATE_LIFETIME.toMinutes() + " minutes old). It was refused "
                    + "to protect against cross-site request forgery.</p><p><a class=\"button\" href=\"/admin\">Start again"
                    + "</a></p></div>"));
            return;
        }
        String description = Responses.formValue(exchange, "error_description");
        int connected = error == null ? 0 : tenants.activeTenants();
        if (error != null && ConnectionCap.refusedAtCap(plan, connected, error, description)) {
            String refusal = ConnectionCap.refusal(plan, connected, description);
            LOG.warn("Connecting Xero was refused at the plan's connection cap: {}", ExternalText.printable(refusal));
            saveChosen(ConnectionCap.REFUSED_KEY, refusal);
            lastRefusal = refusal;
            Responses.html(exchange, 200, Html.page("Not connected", "<div class=\"card\" id=\"refused-at-cap\"><h1>"
                    + "Xero did not connect more organisations</h1><p class=\"error\">" + esc(refusal) + "</p>"
                    + "<p><a class=\"button\" href=\"/admin\">Back</a></p></div>"));
            return;
        }
        if (error != null || code == null) {
            String why = ScopeRefusal.explain(error, description, requested,
                    "xero.scopes");
            lastRefusal = error == null ? null : why;
            LOG.warn("Xero did not grant access: {}", ExternalText.printable(why));
            Responses.html(exchange, 200, Html.page("Not connected", "<div class=\"card\" id=\"refused\"><h1>Xero did not "
                    + "grant access</h1><p class=\"error\" id=\"refusal\">" + esc(why) + "</p><p><a class=\"button\" "
                    + "href=\"/admin\">Back</a></p></div>"));
            return;
        }
        lastRefusal = null;
        List<XeroTenant> tenants;
        try {
            tenants = connections.connectWithCode(code, redirectUri);
        } catch (XeroAuthException e) {
            LOG.warn("Connecting Xero failed: {}", ExternalText.printable(e.getMessage()));
            Responses.html(exchange, 502, Html.page("Not connected", "<div class=\"card\"><h1>Connecting Xero failed</h1>"
                    + "<p class=\"error\">" + esc(e.getMessage()) + "</p><p><a class=\"button\" href=\"/admin\">Try again</a>"
                    + "</p></div>"));
            return;
        }
        LOG.info("Connected to Xero from the admin page: {}", tenants.stream().map(t -> ExternalText.printable(t.tenantName()))
                .toList());
        deleteSetting(ConnectionCap.REFUSED_KEY);
        sync.syncSoon();
        StringBuilder list = new StringBuilder("<ul>");
        tenants.forEach(t -> list.append("<li>").append(esc(t.tenantName())).append("</li>"));
        list.append("</ul>");
        Responses.html(exchange, 200, Html.page("Success", "<div class=\"card\" id=\"success\"><h1><span class=\"status "
                + "success\">Success</span> The Xero OAuth redirect succeeded</h1><p>xero-sync is connected to "
                + tenants.size() + " organisation" + (tenants.size() == 1 ? "" : "s") + " and their first sync has started:"
                + "</p>" + list + "<p><a class=\"button\" href=\"/admin\" id=\"continue\">See the sync</a></p></div>"));
    }

    /**
     * Camel step for {@code POST /admin/organisations/{tenantId}/disconnect}: disconnects the organisation at Xero and
     * here, revoking the grant when it was its last; its data is purged only when the admin ticked {@code purge}.
     */
    public void disconnect(Exchange exchange) throws SQLException {
        String tenantId = Responses.tenantId(exchange);
        boolean purge = "on".equals(Responses.formValue(exchange, "purge")) || "true".equals(Responses.formValue(exchange, "purge"));
        if (!"yes".equals(Responses.formValue(exchange, "confirm"))) {
            confirmDisconnect(exchange, tenantId, purge);
            return;
        }
        try {
            connections.disconnect(tenantId, purge, tenantData);
        } catch (IllegalArgumentException | XeroAuthException e) {
            Responses.html(exchange, 400, Html.page("Not disconnected", "<div class=\"card\"><h1>Not disconnected</h1>"
                    + "<p class=\"error\">" + esc(e.getMessage()) + "</p><p><a class=\"button\" href=\"/admin\">Back</a></p></div>"));
            return;
        }
        Responses.redirect(exchange, "/admin");
    }

    /**
     * The question before a disconnect, as a page of its own: the organisation's name stays plain escaped text, where a
     * confirm() in an inline script would have to quote it into JavaScript (a name with a newline or a quote ended the
     * script, and the form posted at once), and the pages need no script at all.
     */
    private void confirmDisconnect(Exchange exchange, String tenantId, boolean purge) throws SQLException {
        String name = tenants.tenantName(tenantId);
        if (name == null) {
            Responses.html(exchange, 404, Html.page("Not found", "<div class=\"card\"><h1>No such organisation</h1>"
                    + "<p><a class=\"button\" href=\"/admin\">Back</a></p></div>"));
            return;
        }
        Responses.html(exchange, 200, Html.page("Disconnect", "<div class=\"card\" id=\"confirm-disconnect\"><h1>Disconnect "
                + esc(name) + "?</h1><p>xero-sync stops syncing <b>" + esc(name) + "</b>" + (purge
                ? " and <b>deletes every row it synced for it</b>." : "; the rows synced so far are kept.")
                + "</p><form method=\"post\" action=\"/admin/organisations/" + esc(tenantId) + "/disconnect\">"
                + access.formField() + "<input type=\"hidden\" name=\"confirm\" value=\"yes\">"
                + (purge ? "<input type=\"hidden\" name=\"purge\" value=\"on\">" : "")
                + "<button class=\"danger\" type=\"submit\">Disconnect</button> <a class=\"button\" href=\"/admin\">Cancel</a>"
                + "</form></div>"));
    }

    /** The permissions the admin chose last (those asked for at the next Connect). */
    public String chosenScopes() throws SQLException {
        String chosen = chosen("scopes");
        return chosen == null ? defaultScopes : chosen;
    }

    /** The scope set the admin chose last; before any choice the configured one (or the one the scopes chosen name). */
    public ScopeSet chosenSet() throws SQLException {
        String chosen = chosen("scope-set");
        return chosen != null ? ScopeSet.of(chosen) : ScopeSet.ofGranted(chosenScopes(), defaultSet);
    }

    /**
     * Why Xero refused the last Connect at its authorize step (a scope it does not offer the app), for the connect
     * command to print; null when the last answer was no refusal.
     */
    public String lastRefusal() {
        return lastRefusal;
    }

    private volatile String lastRefusal;

    private String chosen(String key) throws SQLException {
        return admin.setting(key);
    }

    /** The Xero plan the app is on. */
    public AppPlan plan() {
        return plan;
    }

    /** Why Xero refused the last Connect at the plan's connection cap, or null when it did not (or one succeeded since). */
    public String refusedAtCap() throws SQLException {
        return chosen(ConnectionCap.REFUSED_KEY);
    }

    private void deleteSetting(String key) throws SQLException {
        admin.deleteSetting(key);
    }

    private void saveChosen(String key, String value) throws SQLException {
        admin.saveSetting(key, value);
    }

    /** Uses up a state issued here within its lifetime: the scopes it asked for; null for any other state. */
    private String consume(String state) throws SQLException {
        // a state is what start() issued (base64url, no padding) or nothing: anything else, a NUL or a megabyte
        // included, is refused without asking the database
        if (state == null || !ISSUED_STATE.matcher(state).matches()) {
            return null;
        }
        return admin.consumeState(state, STATE_LIFETIME);
    }
}
