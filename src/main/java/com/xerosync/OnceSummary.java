package com.xerosync;

import java.io.PrintStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import javax.sql.DataSource;

/**
 * The table {@code --once} prints: one line per organisation and API, read back from {@code xero_sync.sync_run}. A
 * throttled run (the organisation's day of Xero calls used up) is not a failure: it stopped at its last stored page and
 * resumes by itself once the day resets, so it is reported with that time and does not make {@code --once} fail.
 */
final class OnceSummary {

    private final DataSource dataSource;
    private final OffsetDateTime since;

    private OnceSummary(DataSource dataSource, OffsetDateTime since) {
        this.dataSource = dataSource;
        this.since = since;
    }

    /** Marks the start: only runs and failures after this count. */
    static OnceSummary since(DataSource dataSource) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("SELECT now()");
             ResultSet rs = s.executeQuery()) {
            rs.next();
            return new OnceSummary(dataSource, rs.getObject(1, OffsetDateTime.class));
        }
    }

    /** Prints the table; true when no API failed for an active organisation (succeeded, skipped or throttled). */
    boolean print(PrintStream out, List<String> routeIds) throws SQLException {
        List<String[]> lines = new ArrayList<>();
        List<String> parked = new ArrayList<>();
        lines.add(new String[] {"ORGANISATION", "API", "STATUS", "RECORDS", "PAGES", "API CALLS", "SECONDS"});
        Set<String> succeeded = new HashSet<>();
        int skipped = 0;
        int throttled = 0;
        boolean ok = true;
        try (Connection c = dataSource.getConnection()) {
            try (PreparedStatement s = c.prepareStatement("SELECT coalesce(t.tenant_name, r.tenant_id), r.api, r.status, "
                    + "r.records, r.pages, r.api_calls, extract(epoch FROM coalesce(r.finished_at, now()) - r.started_at), "
                    + "r.tenant_id, r.error FROM xero_sync.sync_run r LEFT JOIN xero_sync.tenants t USING (tenant_id) "
                    + "WHERE r.started_at >= ? ORDER BY 1, 2, r.run_id")) {
                s.setObject(1, since);
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        String status = rs.getString(3);
                        lines.add(new String[] {rs.getString(1), "xero-" + rs.getString(2), status,
                                rs.getString(4), rs.getString(5), rs.getString(6),
                                String.format(Locale.ROOT, "%.1f", rs.getDouble(7))});
                        if ("success".equals(status) || "skipped".equals(status) || "throttled".equals(status)) {
                            succeeded.add(rs.getString(8) + "/" + rs.getString(2));
                            if ("skipped".equals(status)) {
                                skipped++;
                            } else if ("throttled".equals(status)) {
                                throttled++;
                            }
                        } else {
                            ok = false;
                            lines.add(new String[] {"", "  error: " + rs.getString(9), "", "", "", "", ""});
                        }
                    }
                }
            }
            List<String> tenants = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement("SELECT tenant_id FROM xero_sync.tenants WHERE status = 'active'");
                 ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    tenants.add(rs.getString(1));
                }
            }
            for (String routeId : routeIds) {
                String api = routeId.replaceFirst("^xero-", "");
                for (String tenant : tenants) {
                    if (!succeeded.contains(tenant + "/" + api)) {
                        ok = false;
                    }
                }
            }
            try (PreparedStatement s = c.prepareStatement("SELECT tenant_name, throttled_until FROM xero_sync.tenants "
                    + "WHERE status = 'active' AND throttled_until > now() ORDER BY throttled_until, tenant_name");
                 ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    parked.add(rs.getString(1) + " until " + rs.getObject(2, OffsetDateTime.class)
                            .withOffsetSameInstant(java.time.ZoneOffset.UTC).toLocalDateTime().withNano(0) + " UTC");
                }
            }
            try (PreparedStatement s = c.prepareStatement("SELECT api, message FROM xero_sync.sync_failure "
                    + "WHERE occurred_at >= ? AND run_id IS NULL ORDER BY failure_id")) {
                s.setObject(1, since);
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        ok = false;
                        lines.add(new String[] {"(all)", "xero-" + rs.getString(1), "failed", "", "", "", ""});
                        lines.add(new String[] {"", "  error: " + rs.getString(2), "", "", "", "", ""});
                    }
                }
            }
        }
        int[] widths = new int[7];
        for (String[] line : lines) {
            for (int i = 0; i < line.length; i++) {
                if (!line[i].startsWith("  error:")) {
                    widths[i] = Math.max(widths[i], line[i].length());
                }
            }
        }
        out.println();
        for (String[] line : lines) {
            if (line[1].startsWith("  error:")) {
                out.println(line[1]);
                continue;
            }
            StringBuilder text = new StringBuilder();
            for (int i = 0; i < line.length; i++) {
                String cell = line[i];
                text.append(i >= 3 ? " ".repeat(widths[i] - cell.length()) + cell : cell + " ".repeat(widths[i] - cell.length()));
                text.append("  ");
            }
            out.println(text.toString().stripTrailing());
        }
        if (skipped > 0) {
            out.println("\n" + skipped + " run(s) skipped: a Xero permission the connection was not granted, an API that "
                    + "does not exist for that organisation, or one the app's Xero plan does not serve "
                    + "(xero_sync.sync_run.error says which).");
        }
        if (throttled > 0) {
            out.println("\n" + throttled + " run(s) throttled until Xero's daily limit resets: the organisation's calls of "
                    + "the day (xero_sync.sync_run.error says how many) were used up, so each stopped at its last stored "
                    + "page and resumes by itself at the first run after the reset. Throttled: "
                    + (parked.isEmpty() ? "none any more" : String.join(", ", parked)) + ".");
        }
        out.println(!ok ? "\nSome APIs failed: see the errors above and xero_sync.sync_failure."
                : throttled > 0 ? "\nNothing failed; the throttled APIs finish after the reset (run again then)."
                : skipped > 0 ? "\nEvery granted API succeeded." : "\nEvery API succeeded.");
        return ok;
    }
}
