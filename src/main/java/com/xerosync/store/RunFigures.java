package com.xerosync.store;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

/**
 * What the bench reads back of the runs it made ({@code xero_sync.sync_run}), and its baseline: PostgreSQL's best
 * plain load of the same rows (binary {@code COPY}).
 */
public final class RunFigures {

    /** One run's figures. */
    public record Run(long records, long apiCalls, long bytes, long decodedBytes) {
    }

    /** Every run's figures together. */
    public record Totals(long apiCalls, long records, long failedOrThrottled, long organisations) {
    }

    /**
     * One API's runs up to a run id (the first sync) and after it (the unchanged one).
     *
     * @param skipped whether every run of it was skipped (a permission or a country it lacks)
     */
    public record ApiRuns(String api, long records, long apiCalls, long unchangedApiCalls, boolean skipped,
                          long wireBytes, long decodedBytes, long unchangedWireBytes, long unchangedDecodedBytes) {
    }

    private final DataSource dataSource;

    public RunFigures(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** The newest run of an API. */
    public Run lastRun(String api) throws SQLException {
        Run run = Rows.first(dataSource, "SELECT records, api_calls, bytes, decoded_bytes FROM xero_sync.sync_run "
                + "WHERE api = ? ORDER BY run_id DESC LIMIT 1",
                rs -> new Run(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4)), api);
        if (run == null) {
            throw new IllegalStateException("No run of " + api + " was recorded");
        }
        return run;
    }

    /** The invoices' line items stored, all organisations together. */
    public long invoiceLines() throws SQLException {
        return Rows.number(dataSource, "SELECT count(*) FROM xero.invoice_line_items");
    }

    /** The id of the newest run so far (0 before any). */
    public long lastRunId() throws SQLException {
        return Rows.number(dataSource, "SELECT coalesce(max(run_id), 0) FROM xero_sync.sync_run");
    }

    public Totals totals() throws SQLException {
        return Rows.first(dataSource, "SELECT coalesce(sum(api_calls), 0), coalesce(sum(records), 0), "
                + "count(*) FILTER (WHERE status NOT IN ('success', 'skipped')), count(DISTINCT tenant_id) "
                + "FROM xero_sync.sync_run", rs -> new Totals(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4)));
    }

    /** When each organisation's last run finished, the first done first. */
    public List<Instant> organisationsDone() throws SQLException {
        return Rows.list(dataSource, "SELECT max(finished_at) FROM xero_sync.sync_run GROUP BY tenant_id "
                + "HAVING max(finished_at) IS NOT NULL ORDER BY 1", rs -> rs.getTimestamp(1).toInstant());
    }

    /** Every API's runs, split at a run id: those up to it (the first sync) and those after (the unchanged one). */
    public List<ApiRuns> byApi(long firstRunsUpTo) throws SQLException {
        return Rows.list(dataSource, "SELECT api, sum(records) FILTER (WHERE run_id <= ?), "
                + "sum(api_calls) FILTER (WHERE run_id <= ?), sum(api_calls) FILTER (WHERE run_id > ?), "
                + "bool_and(status = 'skipped'), coalesce(sum(bytes) FILTER (WHERE run_id <= ?), 0), "
                + "coalesce(sum(decoded_bytes) FILTER (WHERE run_id <= ?), 0), "
                + "coalesce(sum(bytes) FILTER (WHERE run_id > ?), 0), "
                + "coalesce(sum(decoded_bytes) FILTER (WHERE run_id > ?), 0) "
                + "FROM xero_sync.sync_run GROUP BY api ORDER BY api",
                rs -> new ApiRuns(rs.getString(1), rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getBoolean(5),
                        rs.getLong(6), rs.getLong(7), rs.getLong(8), rs.getLong(9)),
                firstRunsUpTo, firstRunsUpTo, firstRunsUpTo, firstRunsUpTo, firstRunsUpTo, firstRunsUpTo, firstRunsUpTo);
    }

    /**
     * Binary COPY of the synced invoices and their lines into empty copies of their tables; seconds for the load. The
     * copies are ordinary (logged) tables with the same columns, defaults and indexes, in the same database: the load
     * the sync's own writes are measured against, WAL and fsync included (a temporary table would skip the WAL). The
     * rows go through files in {@code dir}, not memory: the baseline must not be what exhausts a small heap.
     */
    public double copyInvoicesSeconds(Path dir) throws SQLException, IOException {
        try (Connection c = dataSource.getConnection()) {
            CopyManager copy = c.unwrap(PGConnection.class).getCopyAPI();
            Path invoices = dir.resolve("invoices.copy");
            Path lines = dir.resolve("lines.copy");
            try (OutputStream out = Files.newOutputStream(invoices)) {
                copy.copyOut("COPY xero.invoices TO STDOUT (FORMAT binary)", out);
            }
            try (OutputStream out = Files.newOutputStream(lines)) {
                copy.copyOut("COPY xero.invoice_line_items TO STDOUT (FORMAT binary)", out);
            }
            try (Statement s = c.createStatement()) {
                s.execute("CREATE SCHEMA bench");
                s.execute("CREATE TABLE bench.invoices (LIKE xero.invoices INCLUDING ALL)");
                s.execute("CREATE TABLE bench.lines (LIKE xero.invoice_line_items INCLUDING ALL)");
            }
            long started = System.nanoTime();
            try (InputStream in = Files.newInputStream(invoices)) {
                copy.copyIn("COPY bench.invoices FROM STDIN (FORMAT binary)", in);
            }
            try (InputStream in = Files.newInputStream(lines)) {
                copy.copyIn("COPY bench.lines FROM STDIN (FORMAT binary)", in);
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            try (Statement s = c.createStatement()) {
                s.execute("DROP SCHEMA bench CASCADE");
            }
            return seconds;
        }
    }
}
