package com.xerosync;

import com.xerosync.store.TenantStore;
import com.xerosync.store.StatusStore;
import java.io.PrintStream;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneOffset;
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

    private final StatusStore status;
    private final TenantStore tenants;
    private final Instant since;

    private OnceSummary(StatusStore status, TenantStore tenants, Instant since) {
        this.status = status;
        this.tenants = tenants;
        this.since = since;
    }

    /** Marks the start, by the database's clock: only runs and failures after this count. */
    static OnceSummary since(DataSource dataSource) throws SQLException {
        StatusStore status = new StatusStore(dataSource);
        return new OnceSummary(status, new TenantStore(dataSource), status.now());
    }

    /** Prints the table; true when no API failed for an active organisation (succeeded, skipped or throttled). */
    boolean print(PrintStream out, List<String> routeIds) throws SQLException {
        List<String[]> lines = new ArrayList<>();
        lines.add(new String[] {"ORGANISATION", "API", "STATUS", "RECORDS", "PAGES", "API CALLS", "SECONDS"});
        Set<String> succeeded = new HashSet<>();
        int skipped = 0;
        int throttled = 0;
        boolean ok = true;
        for (StatusStore.Run run : status.runsSince(since)) {
            lines.add(new String[] {run.organisation(), "xero-" + run.api(), run.status(), Long.toString(run.records()),
                    Long.toString(run.pages()), Long.toString(run.apiCalls()),
                    String.format(Locale.ROOT, "%.1f", run.seconds())});
            if ("success".equals(run.status()) || "skipped".equals(run.status()) || "throttled".equals(run.status())) {
                succeeded.add(run.tenantId() + "/" + run.api());
                if ("skipped".equals(run.status())) {
                    skipped++;
                } else if ("throttled".equals(run.status())) {
                    throttled++;
                }
            } else {
                ok = false;
                lines.add(new String[] {"", "  error: " + run.error(), "", "", "", "", ""});
            }
        }
        List<String> connected = tenants.activeTenantIds();
        for (String routeId : routeIds) {
            String api = routeId.replaceFirst("^xero-", "");
            for (String tenant : connected) {
                if (!succeeded.contains(tenant + "/" + api)) {
                    ok = false;
                }
            }
        }
        List<String> parked = new ArrayList<>();
        for (StatusStore.Parked organisation : status.parked()) {
            parked.add(organisation.name() + " until " + organisation.until().atOffset(ZoneOffset.UTC).toLocalDateTime()
                    .withNano(0) + " UTC");
        }
        for (StatusStore.RunlessFailure failure : status.runlessFailuresSince(since)) {
            ok = false;
            lines.add(new String[] {"(all)", "xero-" + failure.api(), "failed", "", "", "", ""});
            lines.add(new String[] {"", "  error: " + failure.message(), "", "", "", "", ""});
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
