package com.xerosync.sync;

import com.fasterxml.jackson.databind.JsonNode;
import com.xerosync.store.Egress;
import com.xerosync.store.ReportStore;
import com.xerosync.store.ReportStore.StoredReport;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Clock;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Plans and stores the runs of Xero reports: each answer becomes one row of {@code xero.report_runs} (its parameters,
 * period and basis, and the raw JSON) and its cells long rows of {@code xero.report_rows}, replaced together in one
 * transaction with the run's progress. The SQL is {@link ReportStore}'s; this decides what to fetch and what an answer
 * means.
 */
public final class ReportWriter {

    private static final Logger LOG = LoggerFactory.getLogger(ReportWriter.class);

    private final ReportStore store;
    private final Clock clock;

    public ReportWriter(ReportStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /** Camel step after the run began: queues the report's calls for this run. */
    public void plan(Exchange exchange) throws SQLException {
        SyncRun run = exchange.getProperty(SyncRun.PROPERTY, SyncRun.class);
        ReportPlan plan = run.api().report();
        if (run.skipped() != null || plan == null) {
            // published reports (BAS, GST) are listed first, then fetched by id
            return;
        }
        List<String> contacts = plan.contactsOf().isEmpty() ? List.of()
                : store.openBalanceContacts(run.tenantId(), plan.contactsOf());
        List<SyncRun.Call> calls = new ArrayList<>(plan.calls(LocalDate.now(clock.withZone(ZoneOffset.UTC)), contacts));
        int planned = calls.size();
        // fetched when the organisation's data had stopped changing, and unchanged since: Xero would answer the same.
        // A variant names its date, so a new day's reports (an aged report as at today) are always fetched.
        Set<String> unchanged = store.unchangedVariants(run.tenantId(), run.api().name());
        calls.removeIf(call -> unchanged.contains(variant(call)));
        run.queue(calls);
        run.listingDone();
        if (calls.size() < planned) {
            LOG.info("{} · {} report call(s) planned, {} more skipped: fetched since the organisation's data last "
                    + "changed", run, calls.size(), planned - calls.size());
        } else {
            LOG.info("{} · {} report call(s) planned", run, calls.size());
        }
    }

    private static String variant(SyncRun.Call call) {
        return call.path().isEmpty() ? call.query() : call.path().substring(1);
    }

    /** Camel step: the body is Xero's answer to a report call (or to the listing of published reports). */
    public void write(Exchange exchange) throws SQLException {
        SyncRun run = exchange.getProperty(SyncRun.PROPERTY, SyncRun.class);
        Message message = exchange.getMessage();
        int status = message.getHeader(Exchange.HTTP_RESPONSE_CODE, 0, Integer.class);
        byte[] body = message.getBody(byte[].class);
        SyncRun.Call call = run.call();
        String what = run.api().endpoint() + (call == null ? "" : call.path() + "?" + call.query()) + " of " + run;
        if (status != 200) {
            throw XeroApiException.of(status, body == null ? "" : new String(body, StandardCharsets.UTF_8), what);
        }
        JsonNode reports = PageWriter.parse(run.api(), body, message.getHeader(Exchange.CONTENT_TYPE, String.class), what)
                .get("Reports");
        message.setBody(null);
        if (call == null) {
            queuePublished(run, reports);
            return;
        }
        String variant = variant(call);
        Map<String, String> parameters = parameters(call.query());
        List<StoredReport> answers = new ArrayList<>();
        for (JsonNode report : reports) {
            answers.add(stored(run.api().name(), variant, parameters, report));
        }
        run.callStored(reports.size());
        Egress egressAdded = run.egressToRecord();
        store.save(run.tenantId(), answers, run.runId(), run.records(), run.pages(), run.egress(), egressAdded);
        run.egressRecorded(egressAdded);
        LOG.info("{} · {} stored: {} cells", run, variant.isEmpty() ? "report" : variant,
                answers.stream().mapToInt(a -> a.cells().size()).sum());
    }

    /** The list of published reports: each is fetched by its ReportID next, unless stored as it is listed. */
    private void queuePublished(SyncRun run, JsonNode reports) throws SQLException {
        Map<String, OffsetDateTime> stored = store.storedVersions(run.tenantId(), run.api().name());
        List<String> ids = new ArrayList<>();
        int unchanged = 0;
        for (JsonNode r : reports) {
            if (!r.hasNonNull("ReportID")) {
                continue;
            }
            String id = r.get("ReportID").asText();
            OffsetDateTime listed = r.hasNonNull("UpdatedDateUTC") ? XeroDates.parse(r.get("UpdatedDateUTC").asText()) : null;
            if (listed != null && stored.get(id) != null && !stored.get(id).isBefore(listed)) {
                unchanged++;
            } else {
                ids.add(id);
            }
        }
        run.queueDetails(ids);
        run.pageStored(new SyncRun.Page(ids.size(), 0, null, Set.of(), null, null));
        if (unchanged > 0) {
            LOG.info("{} · {} published report(s) to fetch, {} stored as listed", run, ids.size(), unchanged);
        }
    }

    /** One answer as report_runs stores it: the call's period, basis and contact, the report's own fields, its cells. */
    private static StoredReport stored(String api, String variant, Map<String, String> parameters, JsonNode report) {
        return new StoredReport(api, variant, text(report, "ReportID"), text(report, "ReportName"),
                text(report, "ReportType"), report.has("ReportTitles") ? report.get("ReportTitles").toString() : null,
                text(report, "ReportDate"), date(parameters.get("fromDate")),
                date(parameters.getOrDefault("toDate", parameters.get("date"))),
                "true".equals(parameters.get("paymentsOnly")) ? "cash" : "accrual", parameters.get("contactId"),
                report.hasNonNull("UpdatedDateUTC") ? XeroDates.parse(report.get("UpdatedDateUTC").asText()) : null,
                report.toString(), ReportRows.flatten(report));
    }

    /** Checks at start-up that the report tables exist (and which tables tell when the organisation's data changed). */
    public void check() throws SQLException {
        store.check();
    }

    private static Map<String, String> parameters(String query) {
        Map<String, String> parameters = new LinkedHashMap<>();
        for (String pair : query.split("&")) {
            String[] kv = pair.split("=", 2);
            if (kv.length == 2) {
                parameters.put(kv[0], kv[1]);
            }
        }
        return parameters;
    }

    private static LocalDate date(String text) {
        return text == null ? null : LocalDate.parse(text);
    }

    private static String text(JsonNode node, String field) {
        return node.hasNonNull(field) ? node.get(field).asText() : null;
    }
}
