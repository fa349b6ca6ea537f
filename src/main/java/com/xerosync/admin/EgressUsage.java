package com.xerosync.admin;

import static com.xerosync.admin.Html.esc;

import com.xerosync.config.XeroPlan;
import com.xerosync.sync.EgressMeter;
import com.xerosync.store.StatusStore;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * This month's egress (what Xero's answers weighed, {@code xero_sync.egress_monthly}) per organisation and in total,
 * against the plan's allowance: where the month will end at this pace, and what the overage would cost. Months are
 * calendar months in UTC; a gigabyte is 10^9 bytes. Xero has not published whether it bills the compressed bytes
 * (what went over the wire) or the decoded ones, so the bill is estimated on the wire bytes and the decoded figure is
 * shown beside it.
 */
public final class EgressUsage {

    private static final double GB = 1e9;

    private final StatusStore status;
    private final XeroPlan plan;
    private final Clock clock;

    public EgressUsage(StatusStore status, XeroPlan plan, Clock clock) {
        this.status = status;
        this.plan = plan;
        this.clock = clock;
    }

    /** One organisation's month so far. */
    public record Organisation(String tenantId, String name, long wireBytes, long decodedBytes, long calls) {
    }

    /**
     * The month so far and where it is heading.
     *
     * @param elapsed the part of the month gone by, 0..1
     */
    public record Month(YearMonth month, double elapsed, List<Organisation> organisations, long wireBytes,
                        long decodedBytes, long calls, XeroPlan plan) {

        /** The month's end at the pace so far (linear in elapsed time). */
        public long projectedWireBytes() {
            return project(wireBytes);
        }

        public long projectedDecodedBytes() {
            return project(decodedBytes);
        }

        private long project(long bytes) {
            return elapsed <= 0 ? bytes : Math.round(bytes / elapsed);
        }

        /** Share of the plan's allowance used so far (0 when the plan includes egress without limit). */
        public double allowanceUsed() {
            return plan.billsEgress() ? wireBytes / (plan.includedEgressGb() * GB) : 0;
        }

        /** What the bytes above the allowance would cost, in AUD (0 within it, or when the plan bills no egress). */
        public double overageAud(long bytes) {
            if (!plan.billsEgress()) {
                return 0;
            }
            return Math.max(0, bytes / GB - plan.includedEgressGb()) * XeroPlan.OVERAGE_AUD_PER_GB;
        }
    }

    /** The current month (UTC), read from the database. */
    public Month month() throws SQLException {
        Instant now = clock.instant();
        YearMonth month = YearMonth.from(now.atZone(ZoneOffset.UTC));
        Instant start = month.atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        Instant end = month.plusMonths(1).atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        double elapsed = Duration.between(start, now).toMillis() / (double) Duration.between(start, end).toMillis();
        List<Organisation> organisations = new ArrayList<>();
        long wire = 0;
        long decoded = 0;
        long calls = 0;
        for (StatusStore.MonthlyEgress e : status.egress(month.atDay(1))) {
            Organisation o = new Organisation(e.tenantId(), e.name(), e.wireBytes(), e.decodedBytes(), e.calls());
            organisations.add(o);
            wire += o.wireBytes();
            decoded += o.decodedBytes();
            calls += o.calls();
        }
        return new Month(month, Math.min(1, Math.max(0, elapsed)), organisations, wire, decoded, calls, plan);
    }

    /** The admin page's card. */
    public String card() throws SQLException {
        Month m = month();
        StringBuilder html = new StringBuilder("<div class=\"card\" id=\"egress\"><h2>Egress this month</h2>");
        html.append("<p>").append(esc(m.month().toString())).append(" (UTC), ")
                .append(percent(m.elapsed())).append(" of the month gone · plan <b>").append(esc(m.plan().key()))
                .append("</b>: ").append(m.plan().billsEgress() ? m.plan().includedEgressGb() + " GB included, AUD "
                        + String.format(Locale.ROOT, "%.2f", XeroPlan.OVERAGE_AUD_PER_GB) + " per GB above"
                        : "egress included without limit").append("</p>");
        double used = m.allowanceUsed();
        double projectedShare = m.plan().billsEgress() ? m.projectedWireBytes() / (m.plan().includedEgressGb() * GB) : 0;
        html.append("<div id=\"egress-bar\" role=\"meter\" aria-valuemin=\"0\" aria-valuemax=\"100\" aria-valuenow=\"")
                .append(String.format(Locale.ROOT, "%.1f", used * 100)).append("\" title=\"")
                .append(m.plan().billsEgress() ? percent(used) + " of the allowance used" : "included without limit")
                .append("\" style=\"position:relative;height:18px;background:#e4e7eb;border-radius:9px;overflow:hidden;margin:8px 0\">")
                .append("<div id=\"egress-projected\" style=\"position:absolute;height:100%;background:#bae6f7;width:")
                .append(width(projectedShare)).append("\"></div><div id=\"egress-used\" style=\"position:absolute;height:100%;background:")
                .append(projectedShare > 1 ? "#d64545" : "#13b5ea").append(";width:").append(width(used)).append("\"></div></div>");
        html.append("<p id=\"egress-total\">").append(EgressMeter.bytes(m.wireBytes())).append(" received on the wire (")
                .append(EgressMeter.bytes(m.decodedBytes())).append(" decoded) in ").append(m.calls()).append(" calls");
        if (m.plan().billsEgress()) {
            html.append(", ").append(percent(used)).append(" of the allowance");
        }
        html.append(".</p><p id=\"egress-projection\">Projected month end: <b>").append(EgressMeter.bytes(m.projectedWireBytes()))
                .append("</b> (").append(EgressMeter.bytes(m.projectedDecodedBytes())).append(" decoded). ");
        if (!m.plan().billsEgress()) {
            html.append("Overage: none, egress is included without limit on the ").append(esc(m.plan().key())).append(" plan.");
        } else {
            double overage = m.overageAud(m.projectedWireBytes());
            double decodedOverage = m.overageAud(m.projectedDecodedBytes());
            html.append(overage > 0 ? "Overage it would cost: <b id=\"egress-overage\">AUD " + money(overage) + "</b>"
                    : "<span id=\"egress-overage\">Within the allowance: no overage</span>");
            html.append(" <span class=\"muted\">(if Xero counts decoded bytes: ")
                    .append(decodedOverage > 0 ? "AUD " + money(decodedOverage) : "none").append(")</span>");
        }
        html.append("</p>");
        if (m.organisations().isEmpty()) {
            html.append("<p class=\"muted\">Nothing received from Xero this month yet.</p>");
        } else {
            html.append("<table id=\"egress-organisations\"><tr><th>Organisation</th><th>On the wire</th><th>Decoded</th>"
                    + "<th>Calls</th><th>Share</th></tr>");
            for (Organisation o : m.organisations()) {
                html.append("<tr data-tenant=\"").append(esc(o.tenantId())).append("\"><td>").append(esc(o.name()))
                        .append("</td><td>").append(EgressMeter.bytes(o.wireBytes())).append("</td><td>")
                        .append(EgressMeter.bytes(o.decodedBytes())).append("</td><td>").append(o.calls()).append("</td><td>")
                        .append(m.wireBytes() == 0 ? "" : percent(o.wireBytes() / (double) m.wireBytes())).append("</td></tr>");
            }
            html.append("</table>");
        }
        return html.append("</div>").toString();
    }

    /** The status command's lines. */
    public List<String> lines() throws SQLException {
        Month m = month();
        List<String> lines = new ArrayList<>();
        lines.add(String.format(Locale.ROOT, "EGRESS %s (UTC, %s of the month gone), plan %s: %s", m.month(),
                percent(m.elapsed()), m.plan().key(), m.plan().billsEgress() ? m.plan().includedEgressGb()
                        + " GB included" : "included without limit"));
        for (Organisation o : m.organisations()) {
            lines.add(String.format(Locale.ROOT, "  %-24s %10s on the wire, %10s decoded, %6d calls", o.name(),
                    EgressMeter.bytes(o.wireBytes()), EgressMeter.bytes(o.decodedBytes()), o.calls()));
        }
        lines.add(String.format(Locale.ROOT, "  %-24s %10s on the wire, %10s decoded, %6d calls; projected month end %s%s",
                "total", EgressMeter.bytes(m.wireBytes()), EgressMeter.bytes(m.decodedBytes()), m.calls(),
                EgressMeter.bytes(m.projectedWireBytes()), !m.plan().billsEgress() ? ""
                        : m.overageAud(m.projectedWireBytes()) > 0 ? ", overage AUD " + money(m.overageAud(m.projectedWireBytes()))
                        : ", within the allowance"));
        return lines;
    }

    private static String percent(double share) {
        return String.format(Locale.ROOT, share < 0.1 ? "%.2f%%" : "%.1f%%", share * 100);
    }

    private static String width(double share) {
        return String.format(Locale.ROOT, "%.2f%%", Math.min(1, Math.max(0, share)) * 100);
    }

    private static String money(double aud) {
        return String.format(Locale.ROOT, "%,.2f", aud);
    }
}
