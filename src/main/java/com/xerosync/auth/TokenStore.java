package com.xerosync.auth;

import com.xerosync.sync.SyncRun;
import com.xerosync.sync.XeroApiException;
import com.xerosync.sync.XeroScopeRefusedException;
import com.xerosync.store.SyncStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import javax.sql.DataSource;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Access tokens for each connection, kept in PostgreSQL ({@code xero_sync.connections}). Refreshes run one at a time
 * per connection (a JVM lock, and the connection's row locked for the refresh, so other processes wait too), and the
 * rotated refresh token is committed before the new access token is handed out: a crash can never leave the only
 * valid refresh token in memory.
 */
public final class TokenStore {

    private static final Logger LOG = LoggerFactory.getLogger(TokenStore.class);

    private record CachedToken(String token, Instant expiresAt) {
    }

    private final DataSource dataSource;
    private final TokenCipher cipher;
    private final XeroIdentityClient identity;
    private final Clock clock;
    private final Duration margin;
    private final Map<String, CachedToken> cache = new ConcurrentHashMap<>();
    private final Map<String, ReentrantLock> locks = new ConcurrentHashMap<>();

    /**
     * @param margin refresh when the access token expires within this, so no call starts with a token about to lapse
     */
    public TokenStore(DataSource dataSource, TokenCipher cipher, XeroIdentityClient identity, Clock clock,
                      Duration margin) {
        this.dataSource = dataSource;
        this.cipher = cipher;
        this.identity = identity;
        this.clock = clock;
        this.margin = margin;
    }

    /** Camel step: sets the Authorization and xero-tenant-id headers of the run's next call. */
    public void authorize(Exchange exchange) throws SQLException {
        SyncRun run = exchange.getProperty(SyncRun.PROPERTY, SyncRun.class);
        exchange.getMessage().setHeader("Authorization", "Bearer " + accessToken(run.connectionId()));
        exchange.getMessage().setHeader("xero-tenant-id", run.tenantId());
    }

    /**
     * Camel step for a 401: forgets the token so the next attempt refreshes it. An expired token ({@code TokenExpired})
     * gets one such retry per page, a second 401 fails the run. {@code AuthorizationUnsuccessful} is refreshed and
     * repeated at most once per run: refused again with the fresh token, it is a missing scope, which no refresh cures,
     * and the run is skipped ({@link XeroScopeRefusedException}) without marking the connection for re-authorisation.
     */
    public void rejected(Exchange exchange) throws SQLException {
        SyncRun run = exchange.getProperty(SyncRun.PROPERTY, SyncRun.class);
        String header = exchange.getMessage().getHeader("Authorization", String.class);
        String token = header == null ? null : header.replaceFirst("^Bearer ", "");
        String body = exchange.getMessage().getBody(String.class);
        if (AUTHORIZATION_UNSUCCESSFUL.equals(XeroApiException.problemDetail(body))) {
            if (!run.refreshForRefusal()) {
                throw new XeroScopeRefusedException(401, "Xero refused " + run.api().endpoint() + " with 401 "
                        + AUTHORIZATION_UNSUCCESSFUL + ", again with a freshly refreshed access token");
            }
            LOG.info("{} · Xero answered 401 {}; refreshing the access token once to tell an outdated token from a "
                    + "missing permission", run, AUTHORIZATION_UNSUCCESSFUL);
            refreshAfterRejection(run.connectionId(), token);
            return;
        }
        if (!run.retryWithFreshToken()) {
            throw XeroApiException.of(401, body, run.api().endpoint() + " of " + run);
        }
        run.refreshedAfterRejection();
        LOG.info("{} · access token rejected (401); refreshing and retrying page {}", run, run.page());
        refreshAfterRejection(run.connectionId(), token);
    }

    /** The Detail of Xero's 401 for a missing scope (an expired token's starts with TokenExpired). */
    static final String AUTHORIZATION_UNSUCCESSFUL = "AuthorizationUnsuccessful";

    /** A new access token, after Xero rejected {@code rejected} before its time. */
    public String refreshAfterRejection(String connectionId, String rejected) throws SQLException {
        expire(connectionId, rejected);
        return accessToken(connectionId);
    }

    /** A valid access token for the connection, refreshed first when it is missing or about to expire. */
    public String accessToken(String connectionId) throws SQLException {
        CachedToken cached = cache.get(connectionId);
        if (fresh(cached)) {
            return cached.token();
        }
        ReentrantLock lock = locks.computeIfAbsent(connectionId, id -> new ReentrantLock());
        lock.lock();
        try {
            cached = cache.get(connectionId);
            if (fresh(cached)) {
                return cached.token();
            }
            CachedToken token = refreshLocked(connectionId);
            cache.put(connectionId, token);
            return token.token();
        } finally {
            lock.unlock();
        }
    }

    private CachedToken refreshLocked(String connectionId) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement s = c.prepareStatement("SELECT auth_mode, status, refresh_token, access_token, "
                    + "access_expires_at, scopes FROM xero_sync.connections WHERE connection_id = ? FOR UPDATE")) {
                s.setString(1, connectionId);
                try (ResultSet rs = s.executeQuery()) {
                    if (!rs.next()) {
                        throw new XeroAuthException("no_connection", "Connection " + connectionId + " is not stored");
                    }
                    String mode = rs.getString(1);
                    String status = rs.getString(2);
                    String refreshToken = cipher.decrypt(rs.getString(3), connectionId);
                    String accessToken = cipher.decrypt(rs.getString(4), connectionId);
                    OffsetDateTime expires = rs.getObject(5, OffsetDateTime.class);
                    // another thread or process may have refreshed while this one waited for the row
                    if (accessToken != null && expires != null && fresh(new CachedToken(accessToken, expires.toInstant()))) {
                        c.commit();
                        return new CachedToken(accessToken, expires.toInstant());
                    }
                    if (!"active".equals(status)) {
                        throw new XeroAuthException("invalid_grant", "Connection " + connectionId
                                + " needs re-authorisation: connect Xero again (see README, 'Connecting a real Xero app')");
                    }
                    TokenResponse token;
                    try {
                        // a custom connection asks again for the scopes it was granted
                        token = "client_credentials".equals(mode) ? identity.clientCredentials(rs.getString(6))
                                : identity.refresh(refreshToken);
                    } catch (XeroAuthException e) {
                        if (e.invalidGrant()) {
                            markNeedsReauthorisation(c, connectionId);
                            c.commit();
                            LOG.error("Connection {} needs re-authorisation: Xero refused its refresh token (invalid_grant). "
                                    + "Its organisations are not synced until it is connected again; nothing stored is lost.",
                                    connectionId);
                        } else {
                            c.rollback();
                        }
                        throw e;
                    }
                    save(c, connectionId, token);
                    c.commit();
                    LOG.info("Connection {}: access token refreshed, valid until {}", connectionId, token.expiresAt());
                    return new CachedToken(token.accessToken(), token.expiresAt());
                }
            } catch (SQLException | RuntimeException e) {
                if (!c.getAutoCommit()) {
                    SyncStore.rollback(c, e);
                }
                throw e;
            }
        }
    }

    /** Stores a new grant (or replaces a connection's tokens), committed before the tokens are used. */
    public void saveGrant(String connectionId, String mode, TokenResponse token, String seededFrom) throws SQLException {
        storeGrant(connectionId, mode, token, seededFrom, "");
    }

    /**
     * Stores a refresh token given once (XERO_REFRESH_TOKEN) unless the connection was already seeded from it: nodes of
     * a cluster starting together with the same token store it once, and none overwrites the token another has
     * already rotated. Returns whether it was stored.
     */
    public boolean seedGrant(String connectionId, TokenResponse token, String seededFrom) throws SQLException {
        return storeGrant(connectionId, "refresh_token", token, seededFrom,
                " WHERE connections.seeded_from IS DISTINCT FROM EXCLUDED.seeded_from") > 0;
    }

    private int storeGrant(String connectionId, String mode, TokenResponse token, String seededFrom, String condition)
            throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("INSERT INTO xero_sync.connections (connection_id, auth_mode, status, "
                     + "refresh_token, seeded_from, access_token, access_expires_at, scopes, refreshed_at, updated_at) "
                     + "VALUES (?, ?, 'active', ?, ?, ?, ?, ?, now(), now()) ON CONFLICT (connection_id) DO UPDATE SET "
                     + "auth_mode = EXCLUDED.auth_mode, status = 'active', refresh_token = EXCLUDED.refresh_token, "
                     + "seeded_from = EXCLUDED.seeded_from, access_token = EXCLUDED.access_token, "
                     + "access_expires_at = EXCLUDED.access_expires_at, scopes = EXCLUDED.scopes, "
                     + "refreshed_at = now(), updated_at = now()" + condition)) {
            s.setString(1, connectionId);
            s.setString(2, mode);
            s.setString(3, cipher.encrypt(token.refreshToken(), connectionId));
            s.setString(4, seededFrom);
            s.setString(5, cipher.encrypt(token.accessToken(), connectionId));
            s.setObject(6, token.expiresAt() == null ? null : token.expiresAt().atOffset(ZoneOffset.UTC));
            s.setString(7, token.scope());
            int stored = s.executeUpdate();
            cache.remove(connectionId);
            if (stored > 0) {
                // a new grant: what Xero refused the old one for a missing permission is asked again
                try (PreparedStatement forget = c.prepareStatement(
                        "DELETE FROM xero_sync.scope_refusals WHERE connection_id = ?")) {
                    forget.setString(1, connectionId);
                    forget.executeUpdate();
                }
            }
            return stored;
        }
    }

    /** Records the organisations a connection reaches; those it no longer lists are marked disconnected. */
    public void saveTenants(String connectionId, List<XeroTenant> tenants) throws SQLException {
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
                gone.setArray(2, c.createArrayOf("text", tenants.stream().map(XeroTenant::tenantId).toArray()));
                gone.executeUpdate();
                for (XeroTenant tenant : tenants) {
                    upsert.setString(1, tenant.tenantId());
                    upsert.setString(2, connectionId);
                    upsert.setString(3, tenant.tenantName());
                    upsert.setString(4, tenant.tenantType());
                    upsert.setString(5, tenant.connectionId());
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
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement(
                     "SELECT coalesce(seeded_from, '') FROM xero_sync.connections WHERE connection_id = ?")) {
            s.setString(1, connectionId);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    /** Marks the stored access token expired, unless another thread already replaced the rejected one. */
    private void expire(String connectionId, String rejected) throws SQLException {
        cache.remove(connectionId);
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement read = c.prepareStatement(
                    "SELECT access_token FROM xero_sync.connections WHERE connection_id = ? FOR UPDATE");
                 PreparedStatement expire = c.prepareStatement(
                         "UPDATE xero_sync.connections SET access_expires_at = now() WHERE connection_id = ?")) {
                read.setString(1, connectionId);
                try (ResultSet rs = read.executeQuery()) {
                    if (rs.next() && rejected != null && rejected.equals(cipher.decrypt(rs.getString(1), connectionId))) {
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

    private void save(Connection c, String connectionId, TokenResponse token) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("UPDATE xero_sync.connections SET "
                + "refresh_token = coalesce(?, refresh_token), access_token = ?, access_expires_at = ?, "
                + "scopes = coalesce(?, scopes), refreshed_at = now(), updated_at = now() WHERE connection_id = ?")) {
            s.setString(1, cipher.encrypt(token.refreshToken(), connectionId));
            s.setString(2, cipher.encrypt(token.accessToken(), connectionId));
            s.setObject(3, token.expiresAt().atOffset(ZoneOffset.UTC));
            s.setString(4, token.scope());
            s.setString(5, connectionId);
            s.executeUpdate();
        }
    }

    private static void markNeedsReauthorisation(Connection c, String connectionId) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("UPDATE xero_sync.connections SET status = 'needs_reauthorisation', "
                + "access_token = NULL, access_expires_at = NULL, updated_at = now() WHERE connection_id = ?")) {
            s.setString(1, connectionId);
            s.executeUpdate();
        }
    }

    private boolean fresh(CachedToken token) {
        return token != null && token.expiresAt().isAfter(clock.instant().plus(margin));
    }

    /** A connection's status (active, needs_reauthorisation, disconnected), or null when it is not stored. */
    public String status(String connectionId) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("SELECT status FROM xero_sync.connections WHERE connection_id = ?")) {
            s.setString(1, connectionId);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    /** An organisation and the connection it is reached through. */
    public record TenantConnection(String tenantId, String tenantName, String connectionId, String xeroConnectionId,
                                   boolean active) {
    }

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

    /**
     * Revokes a connection's refresh token at Xero ({@code revoker}) and erases its tokens; the connection stays, marked
     * disconnected, so its history keeps its name. A token Xero no longer knows is erased all the same.
     */
    public void revokeAndErase(String connectionId, java.util.function.Consumer<String> revoker) throws SQLException {
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
                    if (rs.next() && rs.getString(1) != null) {
                        refreshToken = cipher.decrypt(rs.getString(1), connectionId);
                    }
                }
                if (refreshToken != null) {
                    try {
                        revoker.accept(refreshToken);
                    } catch (XeroAuthException e) {
                        LOG.warn("Xero did not revoke the refresh token of connection {} ({}); it is erased here anyway",
                                connectionId, e.getMessage());
                    }
                }
                erase.setString(1, connectionId);
                erase.executeUpdate();
                c.commit();
            } catch (SQLException | RuntimeException e) {
                SyncStore.rollback(c, e);
                throw e;
            }
        }
        cache.remove(connectionId);
    }
}
