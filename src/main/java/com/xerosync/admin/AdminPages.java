package com.xerosync.admin;

import com.xerosync.store.TenantStore;
import static com.xerosync.admin.Html.esc;

import com.xerosync.config.ExternalText;
import com.xerosync.config.ScopeSet;
import com.xerosync.config.AppPlan;
import com.xerosync.store.ConnectionStore;
import com.xerosync.store.StatusStore;
import com.xerosync.store.StatusStore.Failure;
import com.xerosync.store.StatusStore.LastRun;
import com.xerosync.store.StatusStore.OrganisationStatus;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.camel.Exchange;

/**
 * The admin's pages, rendered on the server from the bookkeeping tables: the integration's status and organisations
 * with the permission list and Connect ({@code /admin}), and per organisation each API's runs ({@code /admin/organisations/{id}}).
 */
public final class AdminPages {

    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);

    private final StatusStore status;
    private final ConnectionStore connections;
    private final TenantStore tenants;
    private final AdminAccess access;
    private final ConnectFlow connect;
    private final SyncControl sync;
    private final AppPlan plan;
    private final EgressUsage egress;
    private final DayOfCalls day;

    /**
     * @param plan   the Xero plan the app is on: the organisations connected are shown against its cap
     * @param egress this month's egress against the plan's allowance
     * @param day    each organisation's day of calls, for its Detail page
     */
    public AdminPages(StatusStore status, ConnectionStore connections, TenantStore tenants, AdminAccess access, ConnectFlow connect, SyncControl sync, AppPlan plan,
                      EgressUsage egress, DayOfCalls day) {
        this.day = day;
        this.status = status;
        this.connections = connections;
        this.tenants = tenants;
        this.access = access;
        this.connect = connect;
        this.sync = sync;
        this.plan = plan;
        this.egress = egress;
    }

    /** Camel step for {@code GET /admin}. */
    public void home(Exchange exchange) throws SQLException {
        List<OrganisationStatus> organisations = status.organisations();
        String granted = connections.grantedScopes();
        String chosen = connect.chosenScopes();
        boolean reauthorise = organisations.stream().anyMatch(o -> "needs_reauthorisation".equals(o.connectionStatus()));
        boolean connected = organisations.stream().anyMatch(o -> "active".equals(o.status()) && "active".equals(o.connectionStatus()));
        String status = reauthorise ? "needs_reauthorisation" : connected ? "success" : "not-connected";
        String statusText = reauthorise ? "Needs re-authorisation" : connected ? "Success" : "Not connected";

        StringBuilder body = new StringBuilder();
        body.append("<div class=\"card\"><h1>Xero <span class=\"status ").append(status).append("\" id=\"integration-status\">")
                .append(statusText).append("</span></h1><p>Every connected organisation's books, invoices, bills, payments, "
                        + "contacts, inventory and reports are mirrored into PostgreSQL, each API on its own schedule.</p>");
        if (reauthorise) {
            body.append("<div class=\"banner\">Xero refused the stored refresh token (revoked, or unused for 60 days): "
                    + "connect again to resume the sync. Nothing already synced is lost.</div>");
        }
        if (connected && granted != null && !Permissions.covers(granted, chosen)) {
            body.append("<div class=\"banner\" id=\"reconnect-banner\">The permission list changed since the last connect: "
                    + "<b>Reconnect</b> to apply it. Until then the APIs follow the permissions Xero granted.</div>");
        }
        body.append("</div>");

        int used = tenants.activeTenants();
        body.append("<div class=\"card\"><h2>Organisations</h2><p id=\"connections-used\">")
                .append(esc(plan.connectionsUsed(used))).append(" <span class=\"muted\">· the app's Xero plan, as ")
                .append(esc(plan.setting())).append(" says</span></p>");
        String refused = connect.refusedAtCap();
        if (refused != null) {
            body.append("<div class=\"banner\" id=\"refused-at-cap\">").append(esc(refused)).append("</div>");
        }
        String warning = ConnectionCap.warning(plan, used);
        if (warning != null) {
            body.append("<div class=\"banner\" id=\"connections-warning\">").append(esc(warning)).append("</div>");
        }
        if (organisations.isEmpty()) {
            body.append("<p class=\"muted\" id=\"no-organisations\">No organisation is connected yet: choose the permissions "
                    + "below and click Connect.</p>");
        } else {
            body.append("<table id=\"organisations\"><tr><th>Organisation</th><th>Status</th><th>Connected</th>"
                    + "<th>Last successful sync</th><th>APIs failing</th><th></th></tr>");
            for (OrganisationStatus o : organisations) {
                String state = !"active".equals(o.connectionStatus()) ? o.connectionStatus() : o.status();
                body.append("<tr data-tenant=\"").append(esc(o.tenantId())).append("\"><td>").append(esc(o.name()))
                        .append("</td><td><span class=\"status ").append(esc(state)).append("\">").append(esc(state.replace('_', ' ')))
                        .append("</span></td><td>").append(when(o.connectedAt())).append("</td><td>").append(when(o.lastSuccess()))
                        .append("</td><td>").append(o.failing()).append("</td><td><a class=\"button\" href=\"/admin/organisations/")
                        .append(esc(o.tenantId())).append("\">Detail</a>");
                if ("active".equals(o.status())) {
                    body.append(" <form method=\"post\" style=\"display:inline\" action=\"/admin/organisations/")
                            .append(esc(o.tenantId())).append("/disconnect\">").append(access.formField())
                            .append("<label style=\"display:inline\"><input type=\"checkbox\" name=\"purge\"> purge its data</label> ")
                            .append("<button class=\"danger\" type=\"submit\">Disconnect</button></form>");
                }
                body.append("</td></tr>");
            }
            body.append("</table>");
        }
        body.append("</div>");
        body.append(egress.card());

        ScopeSet chosenSet = connect.chosenSet();
        Set<String> ticked = Permissions.split(chosen);
        body.append("<div class=\"card\"><h2>Permissions</h2><form method=\"post\" action=\"/admin/connect\" id=\"connect-form\">")
                .append(access.formField())
                .append("<p class=\"muted\">offline_access is always asked for: it lets xero-sync keep its connection. "
                        + "Xero offers apps created on or after 2 March 2026 the granular permissions only; older apps may "
                        + "use the broad ones.</p>");
        for (ScopeSet set : List.of(ScopeSet.GRANULAR, ScopeSet.BROAD)) {
            boolean chosenHere = set == chosenSet;
            // a list not chosen shows the set's defaults, ticked as they would be
            Set<String> tickedHere = chosenHere ? ticked : Permissions.split(Permissions.defaults(set));
            body.append(chosenHere ? "<div" : "<details").append(" id=\"set-").append(set.settingValue()).append("\">")
                    .append(chosenHere ? "<p>" : "<summary>").append("<label><input type=\"radio\" name=\"scope-set\" value=\"")
                    .append(set.settingValue()).append("\" id=\"scope-set-").append(set.settingValue()).append("\"")
                    .append(chosenHere ? " checked" : "").append("> <b>")
                    .append(set == ScopeSet.GRANULAR ? "Granular permissions</b> (apps created on or after 2 March 2026)"
                            : "Broad permissions</b> (apps created before 2 March 2026)")
                    .append("</label>").append(chosenHere ? "</p>" : "</summary>");
            permissionList(body, Permissions.of(set), tickedHere, set.settingValue());
            body.append(chosenHere ? "</div>" : "</details>");
        }
        body.append("<p><button type=\"submit\" id=\"connect\">").append(connected ? "Reconnect" : "Connect")
                .append(" to Xero</button> <span class=\"muted\">Xero's login page opens; pick the organisations and allow "
                        + "access. Redirect URI to register with your Xero app: <code>").append(esc(connect.redirectUri()))
                .append("</code></span></p></form></div>");
        Responses.html(exchange, 200, Html.page("Xero integration", body.toString()));
    }

    /** One list's checkboxes, named after the set (granular or broad), each with its scope and what it reads. */
    private static void permissionList(StringBuilder body, List<Permissions.Permission> list, Set<String> ticked, String set) {
        for (Permissions.Permission p : list) {
            String id = set + "-" + p.scope();
            body.append("<label><input type=\"checkbox\" name=\"").append(set).append("\" value=\"").append(esc(p.scope()))
                    .append("\" id=\"").append(esc(id)).append("\"").append(ticked.contains(p.scope()) ? " checked" : "")
                    .append("> <code>").append(esc(p.scope())).append("</code> ").append(esc(p.reads())).append("</label>");
        }
    }

    /** Camel step for {@code GET /admin/organisations/{tenantId}}: each API's last run, next run and recent failures. */
    public void detail(Exchange exchange) throws SQLException {
        String tenantId = Responses.tenantId(exchange);
        String name = tenants.tenantName(tenantId);
        if (name == null) {
            Responses.html(exchange, 404, Html.page("Not found", "<div class=\"card\"><h1>No such organisation</h1>"
                    + "<p><a href=\"/admin\">Back</a></p></div>"));
            return;
        }
        Map<String, LastRun> lastRuns = new LinkedHashMap<>();
        for (LastRun run : status.lastRuns(tenantId)) {
            lastRuns.put("xero-" + run.api(), run);
        }
        List<Failure> failures = status.recentFailures(tenantId, 20);
        StringBuilder body = new StringBuilder("<div class=\"card\"><h1>").append(esc(name))
                .append("</h1><p class=\"muted\">").append(esc(tenantId)).append(" · <a href=\"/admin\">all organisations</a></p>")
                .append("<table id=\"apis\"><tr><th>API</th><th>Last run</th><th>Status</th><th>Records</th><th>API calls</th>"
                        + "<th>Duration</th><th>Next run</th><th>Last error</th></tr>");
        for (String routeId : sync.syncRoutes()) {
            LastRun run = lastRuns.get(routeId);
            body.append("<tr data-api=\"").append(esc(routeId)).append("\"><td>").append(esc(routeId)).append("</td>");
            if (run == null) {
                body.append("<td>never</td><td></td><td></td><td></td><td></td>");
            } else {
                Instant started = run.startedAt();
                Instant finished = run.finishedAt();
                body.append("<td>").append(when(started)).append("</td><td><span class=\"status ").append(esc(run.status()))
                        .append("\">").append(esc(run.status())).append("</span></td><td>").append(run.records())
                        .append("</td><td>").append(run.apiCalls()).append("</td><td>")
                        .append(finished == null ? "" : String.format("%.1f s", (finished.toEpochMilli() - started.toEpochMilli()) / 1000.0))
                        .append("</td>");
            }
            body.append("<td>").append(when(sync.nextRun(routeId))).append("</td><td class=\"error\">")
                    .append(run == null || run.error() == null || "success".equals(run.status()) ? "" : esc(run.error()))
                    .append("</td></tr>");
        }
        body.append("</table></div>").append(day.card(tenantId, status.now()));
        body.append("<div class=\"card\"><h2>Recent failures</h2>");
        if (failures.isEmpty()) {
            body.append("<p class=\"muted\" id=\"no-failures\">None.</p>");
        } else {
            body.append("<table id=\"failures\"><tr><th>When</th><th>API</th><th>HTTP</th><th>What happened</th></tr>");
            for (Failure f : failures) {
                body.append("<tr><td>").append(when(f.occurredAt())).append("</td><td>xero-").append(esc(f.api()))
                        .append("</td><td>").append(f.httpStatus() == null ? "" : f.httpStatus()).append("</td><td>")
                        .append(esc(f.message())).append("</td></tr>");
            }
            body.append("</table>");
        }
        body.append("</div>");
        Responses.html(exchange, 200, Html.page(name, body.toString()));
    }

    /** Error handler of the admin routes: a page saying what went wrong, and the log. */
    public void failed(Exchange exchange) {
        Throwable error = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        // one line with a reference the page shows; the stack trace only at debug: a request anyone can send must not
        // write dozens of lines, nor show a database's message to whoever sent it
        String reference = Long.toString(System.nanoTime() & 0xffffffL, 36);
        org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(AdminPages.class);
        log.error("Admin page {} failed (reference {}): {}", ExternalText.printable(Responses.requestPath(exchange)),
                reference, ExternalText.printable(error == null ? "unknown error" : error.toString()));
        log.debug("Admin page failure {}", reference, error);
        Responses.html(exchange, 500, Html.page("Error", "<div class=\"card\"><h1>Something went wrong</h1><p class=\"error\">"
                + "The page could not be served (reference " + reference + "); the service's log says why. "
                + "<a href=\"/admin\">Back</a></p></div>"));
    }

    private static String when(Instant instant) {
        return instant == null ? "" : WHEN.format(instant);
    }
}
