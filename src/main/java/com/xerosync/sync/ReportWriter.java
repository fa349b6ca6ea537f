package com.xerosync.sync;

import com.xerosync.store.Egress;
import com.fasterxml.jackson.databind.JsonNode;
import com.xerosync.store.SyncStore;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Clock;
import java.time.LocalDate;
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
 * transaction with the run's progress.
 */
public final class ReportWriter {

    private static final Logger LOG = LoggerFactory.getLogger(ReportWriter.class);

    /** How long before a report was fetched the organisation's data must have stopped changing for it to be reused. */
    private static final org.postgresql.util.PGInterval UNCHANGED_MARGIN = new org.postgresql.util.PGInterval(0, 0, 0, 0, 5, 0);

    private final SyncStore store;
    private final Clock clock;
    /** Table and column pairs read by {@link #lastChangeSql()}, found by {@link #check()}. */
    private volatile List<String[]> versionedTables = List.of();

    public ReportWriter(SyncStore store, Clock clock) {
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
        List<String> contacts = plan.contactsOf().isEmpty() ? List.of() : openBalanceContacts(run.tenantId(), plan.contactsOf());
        List<SyncRun.Call> calls = new ArrayList<>(plan.calls(LocalDate.now(clock.withZone(ZoneOffset.UTC)), contacts));
        int planned = calls.size();
        Set<String> unchanged = unchangedVariants(run);
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

    /**
     * The report's variants (parameters) fetched when the organisation's data had not changed for a while, and not
     * changed since: Xero would answer them the same again, so they are not fetched again. Whether the data changed
     * is read from the synced tables (the latest UpdatedDateUTC of any record, the latest journal), so a change the
     * data sync has not fetched yet is seen at the report's next run after it. The margin covers the difference
     * between Xero's clock and this database's, and Xero taking a moment to reflect a change in its reports. A variant
     * names its date, so a new day's reports (an aged report as at today) are always fetched.
     */
    private Set<String> unchangedVariants(SyncRun run) throws SQLException {
        Set<String> unchanged = new java.util.HashSet<>();
        if (versionedTables.isEmpty()) {
            return unchanged;
        }
        try (Connection c = store.dataSource().getConnection();
             PreparedStatement s = c.prepareStatement("SELECT variant FROM xero.report_runs WHERE tenant_id = ? "
                     + "AND report = ? AND fetched_at - ? > (" + lastChangeSql() + ")")) {
            s.setString(1, run.tenantId());
            s.setString(2, run.api().name());
            s.setObject(3, UNCHANGED_MARGIN);
            for (int i = 0; i < versionedTables.size(); i++) {
                s.setString(4 + i, run.tenantId());
            }
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    unchanged.add(rs.getString(1));
                }
            }
        }
        return unchanged;
    }

    /** The newest change of the organisation's data in every synced table that versions its records. */
    private String lastChangeSql() {
        StringBuilder sql = new StringBuilder("SELECT max(changed) FROM (");
        for (int i = 0; i < versionedTables.size(); i++) {
            String[] tableColumn = versionedTables.get(i);
            sql.append(i == 0 ? "" : " UNION ALL ").append("SELECT max(").append(tableColumn[1]).append(") AS changed FROM xero.")
                    .append(tableColumn[0]).append(" WHERE tenant_id = ?");
        }
        return sql.append(") changes").toString();
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
            // the list of published reports: each is fetched by its ReportID next, unless stored as it is listed
            Map<String, java.time.OffsetDateTime> stored = storedVersions(run);
            List<String> ids = new ArrayList<>();
            int unchanged = 0;
            for (JsonNode r : reports) {
                if (!r.hasNonNull("ReportID")) {
                    continue;
                }
                String id = r.get("ReportID").asText();
                java.time.OffsetDateTime listed = r.hasNonNull("UpdatedDateUTC")
                        ? XeroDates.parse(r.get("UpdatedDateUTC").asText()) : null;
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
            return;
        }
        String variant = variant(call);
        Map<String, String> parameters = parameters(call.query());
        int cells = 0;
        run.callStored(reports.size());
        Egress egressAdded = run.egressToRecord();
        try (Connection c = store.dataSource().getConnection()) {
            c.setAutoCommit(false);
            try {
                for (JsonNode report : reports) {
                    cells += store(c, run, variant, parameters, report);
                }
                store.progress(c, run.runId(), run.tenantId(), run.records(), run.pages(), run.egress(), egressAdded);
                c.commit();
                run.egressRecorded(egressAdded);
            } catch (SQLException | RuntimeException e) {
                SyncStore.rollback(c, e);
                throw e;
            }
        }
        LOG.info("{} · {} stored: {} cells", run, variant.isEmpty() ? "report" : variant, cells);
    }

    private int store(Connection c, SyncRun run, String variant, Map<String, String> parameters, JsonNode report)
            throws SQLException {
        String api = run.api().name();
        try (PreparedStatement s = c.prepareStatement("INSERT INTO xero.report_runs (tenant_id, report, variant, "
                + "report_id, report_name, report_type, report_titles, report_date, period_start, period_end, basis, "
                + "contact_id, updated_date_utc, raw, fetched_at) VALUES (?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?, ?, ?, ?, ?::jsonb, now()) "
                + "ON CONFLICT (tenant_id, report, variant) DO UPDATE SET report_id = EXCLUDED.report_id, "
                + "report_name = EXCLUDED.report_name, report_type = EXCLUDED.report_type, "
                + "report_titles = EXCLUDED.report_titles, report_date = EXCLUDED.report_date, "
                + "period_start = EXCLUDED.period_start, period_end = EXCLUDED.period_end, basis = EXCLUDED.basis, "
                + "contact_id = EXCLUDED.contact_id, updated_date_utc = EXCLUDED.updated_date_utc, raw = EXCLUDED.raw, "
                + "fetched_at = now()")) {
            s.setString(1, run.tenantId());
            s.setString(2, api);
            s.setString(3, variant);
            s.setString(4, text(report, "ReportID"));
            s.setString(5, text(report, "ReportName"));
            s.setString(6, text(report, "ReportType"));
            s.setString(7, report.has("ReportTitles") ? report.get("ReportTitles").toString() : null);
            s.setString(8, text(report, "ReportDate"));
            LocalDate start = date(parameters.get("fromDate"));
            LocalDate end = date(parameters.getOrDefault("toDate", parameters.get("date")));
            s.setObject(9, start);
            s.setObject(10, end);
            s.setString(11, "true".equals(parameters.get("paymentsOnly")) ? "cash" : "accrual");
            s.setString(12, parameters.get("contactId"));
            s.setObject(13, report.hasNonNull("UpdatedDateUTC") ? XeroDates.parse(report.get("UpdatedDateUTC").asText()) : null,
                    Types.TIMESTAMP_WITH_TIMEZONE);
            s.setString(14, report.toString());
            s.executeUpdate();
        }
        try (PreparedStatement delete = c.prepareStatement(
                "DELETE FROM xero.report_rows WHERE tenant_id = ? AND report = ? AND variant = ?")) {
            delete.setString(1, run.tenantId());
            delete.setString(2, api);
            delete.setString(3, variant);
            delete.executeUpdate();
        }
        List<ReportRows.Cell> cells = ReportRows.flatten(report);
        try (PreparedStatement insert = c.prepareStatement("INSERT INTO xero.report_rows (tenant_id, report, variant, "
                + "row_number, column_number, section, row_type, row_label, column_header, value_text, value, account_id, "
                + "attributes) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb)")) {
            for (ReportRows.Cell cell : cells) {
                insert.setString(1, run.tenantId());
                insert.setString(2, api);
                insert.setString(3, variant);
                insert.setInt(4, cell.rowNumber());
                insert.setInt(5, cell.columnNumber());
                insert.setString(6, cell.section());
                insert.setString(7, cell.rowType());
                insert.setString(8, cell.rowLabel());
                insert.setString(9, cell.columnHeader());
                insert.setString(10, cell.valueText());
                insert.setBigDecimal(11, cell.value());
                insert.setString(12, cell.accountId());
                insert.setString(13, cell.attributes());
                insert.addBatch();
            }
            if (!cells.isEmpty()) {
                insert.executeBatch();
            }
        }
        return cells.size();
    }

    /** The stored reports of a run's API fetched by id, with the UpdatedDateUTC Xero gave them. */
    private Map<String, java.time.OffsetDateTime> storedVersions(SyncRun run) throws SQLException {
        Map<String, java.time.OffsetDateTime> stored = new java.util.HashMap<>();
        try (Connection c = store.dataSource().getConnection();
             PreparedStatement s = c.prepareStatement("SELECT report_id, updated_date_utc FROM xero.report_runs "
                     + "WHERE tenant_id = ? AND report = ? AND report_id IS NOT NULL AND variant = report_id")) {
            s.setString(1, run.tenantId());
            s.setString(2, run.api().name());
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    stored.put(rs.getString(1), rs.getObject(2, java.time.OffsetDateTime.class));
                }
            }
        }
        return stored;
    }

    /** Contacts with an open balance on invoices of a type (ACCREC: receivables, ACCPAY: payables). */
    private List<String> openBalanceContacts(String tenantId, String type) throws SQLException {
        List<String> contacts = new ArrayList<>();
        try (Connection c = store.dataSource().getConnection();
             PreparedStatement s = c.prepareStatement("SELECT DISTINCT contact_id FROM xero.invoices WHERE tenant_id = ? "
                     + "AND type = ? AND status IN ('AUTHORISED', 'SUBMITTED') AND amount_due <> 0 AND contact_id IS NOT NULL "
                     + "ORDER BY contact_id")) {
            s.setString(1, tenantId);
            s.setString(2, type);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    contacts.add(rs.getString(1));
                }
            }
        }
        return contacts;
    }

    /**
     * Checks at start-up that the report tables exist, and finds the tables whose records tell when the organisation's
     * data changed: every table of schema xero with {@code updated_date_utc} (the reports' own aside), and the journals
     * by {@code created_date_utc} (every posting adds one).
     */
    public void check() throws SQLException {
        try (Connection c = store.dataSource().getConnection();
             PreparedStatement s = c.prepareStatement("SELECT 1 FROM xero.report_runs r JOIN xero.report_rows w "
                     + "USING (tenant_id, report, variant) LIMIT 0")) {
            s.executeQuery().close();
        }
        List<String[]> tables = new ArrayList<>();
        try (Connection c = store.dataSource().getConnection();
             PreparedStatement s = c.prepareStatement("SELECT c.table_name, c.column_name FROM information_schema.columns c "
                     + "JOIN information_schema.columns t ON t.table_schema = c.table_schema AND t.table_name = c.table_name "
                     + "AND t.column_name = 'tenant_id' JOIN information_schema.tables b ON b.table_schema = c.table_schema "
                     + "AND b.table_name = c.table_name AND b.table_type = 'BASE TABLE' WHERE c.table_schema = 'xero' "
                     + "AND (c.column_name = 'updated_date_utc' OR (c.table_name = 'journals' AND c.column_name = "
                     + "'created_date_utc')) AND c.table_name NOT LIKE 'report%' ORDER BY 1");
             ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                tables.add(new String[] {rs.getString(1), rs.getString(2)});
            }
        }
        if (tables.isEmpty()) {
            throw new IllegalStateException("no table of schema xero versions its records with updated_date_utc");
        }
        versionedTables = List.copyOf(tables);
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
