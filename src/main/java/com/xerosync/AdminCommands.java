package com.xerosync;

import com.xerosync.admin.ConnectionCap;
import com.xerosync.store.ConnectionStore;
import com.xerosync.admin.EgressUsage;
import com.xerosync.admin.Permissions;
import com.xerosync.config.ScopeSet;
import com.xerosync.config.AppPlan;
import com.xerosync.config.XeroSyncSettings;
import com.xerosync.store.Database;
import java.io.PrintStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
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
                List<String> connected = organisations(runtime.dataSource(), "t.status = 'active' AND c.status = 'active' "
                        + "AND t.updated_at >= ?", Timestamp.from(asked));
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
            out.printf("%-28s %-22s %-22s%n", "CONNECTION", "STATUS", "LAST REFRESH");
            query(db, "SELECT connection_id, status, refreshed_at FROM xero_sync.connections ORDER BY connection_id",
                    rs -> out.printf("%-28s %-22s %-22s%n", rs.getString(1), rs.getString(2), when(rs.getTimestamp(3))));
            out.println();
            out.printf("%-24s %-38s %-13s %-22s %7s %7s%n", "ORGANISATION", "TENANT ID", "STATUS", "LAST SUCCESS", "APIS OK",
                    "FAILING");
            query(db, "SELECT tenant_name, tenant_id, status, last_success, apis_ok, apis_failing "
                    + "FROM xero_sync.organisation_status ORDER BY 1, 2",
                    rs -> out.printf("%-24s %-38s %-13s %-22s %7d %7d%n", rs.getString(1), rs.getString(2), rs.getString(3),
                            when(rs.getTimestamp(4)), rs.getLong(5), rs.getLong(6)));
            int connected = new ConnectionStore(db).activeTenants();
            out.println();
            out.println("Connections: " + plan.connectionsUsed(connected));
            String warning = ConnectionCap.warning(plan, connected);
            if (warning != null) {
                out.println("  " + warning);
            }
            List<String> failing = new ArrayList<>();
            query(db, "SELECT t.tenant_name, 'xero-' || r.api, r.error FROM xero_sync.latest_runs r "
                    + "JOIN xero_sync.tenants t USING (tenant_id) WHERE r.status = 'failed' ORDER BY 1, 2",
                    rs -> failing.add(rs.getString(1) + " · " + rs.getString(2) + ": " + rs.getString(3)));
            out.println();
            new EgressUsage(db, AppPlan.of(settings).plan(), java.time.Clock.systemUTC()).lines().forEach(out::println);
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
            query(runtime.dataSource(), "SELECT tenant_id, tenant_name FROM xero_sync.tenants WHERE status = 'active'", rs -> {
                if (rs.getString(1).equalsIgnoreCase(wanted)
                        || (rs.getString(2) != null && rs.getString(2).toLowerCase(Locale.ROOT).equals(wanted.toLowerCase(Locale.ROOT)))) {
                    matches.add(rs.getString(1));
                }
            });
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

    private interface Row {
        void read(ResultSet rs) throws SQLException;
    }

    private static void query(DataSource db, String sql, Row row, Object... parameters) throws SQLException {
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                s.setObject(i + 1, parameters[i]);
            }
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    row.read(rs);
                }
            }
        }
    }

    private static List<String> organisations(DataSource db, String where, Object... parameters) throws SQLException {
        List<String> names = new ArrayList<>();
        query(db, "SELECT t.tenant_name FROM xero_sync.tenants t JOIN xero_sync.connections c USING (connection_id) WHERE "
                + where + " ORDER BY 1", rs -> names.add(rs.getString(1)), parameters);
        return names;
    }

    private static String when(Timestamp timestamp) {
        return timestamp == null ? "never" : timestamp.toInstant().toString().replace('T', ' ').replaceFirst("\\.\\d+", "")
                .replace("Z", " UTC");
    }
}
