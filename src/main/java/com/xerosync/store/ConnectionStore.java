package com.xerosync.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.function.Predicate;
import javax.sql.DataSource;

/**
 * Connections to Xero and the organisations they reach, in {@code xero_sync.connections} and {@code xero_sync.tenants}.
 * Tokens arrive and leave encrypted: what they mean, and when to refresh them, is the caller's.
 */
public final class ConnectionStore {

    private final DataSource dataSource;

    public ConnectionStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** A connection's row as stored, its tokens still encrypted. */
    public record StoredConnection(String authMode, String status, String refreshToken, String accessToken,
                                   Instant accessExpiresAt, String scopes) {
    }

    /** New tokens for a connection; the refresh token and scopes may be null to keep the stored ones. */
    public record Tokens(String refreshToken, String accessToken, Instant accessExpiresAt, String scopes) {
    }

    /** An organisation a connection reaches, as Xero's {@code GET /connections} lists it. */
    public record ReachedTenant(String tenantId, String tenantName, String tenantType, String xeroConnectionId) {
    }

    /** An organisation and the connection it is reached through. */
    public record TenantConnection(String tenantId, String tenantName, String connectionId, String xeroConnectionId,
                                   boolean active) {
    }

    /** The connection's row, locked for the length of one refresh. */
    public interface LockedConnection {
        void saveTokens(Tokens tokens) throws SQLException;

        /** Kept even when the refresh then fails: Xero refused the refresh token for good. */
        void markNeedsReauthorisation() throws SQLException;
    }

    @FunctionalInterface
    public interface Refresh<T> {
        /** @param stored the row, or null when the connection is not stored */
        T apply(StoredConnection stored, LockedConnection locked) throws SQLException;
    }

    /**
     * Runs {@code refresh} with the connection's row locked (other processes refreshing the same connection wait), and
     * commits what it saved before returning, so a rotated refresh token is stored before its access token is used. When
     * it throws, nothing it saved is kept but a mark for re-authorisation.
     */
    public <T> T refreshLocked(String connectionId, Refresh<T> refresh) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            boolean[] markedForReauthorisation = {false};
            LockedConnection locked = new LockedConnection() {
                @Override
                public void saveTokens(Tokens tokens) throws SQLException {
                    try (PreparedStatement s = c.prepareStatement("UPDATE xero_sync.connections SET "
                            + "refresh_token = coalesce(?, refresh_token), access_token = ?, access_expires_at = ?, "
                            + "scopes = coalesce(?, scopes), refreshed_at = now(), updated_at = now() "
                            + "WHERE connection_id = ?")) {
                        s.setString(1, tokens.refreshToken());
                        s.setString(2, tokens.accessToken());
                        s.setObject(3, utc(tokens.accessExpiresAt()));
                        s.setString(4, tokens.scopes());
                        s.setString(5, connectionId);
                        s.executeUpdate();
                    }
                }

                @Override
                public void markNeedsReauthorisation() throws SQLException {
                    try (PreparedStatement s = c.prepareStatement("UPDATE xero_sync.connections SET "
                            + "status = 'needs_reauthorisation', access_token = NULL, access_expires_at = NULL, "
                            + "updated_at = now() WHERE connection_id = ?")) {
                        s.setString(1, connectionId);
                        s.executeUpdate();
                    }
                    markedForReauthorisation[0] = true;
                }
            };
            try {
                StoredConnection stored;
                try (PreparedStatement s = c.prepareStatement("SELECT auth_mode, status, refresh_token, access_token, "
                        + "access_expires_at, scopes FROM xero_sync.connections WHERE connection_id = ? FOR UPDATE")) {
                    s.setString(1, connectionId);
                    try (ResultSet rs = s.executeQuery()) {
                        stored = rs.next() ? new StoredConnection(rs.getString(1), rs.getString(2), rs.getString(3),
                                rs.getString(4), instant(rs.getObject(5, OffsetDateTime.class)), rs.getString(6)) : null;
                    }
                }
                T result = refresh.apply(stored, locked);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                if (markedForReauthorisation[0]) {
                    commitAfter(c, e);
                } else {
                    SyncStore.rollback(c, e);
                }
                throw e;
            }
        }
    }

    /**
     * Stores a grant (or replaces a connection's tokens) and forgets what Xero refused the old one for a missing
     * permission, in one transaction. With {@code unlessSeededFrom} a connection already seeded from the same token is
     * left alone. Returns whether it was stored.
     */
    public boolean storeGrant(String connectionId, String mode, Tokens tokens, String seededFrom,
                              boolean unlessSeededFrom) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement s = c.prepareStatement("INSERT INTO xero_sync.connections (connection_id, auth_mode, "
                    + "status, refresh_token, seeded_from, access_token, access_expires_at, scopes, refreshed_at, "
                    + "updated_at) VALUES (?, ?, 'active', ?, ?, ?, ?, ?, now(), now()) ON CONFLICT (connection_id) DO "
                    + "UPDATE SET auth_mode = EXCLUDED.auth_mode, status = 'active', "
                    + "refresh_token = EXCLUDED.refresh_token, seeded_from = EXCLUDED.seeded_from, "
                    + "access_token = EXCLUDED.access_token, access_expires_at = EXCLUDED.access_expires_at, "
                    + "scopes = EXCLUDED.scopes, refreshed_at = now(), updated_at = now()"
                    + (unlessSeededFrom ? " WHERE connections.seeded_from IS DISTINCT FROM EXCLUDED.seeded_from" : ""));
                 PreparedStatement forget = c.prepareStatement(
                         "DELETE FROM xero_sync.scope_refusals WHERE connection_id = ?")) {
                s.setString(1, connectionId);
                s.setString(2, mode);
                s.setString(3, tokens.refreshToken());
                s.setString(4, seededFrom);
                s.setString(5, tokens.accessToken());
                s.setObject(6, utc(tokens.accessExpiresAt()));
                s.setString(7, tokens.scopes());
                boolean stored = s.executeUpdate() > 0;
                if (stored) {
                    forget.setString(1, connectionId);
                    forget.executeUpdate();
                }
                c.commit();
                return stored;
            } catch (SQLException | RuntimeException e) {
                SyncStore.rollback(c, e);
                throw e;
            }
        }
    }

    /** Records the organisations a connection reaches; those it no longer lists are marked disconnected. */
    public void saveTenants(String connectionId, List<ReachedTenant> tenants) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement gone = c.prepareStatement("UPDATE xero_sync.tenants SET status = 'disconnected', "
                    + "updated_at = now() WHERE connection_id = ? AND NOT (tenant_id = ANY (?))");
                 PreparedStatement upsert = c.prepareStatement("INSERT INTO xero_sync.tenants (tenant_id, connection_id, "
                         + "tenant_name, tenant_type, xero_connection_id, status) VALUES (?, ?, ?, ?, ?, 'active') "
                         + "ON CONFLICT (tenant_id) DO UPDATE SET connection_id = EXCLUDED.connection_id, "
                         + "tenant_name = EXCLUDED.tenant_name, tenant_type = EXCLUDED.tenant_type, "
                         + "xero_connection_id = EXCLUDED.xero_connection_id, status = 'active', updated_at = now()")) {
                gone.setString(1, connectionId);
                gone.setArray(2, c.createArrayOf("text", tenants.stream().map(ReachedTenant::tenantId).toArray()));
                gone.executeUpdate();
                for (ReachedTenant tenant : tenants) {
                    upsert.setString(1, tenant.tenantId());
                    upsert.setString(2, connectionId);
                    upsert.setString(3, tenant.tenantName());
                    upsert.setString(4, tenant.tenantType());
                    upsert.setString(5, tenant.xeroConnectionId());
                    upsert.addBatch();
                }
                upsert.executeBatch();
                c.commit();
            } catch (SQLException | RuntimeException e) {
                SyncStore.rollback(c, e);
                throw e;
            }
        }
    }

    /** The stored fingerprint of the refresh token a connection was seeded from, or null when it is not stored. */
    public String seededFrom(String connectionId) throws SQLException {
        return text("SELECT coalesce(seeded_from, '') FROM xero_sync.connections WHERE connection_id = ?", connectionId);
    }

    /** A connection's status (active, needs_reauthorisation, disconnected), or null when it is not stored. */
    public String status(String connectionId) throws SQLException {
        return text("SELECT status FROM xero_sync.connections WHERE connection_id = ?", connectionId);
    }

    /** Every scope the active connections were granted, space-separated (repeats possible), or null when none. */
    public String grantedScopes() throws SQLException {
        return text("SELECT string_agg(scopes, ' ') FROM xero_sync.connections WHERE status = 'active' "
                + "AND scopes IS NOT NULL");
    }

    /**
     * Marks the stored access token expired if {@code isRejected} recognises it (its encrypted form), so a token another
     * thread already replaced is kept.
     */
    public void expireAccessToken(String connectionId, Predicate<String> isRejected) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement read = c.prepareStatement(
                    "SELECT access_token FROM xero_sync.connections WHERE connection_id = ? FOR UPDATE");
                 PreparedStatement expire = c.prepareStatement(
                         "UPDATE xero_sync.connections SET access_expires_at = now() WHERE connection_id = ?")) {
                read.setString(1, connectionId);
                try (ResultSet rs = read.executeQuery()) {
                    if (rs.next() && isRejected.test(rs.getString(1))) {
                        expire.setString(1, connectionId);
                        expire.executeUpdate();
                    }
                }
                c.commit();
            } catch (SQLException | RuntimeException e) {
                SyncStore.rollback(c, e);
                throw e;
            }
        }
    }

    /** What to do with a connection's refresh token (encrypted; null when none is stored) before it is erased. */
    @FunctionalInterface
    public interface BeforeErase {
        void accept(String refreshToken) throws SQLException;
    }

    /**
     * Erases a connection's tokens and marks it disconnected, with its row locked while {@code beforeErase} runs (to
     * revoke the token at Xero); the row stays, so its history keeps its name.
     */
    public void eraseTokens(String connectionId, BeforeErase beforeErase) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement read = c.prepareStatement("SELECT refresh_token FROM xero_sync.connections "
                    + "WHERE connection_id = ? FOR UPDATE");
                 PreparedStatement erase = c.prepareStatement("UPDATE xero_sync.connections SET status = 'disconnected', "
                         + "refresh_token = NULL, access_token = NULL, access_expires_at = NULL, updated_at = now() "
                         + "WHERE connection_id = ?")) {
                read.setString(1, connectionId);
                String refreshToken = null;
                try (ResultSet rs = read.executeQuery()) {
                    if (rs.next()) {
                        refreshToken = rs.getString(1);
                    }
                }
                beforeErase.accept(refreshToken);
                erase.setString(1, connectionId);
                erase.executeUpdate();
                c.commit();
            } catch (SQLException | RuntimeException e) {
                SyncStore.rollback(c, e);
                throw e;
            }
        }
    }

    /** The organisation and its connection, or null when it is not stored. */
    public TenantConnection tenantConnection(String tenantId) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("SELECT t.tenant_name, t.connection_id, t.xero_connection_id, "
                     + "t.status = 'active' AND c.status = 'active' FROM xero_sync.tenants t JOIN xero_sync.connections c "
                     + "USING (connection_id) WHERE t.tenant_id = ?")) {
            s.setString(1, tenantId);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? new TenantConnection(tenantId, rs.getString(1), rs.getString(2), rs.getString(3),
                        rs.getBoolean(4)) : null;
            }
        }
    }

    /** Marks an organisation disconnected; returns whether its connection has no active organisation left. */
    public boolean markDisconnected(String tenantId) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement mark = c.prepareStatement("UPDATE xero_sync.tenants SET status = 'disconnected', "
                     + "updated_at = now() WHERE tenant_id = ? RETURNING connection_id");
             PreparedStatement left = c.prepareStatement("SELECT count(*) FROM xero_sync.tenants "
                     + "WHERE connection_id = ? AND status = 'active'")) {
            mark.setString(1, tenantId);
            String connectionId;
            try (ResultSet rs = mark.executeQuery()) {
                if (!rs.next()) {
                    return false;
                }
                connectionId = rs.getString(1);
            }
            left.setString(1, connectionId);
            try (ResultSet rs = left.executeQuery()) {
                rs.next();
                return rs.getLong(1) == 0;
            }
        }
    }

    private String text(String sql, String... parameters) throws SQLException {
        return Rows.first(dataSource, sql, rs -> rs.getString(1), (Object[]) parameters);
    }

    private static void commitAfter(Connection c, Exception cause) {
        try {
            c.commit();
        } catch (SQLException commitFailed) {
            cause.addSuppressed(commitFailed);
        }
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }

    private static Instant instant(OffsetDateTime time) {
        return time == null ? null : time.toInstant();
    }
}
