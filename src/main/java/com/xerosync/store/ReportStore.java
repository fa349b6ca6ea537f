package com.xerosync.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.postgresql.util.PGInterval;

/**
 * The reports' tables: {@code xero.report_runs} (one row per answer: its parameters, period and basis, and the raw
 * JSON) and {@code xero.report_rows} (its cells as long rows), and what the report sync reads before it calls Xero.
 */
public final class ReportStore {

    /** How long before a report was fetched the organisation's data must have stopped changing for it to be reused. */
    private static final PGInterval UNCHANGED_MARGIN = new PGInterval(0, 0, 0, 0, 5, 0);

    /**
     * One answer of a report, as its row of report_runs.
     *
     * @param variant the parameters of the call that fetched it (its period, basis, contact), or the ReportID of a
     *                published report: with tenant and report, its key
     */
    public record StoredReport(String report, String variant, String reportId, String reportName, String reportType,
                               String reportTitles, String reportDate, LocalDate periodStart, LocalDate periodEnd,
                               String basis, String contactId, OffsetDateTime updatedDateUtc, String raw,
                               List<ReportCell> cells) {
    }

    private final SyncStore runs;
    /** Table and column pairs read by {@link #lastChangeSql()}, found by {@link #check()}. */
    private volatile List<String[]> versionedTables = List.of();

    /** @param runs the runs' table, whose progress is saved with the reports in one transaction */
    public ReportStore(SyncStore runs) {
        this.runs = runs;
    }

    /**
     * Checks at start-up that the report tables exist, and finds the tables whose records tell when the organisation's
     * data changed: every table of schema xero with {@code updated_date_utc} (the reports' own aside), and the journals
     * by {@code created_date_utc} (every posting adds one).
     */
    public void check() throws SQLException {
        List<String[]> tables = new ArrayList<>();
        try (Connection c = runs.dataSource().getConnection()) {
            try (PreparedStatement s = c.prepareStatement("SELECT 1 FROM xero.report_runs r JOIN xero.report_rows w "
                    + "USING (tenant_id, report, variant) LIMIT 0")) {
                s.executeQuery().close();
            }
            try (PreparedStatement s = c.prepareStatement("SELECT c.table_name, c.column_name FROM information_schema.columns c "
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
        }
        if (tables.isEmpty()) {
            throw new IllegalStateException("no table of schema xero versions its records with updated_date_utc");
        }
        versionedTables = List.copyOf(tables);
    }

    /**
     * The report's variants fetched when the organisation's data had not changed for a while, and not changed since.
     * Whether the data changed is read from the synced tables (the latest UpdatedDateUTC of any record, the latest
     * journal); the margin covers the difference between Xero's clock and this database's, and Xero taking a moment to
     * reflect a change in its reports.
     */
    public Set<String> unchangedVariants(String tenantId, String report) throws SQLException {
        Set<String> unchanged = new HashSet<>();
        List<String[]> tables = versionedTables;
        if (tables.isEmpty()) {
            return unchanged;
        }
        try (Connection c = runs.dataSource().getConnection();
             PreparedStatement s = c.prepareStatement("SELECT variant FROM xero.report_runs WHERE tenant_id = ? "
                     + "AND report = ? AND fetched_at - ? > (" + lastChangeSql(tables) + ")")) {
            s.setString(1, tenantId);
            s.setString(2, report);
            s.setObject(3, UNCHANGED_MARGIN);
            for (int i = 0; i < tables.size(); i++) {
                s.setString(4 + i, tenantId);
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
    private static String lastChangeSql(List<String[]> tables) {
        StringBuilder sql = new StringBuilder("SELECT max(changed) FROM (");
        for (int i = 0; i < tables.size(); i++) {
            String[] tableColumn = tables.get(i);
            sql.append(i == 0 ? "" : " UNION ALL ").append("SELECT max(").append(tableColumn[1]).append(") AS changed FROM xero.")
                    .append(tableColumn[0]).append(" WHERE tenant_id = ?");
        }
        return sql.append(") changes").toString();
    }

    /** The stored reports of an API fetched by id, with the UpdatedDateUTC Xero gave them. */
    public Map<String, OffsetDateTime> storedVersions(String tenantId, String report) throws SQLException {
        Map<String, OffsetDateTime> stored = new HashMap<>();
        try (Connection c = runs.dataSource().getConnection();
             PreparedStatement s = c.prepareStatement("SELECT report_id, updated_date_utc FROM xero.report_runs "
                     + "WHERE tenant_id = ? AND report = ? AND report_id IS NOT NULL AND variant = report_id")) {
            s.setString(1, tenantId);
            s.setString(2, report);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    stored.put(rs.getString(1), rs.getObject(2, OffsetDateTime.class));
                }
            }
        }
        return stored;
    }

    /** Contacts with an open balance on invoices of a type (ACCREC: receivables, ACCPAY: payables). */
    public List<String> openBalanceContacts(String tenantId, String type) throws SQLException {
        List<String> contacts = new ArrayList<>();
        try (Connection c = runs.dataSource().getConnection();
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
     * Stores one call's answers, each replacing its variant's row and cells, with the run's progress, in one
     * transaction: a failure leaves the previous answer and progress as they were.
     */
    public void save(String tenantId, List<StoredReport> reports, long runId, int records, int pages, Egress egress,
                     Egress egressAdded) throws SQLException {
        try (Connection c = runs.dataSource().getConnection()) {
            c.setAutoCommit(false);
            try {
                for (StoredReport report : reports) {
                    save(c, tenantId, report);
                }
                runs.progress(c, runId, tenantId, records, pages, egress, egressAdded);
                c.commit();
            } catch (SQLException | RuntimeException e) {
                SyncStore.rollback(c, e);
                throw e;
            }
        }
    }

    private static void save(Connection c, String tenantId, StoredReport report) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("INSERT INTO xero.report_runs (tenant_id, report, variant, "
                + "report_id, report_name, report_type, report_titles, report_date, period_start, period_end, basis, "
                + "contact_id, updated_date_utc, raw, fetched_at) VALUES (?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?, ?, ?, ?, ?::jsonb, now()) "
                + "ON CONFLICT (tenant_id, report, variant) DO UPDATE SET report_id = EXCLUDED.report_id, "
                + "report_name = EXCLUDED.report_name, report_type = EXCLUDED.report_type, "
                + "report_titles = EXCLUDED.report_titles, report_date = EXCLUDED.report_date, "
                + "period_start = EXCLUDED.period_start, period_end = EXCLUDED.period_end, basis = EXCLUDED.basis, "
                + "contact_id = EXCLUDED.contact_id, updated_date_utc = EXCLUDED.updated_date_utc, raw = EXCLUDED.raw, "
                + "fetched_at = now()")) {
            s.setString(1, tenantId);
            s.setString(2, report.report());
            s.setString(3, report.variant());
            s.setString(4, report.reportId());
            s.setString(5, report.reportName());
            s.setString(6, report.reportType());
            s.setString(7, report.reportTitles());
            s.setString(8, report.reportDate());
            s.setObject(9, report.periodStart());
            s.setObject(10, report.periodEnd());
            s.setString(11, report.basis());
            s.setString(12, report.contactId());
            s.setObject(13, report.updatedDateUtc(), Types.TIMESTAMP_WITH_TIMEZONE);
            s.setString(14, report.raw());
            s.executeUpdate();
        }
        try (PreparedStatement delete = c.prepareStatement(
                "DELETE FROM xero.report_rows WHERE tenant_id = ? AND report = ? AND variant = ?")) {
            delete.setString(1, tenantId);
            delete.setString(2, report.report());
            delete.setString(3, report.variant());
            delete.executeUpdate();
        }
        if (report.cells().isEmpty()) {
            return;
        }
        try (PreparedStatement insert = c.prepareStatement("INSERT INTO xero.report_rows (tenant_id, report, variant, "
                + "row_number, column_number, section, row_type, row_label, column_header, value_text, value, account_id, "
                + "attributes) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb)")) {
            for (ReportCell cell : report.cells()) {
                insert.setString(1, tenantId);
                insert.setString(2, report.report());
                insert.setString(3, report.variant());
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
            insert.executeBatch();
        }
    }
}
