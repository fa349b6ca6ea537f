package com.xerosync.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/** What the admin page reads of the sync's bookkeeping: the organisations' status, each API's last run, failures. */
public final class StatusStore {

    private final DataSource dataSource;

    public StatusStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** A connected organisation, as {@code xero_sync.organisation_status} sums it up. */
    public record OrganisationStatus(String tenantId, String name, String status, String connectionStatus,
                                     Instant connectedAt, Instant lastSuccess, long failing) {
    }

    /** The last run of one API for one organisation ({@code xero_sync.latest_runs}); api without the xero- prefix. */
    public record LastRun(String api, String status, long records, long apiCalls, Instant startedAt,
                          Instant finishedAt, String error) {
    }

    /** One recorded failure; httpStatus is null when no HTTP answer caused it. */
    public record Failure(String api, Instant occurredAt, Integer httpStatus, String message) {
    }

    /** Every organisation ever connected, active ones first, by name. */
    public List<OrganisationStatus> organisations() throws SQLException {
        List<OrganisationStatus> organisations = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("SELECT tenant_id, tenant_name, tenant_status, connection_status, "
                     + "connected_at, last_success, apis_failing FROM xero_sync.organisation_status "
                     + "ORDER BY tenant_status, tenant_name, tenant_id");
             ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                organisations.add(new OrganisationStatus(rs.getString(1), rs.getString(2), rs.getString(3),
                        rs.getString(4), instant(rs.getTimestamp(5)), instant(rs.getTimestamp(6)), rs.getLong(7)));
            }
        }
        return organisations;
    }

    public List<LastRun> lastRuns(String tenantId) throws SQLException {
        List<LastRun> runs = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("SELECT api, status, records, api_calls, started_at, finished_at, "
                     + "error FROM xero_sync.latest_runs WHERE tenant_id = ?")) {
            s.setString(1, tenantId);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    runs.add(new LastRun(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getLong(4),
                            instant(rs.getTimestamp(5)), instant(rs.getTimestamp(6)), rs.getString(7)));
                }
            }
        }
        return runs;
    }

    /** The organisation's newest failures first, at most {@code limit}. */
    public List<Failure> recentFailures(String tenantId, int limit) throws SQLException {
        List<Failure> failures = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("SELECT api, occurred_at, http_status, message FROM "
                     + "xero_sync.sync_failure WHERE tenant_id = ? ORDER BY failure_id DESC LIMIT ?")) {
            s.setString(1, tenantId);
            s.setInt(2, limit);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    failures.add(new Failure(rs.getString(1), instant(rs.getTimestamp(2)),
                            rs.getObject(3) == null ? null : rs.getInt(3), rs.getString(4)));
                }
            }
        }
        return failures;
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }
}
