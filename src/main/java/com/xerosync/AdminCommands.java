package com.xerosync;

import com.xerosync.admin.ConnectionCap;
import com.xerosync.store.TenantStore;
import com.xerosync.admin.EgressUsage;
import com.xerosync.admin.Permissions;
import com.xerosync.config.ScopeSet;
import com.xerosync.config.AppPlan;
import com.xerosync.config.XeroSyncSettings;
import com.xerosync.store.Database;
import java.io.PrintStream;
import com.xerosync.store.StatusStore;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import javax.sql.DataSource;

/**
 * The admin's side for people without a browser at hand: {@code connect} prints the Xero URL to open and waits for
 * Xero to send the admin back, {@code status} shows the connections, organisations and each API's last run,
 * {@code disconnect} disconnects an organisation.
 */
final class AdminCommands {

    /** How long connect waits for the admin to allow access. */
    private static final Duration CONNECT_WAIT = Duration.ofMinutes(15);

    private AdminCommands() {
    }

    /** Starts the service with its callback page, prints Xero's authorize URL, and returns once Xero sent the admin back. */
    static int connect(XeroSyncSettings settings, PrintStream out) throws Exception {
        try (XeroSyncRuntime runtime = XeroSyncRuntime.start(settings, false)) {
            runtime.syncAfterConnect(false);
            Instant asked = Instant.now();
            String scopes = runtime.connectFlow().chosenScopes();
            out.println("Open this address in a browser, log in to Xero, pick the organisations and allow access:");
            out.println();
            out.println("  " + runtime.connectFlow().authorizeUrl(scopes));
            out.println();
            out.println("Permissions asked for: " + scopes.replace(Permissions.OFFLINE_ACCESS + " ", "") + " ("
                    + ScopeSet.ofGranted(scopes, runtime.connectFlow().chosenSet()).describe() + ")");
            out.println("Waiting for Xero to send you back to " + runtime.connectFlow().redirectUri() + " …");
            out.flush();
            for (Instant deadline = asked.plus(CONNECT_WAIT); Instant.now().isBefore(deadline); Thread.sleep(500)) {
                String refused = runtime.connectFlow().lastRefusal();
                if (refused != null) {
                    out.println("Not connected. " + refused);
                    return 1;
                }
                List<String> connected = new TenantStore(runtime.dataSource()).connectedSince(asked);
                if (!connected.isEmpty()) {
                    out.println("Connected: " + String.join(", ", connected) + ".");
                    out.println("They sync when xero-sync runs: java -jar target/xero-sync.jar (or --once).");
                    return 0;
                }
            }
            out.println("Nobody came back from Xero within " + CONNECT_WAIT.toMinutes() + " minutes; run connect again.");
            return 1;
        }
    }

    /**
     * Prints the connections, the organisations against the plan's connection cap and each API's last run per
     * organisation, from the database alone.
     */
    static int status(XeroSyncSettings settings, PrintStream out) throws SQLException {
        AppPlan plan = AppPlan.of(settings);
        try (Database database = Database.start(settings)) {
            DataSource db = database.dataSource();
            StatusStore status = new StatusStore(db);
            out.printf("%-28s %-22s %-22s%n", "CONNECTION", "STATUS", "LAST REFRESH");
            for (StatusStore.ConnectionStatus connection : status.connections()) {
                out.printf("%-28s %-22s %-22s%n", connection.connectionId(), connection.status(),
                        when(connection.refreshedAt()));
            }
            out.println();
            out.printf("%-24s %-38s %-13s %-22s %7s %7s%n", "ORGANISATION", "TENANT ID", "STATUS", "LAST SUCCESS", "APIS OK",
                    "FAILING");
            List<StatusStore.OrganisationStatus> organisations = new ArrayList<>(status.organisations());
            organisations.sort(Comparator.comparing(StatusStore.OrganisationStatus::name,
                    Comparator.nullsLast(Comparator.<String>naturalOrder())).thenComparing(StatusStore.OrganisationStatus::tenantId));
            for (StatusStore.OrganisationStatus o : organisations) {
                out.printf("%-24s %-38s %-13s %-22s %7d %7d%n", o.name(), o.tenantId(), o.overall(), when(o.lastSuccess()),
                        o.apisOk(), o.failing());
            }
            int connected = new TenantStore(db).activeTenants();
            out.println();
            out.println("Connections: " + plan.connectionsUsed(connected));
            String warning = ConnectionCap.warning(plan, connected);
            if (warning != null) {
                out.println("  " + warning);
            }
            List<String> failing = status.failingNow().stream()
                    .map(f -> f.organisation() + " · xero-" + f.api() + ": " + f.error()).toList();
            out.println();
            new EgressUsage(status, AppPlan.of(settings).plan(), java.time.Clock.systemUTC()).lines().forEach(out::println);
            if (!failing.isEmpty()) {
                out.println();
                out.println("Failing now:");
                failing.forEach(f -> out.println("  " + f));
            }
            return failing.isEmpty() ? 0 : 1;
        }
    }

    /** Disconnects the organisation named by tenant id or name; {@code --purge} also deletes its synced data. */
    static int disconnect(XeroSyncSettings settings, List<String> args, PrintStream out) throws Exception {
        boolean purge = args.remove("--purge");
        if (args.size() != 1) {
            out.println("Usage: disconnect <tenant id or organisation name> [--purge]");
            return 2;
        }
        String wanted = args.get(0);
        try (XeroSyncRuntime runtime = XeroSyncRuntime.start(settings, false)) {
            List<String> matches = new ArrayList<>();
            for (TenantStore.ActiveTenant tenant : new TenantStore(runtime.dataSource()).activeTenantList()) {
                if (tenant.tenantId().equalsIgnoreCase(wanted) || (tenant.tenantName() != null
                        && tenant.tenantName().toLowerCase(Locale.ROOT).equals(wanted.toLowerCase(Locale.ROOT)))) {
                    matches.add(tenant.tenantId());
                }
            }
            if (matches.size() != 1) {
                out.println(matches.isEmpty() ? "No connected organisation is called or has the id " + wanted + " (see status)."
                        : "Several organisations are called " + wanted + ": give the tenant id (see status).");
                return 1;
            }
            runtime.disconnect(matches.get(0), purge);
            out.println("Disconnected " + wanted + (purge ? "; its synced data is deleted." : "; its synced data is kept."));
            return 0;
        }
    }

    private static String when(Instant instant) {
        return instant == null ? "never" : instant.toString().replace('T', ' ').replaceFirst("\\.\\d+", "")
                .replace("Z", " UTC");
    }
}
