package com.xerosync.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * Every API's totals for every organisation in one statement: {@code sync_run} and {@code sync_failure} grouped by
 * API and organisation, with each organisation's name and connection status. What operators watch (metrics, MBeans,
 * health checks) is made from these; read-only, and never near a token.
 */
public final class SyncTotals {

    /**
     * One API for one organisation, or (api null) an organisation with its connection's status, whether or not it has
     * runs yet. tenantStatus is null for runs of an organisation no longer in xero_sync.tenants.
     */
    public record Row(String api, String tenantId, String tenantName, String tenantStatus, String connectionStatus,
                      long records, long apiCalls, long bytes, long succeeded, long failed, long skipped,
                      long throttled, Instant lastSuccess, Instant lastStarted, Instant lastFinished, int failuresInARow,
                      long failures, Instant lastFailure, String lastError) {
    }

    private static final String SQL = """
            WITH runs AS (
                SELECT api, tenant_id,
                       sum(records) AS records, sum(api_calls) AS api_calls, sum(bytes) AS bytes,
                       count(*) FILTER (WHERE status = 'success') AS succeeded,
                       count(*) FILTER (WHERE status = 'failed') AS failed,
                       count(*) FILTER (WHERE status = 'skipped') AS skipped,
                       count(*) FILTER (WHERE status = 'throttled') AS throttled,
                       max(run_id) FILTER (WHERE status = 'success') AS last_success_id,
                       max(run_id) FILTER (WHERE status <> 'running') AS last_finished_id
                FROM xero_sync.sync_run
                GROUP BY api, tenant_id),
            streaks AS (
                SELECT r.api, r.tenant_id, count(*) AS in_a_row
                FROM xero_sync.sync_run r
                JOIN runs ON runs.api = r.api AND runs.tenant_id = r.tenant_id
                WHERE r.status = 'failed' AND r.run_id > coalesce(runs.last_success_id, 0)
                GROUP BY r.api, r.tenant_id),
            failures AS (
                SELECT api, tenant_id, count(*) AS failures, max(failure_id) AS last_failure_id
                FROM xero_sync.sync_failure
                GROUP BY api, tenant_id),
            keys AS (
                SELECT api, tenant_id FROM runs
                UNION SELECT api, tenant_id FROM failures
                UNION SELECT NULL, tenant_id FROM xero_sync.tenants)
            SELECT k.api, k.tenant_id, t.tenant_name, t.status AS tenant_status, c.status AS connection_status,
                   coalesce(runs.records, 0) AS records, coalesce(runs.api_calls, 0) AS api_calls,
                   coalesce(runs.bytes, 0) AS bytes,
                   coalesce(runs.succeeded, 0) AS succeeded, coalesce(runs.failed, 0) AS failed,
                   coalesce(runs.skipped, 0) AS skipped, coalesce(runs.throttled, 0) AS throttled,
                   s.finished_at AS last_success, l.started_at AS last_started, l.finished_at AS last_finished,
                   coalesce(streaks.in_a_row, 0) AS in_a_row,
                   coalesce(failures.failures, 0) AS failures, f.occurred_at AS last_failure, f.message AS last_error
            FROM keys k
            LEFT JOIN runs ON runs.api = k.api AND runs.tenant_id = k.tenant_id
            LEFT JOIN streaks ON streaks.api = k.api AND streaks.tenant_id = k.tenant_id
            LEFT JOIN failures ON failures.api = k.api AND failures.tenant_id IS NOT DISTINCT FROM k.tenant_id
            LEFT JOIN xero_sync.sync_run s ON s.run_id = runs.last_success_id
            LEFT JOIN xero_sync.sync_run l ON l.run_id = runs.last_finished_id
            LEFT JOIN xero_sync.sync_failure f ON f.failure_id = failures.last_failure_id
            LEFT JOIN xero_sync.tenants t ON t.tenant_id = k.tenant_id
            LEFT JOIN xero_sync.connections c ON c.connection_id = t.connection_id
            """;

    private final DataSource dataSource;

    public SyncTotals(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    public List<Row> read() throws SQLException {
        List<Row> rows = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement(SQL);
             ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                rows.add(new Row(rs.getString("api"), rs.getString("tenant_id"), rs.getString("tenant_name"),
                        rs.getString("tenant_status"), rs.getString("connection_status"), rs.getLong("records"),
                        rs.getLong("api_calls"), rs.getLong("bytes"), rs.getLong("succeeded"), rs.getLong("failed"),
                        rs.getLong("skipped"), rs.getLong("throttled"), instant(rs, "last_success"),
                        instant(rs, "last_started"), instant(rs, "last_finished"), rs.getInt("in_a_row"),
                        rs.getLong("failures"), instant(rs, "last_failure"), rs.getString("last_error")));
            }
        }
        return rows;
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }
}
