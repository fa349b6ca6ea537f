package com.xerosync;

import com.xerosync.config.XeroSyncSettings;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.HashMap;
import java.util.Map;
import java.util.TimeZone;
import org.quartz.CronExpression;

/**
 * The steady-state phase of {@code bench --organisations}: after the first sync, the service runs on its own schedules
 * for a while, the sandbox changing records as an organisation's users would, and the phase tells whether the
 * schedules were kept: the share of runs (one API for one organisation) that began more than a minute after their
 * schedule fired, the 429s, the runs the day limit or the day budget stopped, and the heap at its peak.
 */
final class SteadyState {

    /** A run began within this of its schedule's firing, or it was late. */
    private static final Duration ON_TIME = Duration.ofMinutes(1);

    private SteadyState() {
    }

    /**
     * Runs the service scheduled for {@code minutes} on the database and sandbox of {@code settings} (the first sync
     * done), then prints and records the figures.
     */
    static void measure(XeroSyncSettings settings, int minutes, PrintStream out, Map<String, Object> figures)
            throws Exception {
        out.printf("steady state: the schedules for %d min, the sandbox changing 5 records of each organisation "
                + "every minute …%n", minutes);
        Map<String, String> activity = new HashMap<>();
        activity.put("sandbox.activity-interval", "PT60S");
        activity.put("sandbox.activity-changes", "5");
        XeroSyncSettings scheduled = settings.with(activity);
        long heapPeak = 0;
        try (XeroSyncRuntime runtime = XeroSyncRuntime.start(scheduled, true)) {
            Instant from = Instant.now();
            Instant until = from.plus(Duration.ofMinutes(minutes));
            while (Instant.now().isBefore(until)) {
                heapPeak = Math.max(heapPeak, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
                Thread.sleep(Math.min(1_000, Math.max(1, Duration.between(Instant.now(), until).toMillis())));
            }
            long rateLimited = runtime.sandbox().sandbox().rateLimitedCalls();
            Lateness lateness = lateness(runtime, scheduled, from);
            out.printf("  runs         %,d begun on schedule, %,d of them more than a minute late (%.3f)%n",
                    lateness.runs(), lateness.late(), lateness.share());
            out.printf("  429s         %,d (the target is none)%n", rateLimited);
            out.printf("  day limit    %,d runs parked or deferred by the day budget%n", lateness.throttled());
            out.printf("  heap         %,d MB at its peak%n", heapPeak >> 20);
            figures.put("steady_minutes", minutes);
            figures.put("steady_runs", lateness.runs());
            figures.put("late_runs", lateness.late());
            figures.put("late_runs_share", lateness.share());
            figures.put("steady_rate_limited", rateLimited);
            figures.put("day_limit_parks", lateness.throttled());
            figures.put("heap_peak_mb", heapPeak >> 20);
        }
    }

    /** Of the runs begun since {@code from}: how many, how many late, how many throttled. */
    private record Lateness(long runs, long late, long throttled) {
        double share() {
            return runs == 0 ? 0 : late / (double) runs;
        }
    }

    /**
     * Each run begun since {@code from} against the last firing of its API's cron at or before its start (after
     * {@code from}; a run with none is not one the schedules began, and does not count).
     */
    private static Lateness lateness(XeroSyncRuntime runtime, XeroSyncSettings settings, Instant from)
            throws SQLException, ParseException {
        Map<String, CronExpression> crons = new HashMap<>();
        long runs = 0;
        long late = 0;
        long throttled = 0;
        try (Connection c = runtime.dataSource().getConnection();
             PreparedStatement s = c.prepareStatement("SELECT api, started_at, status FROM xero_sync.sync_run "
                     + "WHERE started_at >= ?")) {
            s.setTimestamp(1, Timestamp.from(from));
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    String api = rs.getString(1);
                    Instant started = rs.getTimestamp(2).toInstant();
                    CronExpression cron = crons.get(api);
                    if (cron == null) {
                        cron = new CronExpression(settings.get("sync." + api + ".cron", "0 0 0 1 1 ? 2099"));
                        cron.setTimeZone(TimeZone.getTimeZone("UTC"));
                        crons.put(api, cron);
                    }
                    Instant fired = lastFiring(cron, from, started);
                    if (fired == null) {
                        continue;
                    }
                    runs++;
                    if (Duration.between(fired, started).compareTo(ON_TIME) > 0) {
                        late++;
                    }
                    if ("throttled".equals(rs.getString(3))) {
                        throttled++;
                    }
                }
            }
        }
        return new Lateness(runs, late, throttled);
    }

    /** The last time the cron fired in [from, at], or null. */
    private static Instant lastFiring(CronExpression cron, Instant from, Instant at) {
        Instant last = null;
        for (Date next = cron.getNextValidTimeAfter(Date.from(from.minusMillis(1)));
             next != null && !next.toInstant().isAfter(at); next = cron.getNextValidTimeAfter(next)) {
            last = next.toInstant();
        }
        return last;
    }
}
