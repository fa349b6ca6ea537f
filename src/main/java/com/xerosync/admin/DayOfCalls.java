package com.xerosync.admin;

import static com.xerosync.admin.Html.esc;

import com.xerosync.store.StatusStore;
import com.xerosync.store.StatusStore.ApiCalls;
import com.xerosync.store.StatusStore.Backfill;
import com.xerosync.store.StatusStore.CallsInHour;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * The Detail page's day of calls for one organisation: its calls of the last 24 hours through the day against its
 * day limit, stacked by priority (a chart drawn as inline SVG, no script), what remains (as Xero last said, or as
 * counted), the calls per API, and when each backfill should finish at the pace the day budget leaves it.
 */
public final class DayOfCalls {

    /** The priorities as the runs record them, highest first, with the colour each is drawn in. */
    static final List<String> PRIORITIES = List.of("transactions", "settings", "reports", "backfill");
    private static final List<String> COLOURS = List.of("#2b6cb0", "#38a169", "#d69e2e", "#a0aec0");
    private static final DateTimeFormatter HOUR = DateTimeFormatter.ofPattern("HH:mm").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(ZoneOffset.UTC);
    private static final int HOURS = 24;
    private static final int WIDTH = 720;
    private static final int HEIGHT = 180;

    private final StatusStore status;
    private final int dayLimit;
    private final Function<String, Integer> remainingAtXero;

    /**
     * @param dayLimit        each organisation's calls a day (the plan's day limit)
     * @param remainingAtXero what Xero last said is left of an organisation's day (X-DayLimit-Remaining), or null
     */
    public DayOfCalls(StatusStore status, int dayLimit, Function<String, Integer> remainingAtXero) {
        this.status = status;
        this.dayLimit = dayLimit;
        this.remainingAtXero = remainingAtXero;
    }

    /** The card, as HTML. */
    String card(String tenantId, Instant now) throws SQLException {
        List<CallsInHour> hours = status.callsByHour(tenantId);
        List<ApiCalls> apis = status.callsToday(tenantId);
        List<Backfill> backfills = status.backfills(tenantId);
        long spent = hours.stream().mapToLong(CallsInHour::calls).sum();
        Integer atXero = remainingAtXero.apply(tenantId);
        long remaining = atXero != null ? atXero : Math.max(0, dayLimit - spent);
        StringBuilder html = new StringBuilder("<div class=\"card\"><h2>Calls in the last 24 hours</h2>")
                .append("<p id=\"day-remaining\" data-spent=\"").append(spent).append("\" data-remaining=\"")
                .append(remaining).append("\">").append(String.format(Locale.ROOT, "%,d", spent)).append(" of ")
                .append(String.format(Locale.ROOT, "%,d", dayLimit)).append(" calls spent; ")
                .append(String.format(Locale.ROOT, "%,d", remaining)).append(" remain")
                .append(atXero != null ? " (as Xero last said)" : "").append(".</p>");
        chart(html, hours, now);
        html.append("<table id=\"calls-today\"><tr><th>API</th><th>Priority</th><th>Calls</th></tr>");
        for (ApiCalls api : apis) {
            html.append("<tr data-api=\"xero-").append(esc(api.api())).append("\"><td>xero-").append(esc(api.api()))
                    .append("</td><td>").append(esc(api.priority())).append("</td><td>").append(api.calls())
                    .append("</td></tr>");
        }
        html.append("</table>");
        backfills(html, backfills, now);
        return html.append("</div>").toString();
    }

    /**
     * The day as stacked columns: for each of the last 24 hours, the calls made up to its end, by priority, under a
     * line at the day limit.
     */
    private void chart(StringBuilder html, List<CallsInHour> hours, Instant now) {
        Instant first = now.truncatedTo(ChronoUnit.HOURS).minus(Duration.ofHours(HOURS - 1));
        long[][] cumulative = new long[PRIORITIES.size()][HOURS];
        for (CallsInHour hour : hours) {
            int index = (int) Duration.between(first, hour.hour()).toHours();
            int priority = PRIORITIES.indexOf(hour.priority());
            if (index >= 0 && index < HOURS && priority >= 0) {
                cumulative[priority][index] += hour.calls();
            }
        }
        long top = dayLimit;
        for (long[] row : cumulative) {
            for (int i = 1; i < HOURS; i++) {
                row[i] += row[i - 1];
            }
        }
        for (int i = 0; i < HOURS; i++) {
            long total = 0;
            for (long[] row : cumulative) {
                total += row[i];
            }
            top = Math.max(top, total);
        }
        double column = WIDTH / (double) HOURS;
        html.append("<svg id=\"day-chart\" role=\"img\" viewBox=\"0 0 ").append(WIDTH).append(' ').append(HEIGHT + 20)
                .append("\" width=\"100%\" aria-label=\"Calls through the last 24 hours against the day limit of ")
                .append(dayLimit).append(", by priority\">");
        for (int i = 0; i < HOURS; i++) {
            double base = HEIGHT;
            for (int p = 0; p < PRIORITIES.size(); p++) {
                long calls = cumulative[p][i];
                if (calls == 0) {
                    continue;
                }
                double height = HEIGHT * calls / (double) top;
                base -= height;
                html.append(String.format(Locale.ROOT, "<rect class=\"calls %s\" data-hour=\"%s\" data-calls=\"%d\" "
                                + "x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\"><title>%s: %d %s calls "
                                + "by the end of this hour</title></rect>", PRIORITIES.get(p), HOUR.format(first.plus(Duration.ofHours(i))),
                        calls, i * column + 1, base, column - 2, height, COLOURS.get(p),
                        HOUR.format(first.plus(Duration.ofHours(i))), calls, PRIORITIES.get(p)));
            }
            if (i % 4 == 0) {
                html.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" font-size=\"11\">%s</text>",
                        i * column + 1, HEIGHT + 15, HOUR.format(first.plus(Duration.ofHours(i)))));
            }
        }
        double limitY = HEIGHT - HEIGHT * dayLimit / (double) top;
        html.append(String.format(Locale.ROOT, "<line id=\"day-limit\" data-limit=\"%d\" x1=\"0\" x2=\"%d\" y1=\"%.1f\" "
                + "y2=\"%.1f\" stroke=\"#c53030\" stroke-dasharray=\"4 3\"><title>day limit: %d calls</title></line>",
                dayLimit, WIDTH, limitY, limitY, dayLimit));
        html.append(String.format(Locale.ROOT, "<text x=\"4\" y=\"%.1f\" font-size=\"11\" fill=\"#c53030\">%,d a day</text>",
                Math.max(11, limitY - 3), dayLimit));
        html.append("</svg><p class=\"muted\">");
        for (int p = 0; p < PRIORITIES.size(); p++) {
            html.append("<span style=\"color:").append(COLOURS.get(p)).append("\">&#9632;</span> ")
                    .append(PRIORITIES.get(p)).append(" &nbsp; ");
        }
        html.append("<span style=\"color:#c53030\">- - -</span> the day limit (UTC hours)</p>");
    }

    /**
     * Each backfill: what it stored so far and, while it goes on, when it should finish: the records Xero said are left,
     * at the records a call brought so far and the calls the budget let it have in the last 24 hours.
     */
    private static void backfills(StringBuilder html, List<Backfill> backfills, Instant now) {
        if (backfills.isEmpty()) {
            return;
        }
        html.append("<h3>Backfills</h3><table id=\"backfills\"><tr><th>API</th><th>Records so far</th><th>Of</th>"
                + "<th>Calls in the last 24 hours</th><th>Finishes</th></tr>");
        for (Backfill backfill : backfills) {
            html.append("<tr data-api=\"xero-").append(esc(backfill.api())).append("\"><td>xero-").append(esc(backfill.api()))
                    .append("</td><td>").append(backfill.records()).append("</td><td>")
                    .append(backfill.expected() == null ? "not said" : backfill.expected().toString()).append("</td><td>")
                    .append(backfill.callsToday()).append("</td><td class=\"finishes\">").append(esc(finishes(backfill, now)))
                    .append("</td></tr>");
        }
        html.append("</table>");
    }

    static String finishes(Backfill backfill, Instant now) {
        if (backfill.done()) {
            return "done";
        }
        if (backfill.expected() == null || backfill.records() == 0 || backfill.calls() == 0) {
            return "not known yet (Xero does not say how many records are left)";
        }
        long left = Math.max(0, backfill.expected() - backfill.records());
        double callsLeft = left / (backfill.records() / (double) backfill.calls());
        if (backfill.callsToday() == 0) {
            return "waiting for room in the day";
        }
        long days = (long) Math.ceil(callsLeft / backfill.callsToday());
        return days <= 1 ? "within a day" : "in about " + days + " days (" + DAY.format(now.plus(Duration.ofDays(days))) + ")";
    }
}
