package com.xerosync.operate;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.Map;
import javax.sql.DataSource;

/**
 * Reads a {@link SyncSnapshot} in one statement: {@code sync_run} and {@code sync_failure} grouped by API and
 * organisation, with each organisation's name and connection status. Read-only; never touches tokens.
 */
final class SnapshotQuery {

    /**
     * Rows with an API: that API for that organisation. Rows without one ({@code api IS NULL}): an organisation with
     * its connection's status, whether or not it has runs yet.
     */
    static final String SQL = """
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

    SnapshotQuery(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    SyncSnapshot read(Instant now) throws SQLException {
        Map<String, SyncSnapshot.Row> rows = new HashMap<>();
        Map<String, SyncSnapshot.Organisation> organisations = new HashMap<>();
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement(SQL);
             ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                String api = rs.getString("api");
                String tenantId = rs.getString("tenant_id");
                if (tenantId != null && rs.getString("tenant_status") != null) {
                    organisations.putIfAbsent(tenantId, new SyncSnapshot.Organisation(tenantId,
                            rs.getString("tenant_name"), rs.getString("tenant_status"),
                            rs.getString("connection_status")));
                }
                if (api == null) {
                    continue;
                }
                SyncSnapshot.Row row = new SyncSnapshot.Row(api, tenantId, rs.getLong("records"),
                        rs.getLong("api_calls"), rs.getLong("succeeded"), rs.getLong("failed"), rs.getLong("skipped"),
                        rs.getLong("throttled"), instant(rs, "last_success"), instant(rs, "last_started"),
                        instant(rs, "last_finished"), rs.getInt("in_a_row"), rs.getLong("failures"),
                        instant(rs, "last_failure"), rs.getString("last_error"), rs.getLong("bytes"));
                rows.put(SyncSnapshot.key(row.api(), row.tenantId()), row);
            }
        }
        return new SyncSnapshot(now, rows, organisations, null);
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }
}
