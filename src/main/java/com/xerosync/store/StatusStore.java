package com.xerosync.store;

import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import javax.sql.DataSource;

/**
 * What the admin page, the {@code status} command and {@code --once} read of the sync's bookkeeping: the
 * organisations' status, each API's last run, the runs since a moment, failures, parked organisations.
 */
public final class StatusStore {

    private final DataSource dataSource;

    public StatusStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * A connected organisation, as {@code xero_sync.organisation_status} sums it up.
     *
     * @param status  the organisation's own status ({@code active}, {@code disconnected})
     * @param overall the connection's status when it is not active, else the organisation's
     */
    public record OrganisationStatus(String tenantId, String name, String status, String connectionStatus,
                                     String overall, Instant connectedAt, Instant lastSuccess, long apisOk,
                                     long failing) {
    }

    /** A connection to Xero: its status and when its tokens were last refreshed. */
    public record ConnectionStatus(String connectionId, String status, Instant refreshedAt) {
    }

    /** An API failing now for an organisation (its last run failed). */
    public record FailingApi(String organisation, String api, String error) {
    }

    /** The last run of one API for one organisation ({@code xero_sync.latest_runs}); api without the xero- prefix. */
    public record LastRun(String api, String status, long records, long apiCalls, Instant startedAt,
                          Instant finishedAt, String error) {
    }

    /** One recorded failure; httpStatus is null when no HTTP answer caused it. */
    public record Failure(String api, Instant occurredAt, Integer httpStatus, String message) {
    }

    /** One run, as {@code --once} lists it; organisation is the tenant id when its name is not known. */
    public record Run(String organisation, String tenantId, String api, String status, long records, long pages,
                      long apiCalls, double seconds, String error) {
    }

    /** A failure recorded outside any run (before one could begin), as {@code --once} lists it. */
    public record RunlessFailure(String api, String message) {
    }

    /** An organisation parked for Xero's daily limit, until when. */
    public record Parked(String name, Instant until) {
    }

    /** One organisation's egress in a month ({@code xero_sync.egress_monthly}); name is the tenant id when unknown. */
    public record MonthlyEgress(String tenantId, String name, long wireBytes, long decodedBytes, long calls) {
    }

    /** An organisation's calls that began in one hour of the last 24, by what they ranked as (runs before: transactions). */
    public record CallsInHour(Instant hour, String priority, long calls) {
    }

    /** An API's calls for an organisation in the last 24 hours, by what they ranked as. */
    public record ApiCalls(String api, String priority, long calls) {
    }

    /**
     * An API's backfill (first full sync) for an organisation: what its runs stored and called so far, how many records
     * Xero said the listing holds (null when it does not say), whether it finished, and its calls in the last 24 hours.
     */
    public record Backfill(String api, long records, long calls, Integer expected, boolean done, long callsToday) {
    }

    /** The organisation's calls of the last 24 hours by the hour their run began, oldest first. */
    public List<CallsInHour> callsByHour(String tenantId) throws SQLException {
        return Rows.list(dataSource, "SELECT date_trunc('hour', started_at), coalesce(priority, 'transactions'), "
                + "sum(api_calls) FROM xero_sync.sync_run WHERE tenant_id = ? AND started_at > now() - interval '24 hours' "
                + "GROUP BY 1, 2 ORDER BY 1, 2",
                rs -> new CallsInHour(Rows.instant(rs.getTimestamp(1)), rs.getString(2), rs.getLong(3)), tenantId);
    }

    /** The organisation's calls of the last 24 hours per API, the most first. */
    public List<ApiCalls> callsToday(String tenantId) throws SQLException {
        return Rows.list(dataSource, "SELECT api, coalesce(priority, 'transactions'), sum(api_calls) FROM xero_sync.sync_run "
                + "WHERE tenant_id = ? AND started_at > now() - interval '24 hours' GROUP BY 1, 2 HAVING sum(api_calls) > 0 "
                + "ORDER BY 3 DESC, 1", rs -> new ApiCalls(rs.getString(1), rs.getString(2), rs.getLong(3)), tenantId);
    }

    /** The organisation's backfills, finished or not, by API. */
    public List<Backfill> backfills(String tenantId) throws SQLException {
        return Rows.list(dataSource, "SELECT api, sum(records), sum(api_calls), max(expected_records), "
                + "bool_or(status = 'success'), coalesce(sum(api_calls) FILTER (WHERE started_at > now() - interval "
                + "'24 hours'), 0) FROM xero_sync.sync_run WHERE tenant_id = ? AND priority = 'backfill' GROUP BY api "
                + "ORDER BY api", rs -> new Backfill(rs.getString(1), rs.getLong(2), rs.getLong(3),
                        (Integer) rs.getObject(4), rs.getBoolean(5), rs.getLong(6)), tenantId);
    }

    /** Every organisation's egress in the month beginning that day, the heaviest first. */
    public List<MonthlyEgress> egress(LocalDate month) throws SQLException {
        return Rows.list(dataSource, "SELECT e.tenant_id, coalesce(t.tenant_name, e.tenant_id), e.wire_bytes, "
                + "e.decoded_bytes, e.calls FROM xero_sync.egress_monthly e LEFT JOIN xero_sync.tenants t "
                + "USING (tenant_id) WHERE e.month = ? ORDER BY e.wire_bytes DESC, t.tenant_name, e.tenant_id",
                rs -> new MonthlyEgress(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getLong(4), rs.getLong(5)),
                month);
    }

    /** The database's clock now: what runs and failures are recorded with. */
    public Instant now() throws SQLException {
        return Rows.first(dataSource, "SELECT now()", rs -> rs.getTimestamp(1).toInstant());
    }

    /** The runs started since then, by organisation, API and start. */
    public List<Run> runsSince(Instant since) throws SQLException {
        return Rows.list(dataSource, "SELECT coalesce(t.tenant_name, r.tenant_id), r.tenant_id, r.api, r.status, "
                + "r.records, r.pages, r.api_calls, extract(epoch FROM coalesce(r.finished_at, now()) - r.started_at), "
                + "r.error FROM xero_sync.sync_run r LEFT JOIN xero_sync.tenants t USING (tenant_id) "
                + "WHERE r.started_at >= ? ORDER BY 1, 3, r.run_id",
                rs -> new Run(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getLong(5),
                        rs.getLong(6), rs.getLong(7), rs.getDouble(8), rs.getString(9)), since);
    }

    /** Failures since then that no run recorded (the organisations could not even be read). */
    public List<RunlessFailure> runlessFailuresSince(Instant since) throws SQLException {
        return Rows.list(dataSource, "SELECT api, message FROM xero_sync.sync_failure WHERE occurred_at >= ? "
                + "AND run_id IS NULL ORDER BY failure_id", rs -> new RunlessFailure(rs.getString(1), rs.getString(2)),
                since);
    }

    /** The active organisations parked for Xero's daily limit now, the first to resume first. */
    public List<Parked> parked() throws SQLException {
        return Rows.list(dataSource, "SELECT tenant_name, throttled_until FROM xero_sync.tenants WHERE status = 'active' "
                + "AND throttled_until > now() ORDER BY throttled_until, tenant_name",
                rs -> new Parked(rs.getString(1), rs.getTimestamp(2).toInstant()));
    }

    /** Every organisation ever connected, active ones first, by name. */
    public List<OrganisationStatus> organisations() throws SQLException {
        return Rows.list(dataSource, "SELECT tenant_id, tenant_name, tenant_status, connection_status, status, "
                + "connected_at, last_success, apis_ok, apis_failing FROM xero_sync.organisation_status "
                + "ORDER BY tenant_status, tenant_name, tenant_id",
                rs -> new OrganisationStatus(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getString(5), Rows.instant(rs.getTimestamp(6)), Rows.instant(rs.getTimestamp(7)),
                        rs.getLong(8), rs.getLong(9)));
    }

    /** Every connection to Xero, by id. */
    public List<ConnectionStatus> connections() throws SQLException {
        return Rows.list(dataSource, "SELECT connection_id, status, refreshed_at FROM xero_sync.connections "
                + "ORDER BY connection_id",
                rs -> new ConnectionStatus(rs.getString(1), rs.getString(2), Rows.instant(rs.getTimestamp(3))));
    }

    /** The APIs whose last run failed, by organisation and API. */
    public List<FailingApi> failingNow() throws SQLException {
        return Rows.list(dataSource, "SELECT t.tenant_name, r.api, r.error FROM xero_sync.latest_runs r "
                + "JOIN xero_sync.tenants t USING (tenant_id) WHERE r.status = 'failed' ORDER BY 1, 2",
                rs -> new FailingApi(rs.getString(1), rs.getString(2), rs.getString(3)));
    }

    public List<LastRun> lastRuns(String tenantId) throws SQLException {
        return Rows.list(dataSource, "SELECT api, status, records, api_calls, started_at, finished_at, error "
                + "FROM xero_sync.latest_runs WHERE tenant_id = ?",
                rs -> new LastRun(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getLong(4),
                        Rows.instant(rs.getTimestamp(5)), Rows.instant(rs.getTimestamp(6)), rs.getString(7)), tenantId);
    }

    /** The organisation's newest failures first, at most {@code limit}. */
    public List<Failure> recentFailures(String tenantId, int limit) throws SQLException {
        return Rows.list(dataSource, "SELECT api, occurred_at, http_status, message FROM xero_sync.sync_failure "
                + "WHERE tenant_id = ? ORDER BY failure_id DESC LIMIT ?",
                rs -> new Failure(rs.getString(1), Rows.instant(rs.getTimestamp(2)),
                        rs.getObject(3) == null ? null : rs.getInt(3), rs.getString(4)), tenantId, limit);
    }
}
