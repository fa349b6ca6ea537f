package com.xerosync.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import javax.sql.DataSource;

/** The sync's own bookkeeping in schema {@code xero_sync}: runs, failures and cursors. */
public final class SyncStore {

    private static final int MAX_ERROR_LENGTH = 4000;

    private final DataSource dataSource;
    private final String node;

    public SyncStore(DataSource dataSource) {
        this(dataSource, null);
    }

    /** @param node the name runs are recorded with (cluster.node-name), or null */
    public SyncStore(DataSource dataSource, String node) {
        this.dataSource = dataSource;
        this.node = node;
    }

    public DataSource dataSource() {
        return dataSource;
    }

    /**
     * Rolls back after {@code cause}, without letting a failed rollback (the connection is gone, say) hide the cause:
     * PostgreSQL drops a transaction whose connection is lost anyway.
     */
    public static void rollback(Connection c, Exception cause) {
        try {
            c.rollback();
        } catch (SQLException rollbackFailed) {
            cause.addSuppressed(rollbackFailed);
        }
    }

    /** Opens the {@code sync_run} row of a run; returns its id. */
    public long beginRun(String api, String tenantId, Instant startedAt) throws SQLException {
        try (Connection c = dataSource.getConnection();
             // runs of an API never overlap, so a run of it still 'running' was cut off (e.g. the database went away)
             PreparedStatement stale = c.prepareStatement("UPDATE xero_sync.sync_run SET status = 'failed', "
                     + "finished_at = now(), error = 'interrupted: the run stopped before it could record its end (was "
                     + "the database unavailable?); the next run resumed from the last stored page' "
                     + "WHERE api = ? AND tenant_id = ? AND status = 'running'");
             PreparedStatement s = c.prepareStatement("INSERT INTO xero_sync.sync_run (api, tenant_id, status, started_at, "
                     + "node) VALUES (?, ?, 'running', ?, ?) RETURNING run_id")) {
            stale.setString(1, api);
            stale.setString(2, tenantId);
            stale.executeUpdate();
            s.setString(1, api);
            s.setString(2, tenantId);
            s.setObject(3, utc(startedAt));
            s.setString(4, node);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /**
     * Progress of a run with what its calls received, written in the transaction of the page it counts: the run's
     * totals, and what they add to the organisation's month since last recorded.
     */
    public void progress(Connection c, long runId, String tenantId, int records, int pages, Egress total, Egress added)
            throws SQLException {
        try (PreparedStatement s = c.prepareStatement("UPDATE xero_sync.sync_run SET records = ?, pages = ?, "
                + "api_calls = ?, bytes = ?, decoded_bytes = ? WHERE run_id = ?")) {
            s.setInt(1, records);
            s.setInt(2, pages);
            s.setInt(3, (int) total.calls());
            s.setLong(4, total.wireBytes());
            s.setLong(5, total.decodedBytes());
            s.setLong(6, runId);
            s.executeUpdate();
        }
        addEgress(c, tenantId, added);
    }

    /** Adds to the organisation's egress of the current month (UTC). */
    static void addEgress(Connection c, String tenantId, Egress added) throws SQLException {
        if (added.isNone()) {
            return;
        }
        try (PreparedStatement s = c.prepareStatement("INSERT INTO xero_sync.egress_monthly AS m (tenant_id, month, "
                + "wire_bytes, decoded_bytes, calls) VALUES (?, date_trunc('month', now() AT TIME ZONE 'UTC')::date, ?, ?, ?) "
                + "ON CONFLICT (tenant_id, month) DO UPDATE SET wire_bytes = m.wire_bytes + EXCLUDED.wire_bytes, "
                + "decoded_bytes = m.decoded_bytes + EXCLUDED.decoded_bytes, calls = m.calls + EXCLUDED.calls, "
                + "updated_at = now()")) {
            s.setString(1, tenantId);
            s.setLong(2, added.wireBytes());
            s.setLong(3, added.decodedBytes());
            s.setLong(4, added.calls());
            s.executeUpdate();
        }
    }

    /**
     * Ends a run with what its calls received, in one transaction with what that adds to the organisation's month:
     * the calls made after its last stored page (failed and repeated ones included) are counted too.
     */
    public void finishRun(long runId, String tenantId, String status, int records, int pages, Egress total,
                          Egress added, String error, String priority, Integer expectedRecords) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement s = c.prepareStatement("UPDATE xero_sync.sync_run SET status = ?, records = ?, "
                    + "pages = ?, api_calls = ?, bytes = ?, decoded_bytes = ?, finished_at = now(), error = ?, "
                    + "priority = ?, expected_records = ? WHERE run_id = ?")) {
                s.setString(1, status);
                s.setInt(2, records);
                s.setInt(3, pages);
                s.setInt(4, (int) total.calls());
                s.setLong(5, total.wireBytes());
                s.setLong(6, total.decodedBytes());
                s.setString(7, truncate(error));
                s.setString(8, priority);
                s.setObject(9, expectedRecords);
                s.setLong(10, runId);
                s.executeUpdate();
                addEgress(c, tenantId, added);
                c.commit();
            } catch (SQLException | RuntimeException e) {
                rollback(c, e);
                throw e;
            }
        }
    }

    /** When the API's last periodic full reload for the organisation started, or null when it never had one. */
    /** Whether a run of the API for the organisation ever succeeded (its history has been fetched once). */
    public boolean hasSucceeded(String tenantId, String api) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("SELECT 1 FROM xero_sync.sync_run WHERE api = ? AND tenant_id = ? "
                     + "AND status = 'success' LIMIT 1")) {
            s.setString(1, api);
            s.setString(2, tenantId);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next();
            }
        }
    }

    public Instant lastFullReload(String tenantId, String api) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement(
                     "SELECT full_reload_at FROM xero_sync.sync_cursors WHERE tenant_id = ? AND api = ?")) {
            s.setString(1, tenantId);
            s.setString(2, api);
            try (ResultSet rs = s.executeQuery()) {
                OffsetDateTime at = rs.next() ? rs.getObject(1, OffsetDateTime.class) : null;
                return at == null ? null : at.toInstant();
            }
        }
    }

    /**
     * A periodic full reload that started at {@code startedAt} is done (its deleted records marked), in the
     * transaction that marked them. Without a cursor (Xero listed nothing) there is nothing to keep: the next run
     * reloads again, at the cost of an empty listing.
     */
    public void fullReloadDone(Connection c, String tenantId, String api, Instant startedAt) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("UPDATE xero_sync.sync_cursors SET full_reload_at = ?, "
                + "updated_at = now() WHERE tenant_id = ? AND api = ?")) {
            s.setObject(1, utc(startedAt));
            s.setString(2, tenantId);
            s.setString(3, api);
            s.executeUpdate();
        }
    }

    public void recordFailure(String api, String tenantId, Long runId, Integer httpStatus, String errorType,
                              String message) throws SQLException {
        recordFailure(api, tenantId, runId, httpStatus, errorType, message, Instant.now());
    }

    /** A failure as it happened at {@code occurredAt} (recorded later, when the database was back). */
    public void recordFailure(String api, String tenantId, Long runId, Integer httpStatus, String errorType,
                              String message, Instant occurredAt) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("INSERT INTO xero_sync.sync_failure (api, tenant_id, run_id, "
                     + "http_status, error_type, message, occurred_at) VALUES (?, ?, (SELECT run_id FROM xero_sync.sync_run "
                     + "WHERE run_id = ?), ?, ?, ?, ?)")) {
            s.setObject(7, java.time.OffsetDateTime.ofInstant(occurredAt, java.time.ZoneOffset.UTC));
            s.setString(1, api);
            s.setString(2, tenantId);
            if (runId == null) {
                s.setNull(3, Types.BIGINT);
            } else {
                s.setLong(3, runId);
            }
            if (httpStatus == null) {
                s.setNull(4, Types.INTEGER);
            } else {
                s.setInt(4, httpStatus);
            }
            s.setString(5, errorType);
            s.setString(6, truncate(message));
            s.executeUpdate();
        }
    }

    /** Access to an organisation was revoked (403): it is left out of every run until it is connected again. */
    public void markTenantDisconnected(String tenantId) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("UPDATE xero_sync.tenants SET status = 'disconnected', "
                     + "updated_at = now() WHERE tenant_id = ?")) {
            s.setString(1, tenantId);
            s.executeUpdate();
        }
    }

    /**
     * Remembers that Xero refused an API for an organisation for a missing permission, with the connection's scopes at
     * the time, so later runs skip it without calling Xero until the connection's scopes change or it is connected again.
     */
    public void rememberScopeRefusal(String tenantId, String api, String connectionId, String scopes, String message)
            throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("INSERT INTO xero_sync.scope_refusals (tenant_id, api, connection_id, "
                     + "scopes, message) VALUES (?, ?, ?, ?, ?) ON CONFLICT (tenant_id, api) DO UPDATE SET "
                     + "connection_id = EXCLUDED.connection_id, scopes = EXCLUDED.scopes, message = EXCLUDED.message, "
                     + "refused_at = now()")) {
            s.setString(1, tenantId);
            s.setString(2, api);
            s.setString(3, connectionId);
            s.setString(4, scopes);
            s.setString(5, truncate(message));
            s.executeUpdate();
        }
    }

    /**
     * Why Xero refused the API for the organisation last, and when, while the connection still has the scopes it had
     * then; null when it did not, or the connection has changed since.
     */
    public String scopeRefusal(String tenantId, String api, String connectionId, String scopes) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("SELECT message, refused_at FROM xero_sync.scope_refusals "
                     + "WHERE tenant_id = ? AND api = ? AND connection_id = ? AND scopes IS NOT DISTINCT FROM ?")) {
            s.setString(1, tenantId);
            s.setString(2, api);
            s.setString(3, connectionId);
            s.setString(4, scopes);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? rs.getString(1) + " (refused at " + rs.getObject(2, OffsetDateTime.class).toInstant()
                        + "; not called again until the organisation is connected again)" : null;
            }
        }
    }

    /** Parks an organisation until Xero's daily limit resets: its runs are throttled until then. */
    public void parkTenant(String tenantId, Instant until) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("UPDATE xero_sync.tenants SET throttled_until = "
                     + "GREATEST(throttled_until, ?), updated_at = now() WHERE tenant_id = ?")) {
            s.setObject(1, OffsetDateTime.ofInstant(until, ZoneOffset.UTC));
            s.setString(2, tenantId);
            s.executeUpdate();
        }
    }

    /** How many connections to a real Xero (not the sandbox's) the database holds, of any status. */
    public int realConnections() throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement(
                     "SELECT count(*) FROM xero_sync.connections WHERE auth_mode <> 'sandbox'");
             ResultSet rs = s.executeQuery()) {
            rs.next();
            return rs.getInt(1);
        }
    }

    public int failInterruptedRuns() throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("UPDATE xero_sync.sync_run SET status = 'failed', finished_at = now(), "
                     + "error = 'interrupted: the process stopped during this run; the next run resumes from the last stored page' "
                     + "WHERE status = 'running'")) {
            return s.executeUpdate();
        }
    }

    public SyncCursor cursor(String tenantId, String api) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement(
                     "SELECT modified_since, complete, position FROM xero_sync.sync_cursors WHERE tenant_id = ? AND api = ?")) {
            s.setString(1, tenantId);
            s.setString(2, api);
            try (ResultSet rs = s.executeQuery()) {
                if (!rs.next()) {
                    return null;
                }
                OffsetDateTime modifiedSince = rs.getObject(1, OffsetDateTime.class);
                // an incremental API's cursor has no position (NULL); only an offset-paged one has
                return new SyncCursor(modifiedSince == null ? null : modifiedSince.toInstant(), rs.getBoolean(2),
                        rs.getObject(3, Long.class));
            }
        }
    }

    /** Stores a cursor in the transaction of the rows it covers. It never moves backwards. */
    public void saveCursor(Connection c, String tenantId, String api, SyncCursor cursor) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("INSERT INTO xero_sync.sync_cursors AS k "
                + "(tenant_id, api, modified_since, complete, position, updated_at) VALUES (?, ?, ?, ?, ?, now()) "
                + "ON CONFLICT (tenant_id, api) DO UPDATE SET modified_since = EXCLUDED.modified_since, "
                + "complete = EXCLUDED.complete, position = EXCLUDED.position, updated_at = now() "
                + "WHERE k.modified_since < EXCLUDED.modified_since "
                + "OR (k.modified_since = EXCLUDED.modified_since AND EXCLUDED.complete) "
                + "OR k.position < EXCLUDED.position")) {
            s.setString(1, tenantId);
            s.setString(2, api);
            s.setObject(3, cursor.modifiedSince() == null ? null : utc(cursor.modifiedSince()));
            s.setBoolean(4, cursor.complete());
            if (cursor.position() == null) {
                s.setNull(5, Types.BIGINT);
            } else {
                s.setLong(5, cursor.position());
            }
            s.executeUpdate();
        }
    }

    static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    private static String truncate(String text) {
        return text == null || text.length() <= MAX_ERROR_LENGTH ? text : text.substring(0, MAX_ERROR_LENGTH) + "…";
    }


    /**
     * Deletes everything synced for an organisation (every table of schema xero with a tenant_id, and its cursors), in
     * one transaction: all of it or nothing. Its run history is kept. Tables are taken in rounds so that a child table
     * whose foreign key does not cascade is emptied before its parent.
     */
    public long purgeTenant(String tenantId) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                java.util.List<String> tables = new java.util.ArrayList<>();
                try (PreparedStatement s = c.prepareStatement("SELECT table_name FROM information_schema.columns "
                        + "WHERE table_schema = 'xero' AND column_name = 'tenant_id' ORDER BY table_name");
                     ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        tables.add(rs.getString(1));
                    }
                }
                long deleted = 0;
                while (!tables.isEmpty()) {
                    int before = tables.size();
                    for (java.util.Iterator<String> it = tables.iterator(); it.hasNext(); ) {
                        String table = it.next();
                        java.sql.Savepoint savepoint = c.setSavepoint();
                        // the table name comes from the catalogue, never from input; quoted as an identifier all the same
                        try (PreparedStatement delete = c.prepareStatement("DELETE FROM xero.\"" + table.replace("\"", "\"\"")
                                + "\" WHERE tenant_id = ?")) {
                            delete.setString(1, tenantId);
                            deleted += delete.executeUpdate();
                            it.remove();
                        } catch (SQLException referenced) {
                            c.rollback(savepoint);
                        }
                    }
                    if (tables.size() == before) {
                        throw new SQLException("Cannot purge " + tenantId + ": rows of " + tables + " are still referenced");
                    }
                }
                try (PreparedStatement cursors = c.prepareStatement("DELETE FROM xero_sync.sync_cursors WHERE tenant_id = ?")) {
                    cursors.setString(1, tenantId);
                    cursors.executeUpdate();
                }
                c.commit();
                return deleted;
            } catch (SQLException | RuntimeException e) {
                rollback(c, e);
                throw e;
            }
        }
    }
}
