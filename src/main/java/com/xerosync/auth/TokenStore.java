package com.xerosync.auth;

import com.xerosync.store.ConnectionStore;
import com.xerosync.store.ConnectionStore.ReachedTenant;
import com.xerosync.store.ConnectionStore.StoredConnection;
import com.xerosync.store.ConnectionStore.TenantConnection;
import com.xerosync.store.ConnectionStore.Tokens;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Access tokens for each connection, kept encrypted in PostgreSQL ({@link ConnectionStore}). Refreshes run one at a time
 * per connection (a JVM lock, and the connection's row locked for the refresh, so other processes wait too), and the
 * rotated refresh token is committed before the new access token is handed out: a crash can never leave the only
 * valid refresh token in memory.
 */
public final class TokenStore {

    private static final Logger LOG = LoggerFactory.getLogger(TokenStore.class);

    private record CachedToken(String token, Instant expiresAt) {
    }

    private final ConnectionStore store;
    private final TokenCipher cipher;
    private final XeroIdentityClient identity;
    private final Clock clock;
    private final Duration margin;
    private final Map<String, CachedToken> cache = new ConcurrentHashMap<>();
    private final Map<String, ReentrantLock> locks = new ConcurrentHashMap<>();

    /**
     * @param margin refresh when the access token expires within this, so no call starts with a token about to lapse
     */
    public TokenStore(ConnectionStore store, TokenCipher cipher, XeroIdentityClient identity, Clock clock,
                      Duration margin) {
        this.store = store;
        this.cipher = cipher;
        this.identity = identity;
        this.clock = clock;
        this.margin = margin;
    }

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
        return store.refreshLocked(connectionId, (stored, locked) -> {
            if (stored == null) {
                throw new XeroAuthException("no_connection", "Connection " + connectionId + " is not stored");
            }
            String accessToken = cipher.decrypt(stored.accessToken(), connectionId);
            Instant expires = stored.accessExpiresAt();
            // another thread or process may have refreshed while this one waited for the row
            if (accessToken != null && expires != null && fresh(new CachedToken(accessToken, expires))) {
                return new CachedToken(accessToken, expires);
            }
            if (!"active".equals(stored.status())) {
                throw new XeroAuthException("invalid_grant", "Connection " + connectionId
                        + " needs re-authorisation: connect Xero again (see README, 'Connecting a real Xero app')");
            }
            TokenResponse token;
            try {
                token = requestToken(stored, connectionId);
            } catch (XeroAuthException e) {
                if (e.invalidGrant()) {
                    locked.markNeedsReauthorisation();
                    LOG.error("Connection {} needs re-authorisation: Xero refused its refresh token (invalid_grant). "
                            + "Its organisations are not synced until it is connected again; nothing stored is lost.",
                            connectionId);
                }
                throw e;
            }
            locked.saveTokens(encrypted(connectionId, token));
            LOG.info("Connection {}: access token refreshed, valid until {}", connectionId, token.expiresAt());
            return new CachedToken(token.accessToken(), token.expiresAt());
        });
    }

    private TokenResponse requestToken(StoredConnection stored, String connectionId) {
        // a custom connection asks again for the scopes it was granted
        return "client_credentials".equals(stored.authMode()) ? identity.clientCredentials(stored.scopes())
                : identity.refresh(cipher.decrypt(stored.refreshToken(), connectionId));
    }

    private Tokens encrypted(String connectionId, TokenResponse token) {
        return new Tokens(cipher.encrypt(token.refreshToken(), connectionId),
                cipher.encrypt(token.accessToken(), connectionId), token.expiresAt(), token.scope());
    }

    /** Stores a new grant (or replaces a connection's tokens), committed before the tokens are used. */
    public void saveGrant(String connectionId, String mode, TokenResponse token, String seededFrom) throws SQLException {
        storeGrant(connectionId, mode, token, seededFrom, false);
    }

    /**
     * Stores a refresh token given once (XERO_REFRESH_TOKEN) unless the connection was already seeded from it: nodes of
     * a cluster starting together with the same token store it once, and none overwrites the token another has
     * already rotated. Returns whether it was stored.
     */
    public boolean seedGrant(String connectionId, TokenResponse token, String seededFrom) throws SQLException {
        return storeGrant(connectionId, "refresh_token", token, seededFrom, true);
    }

    private boolean storeGrant(String connectionId, String mode, TokenResponse token, String seededFrom,
                               boolean unlessSeededFrom) throws SQLException {
        boolean stored = store.storeGrant(connectionId, mode, encrypted(connectionId, token), seededFrom,
                unlessSeededFrom);
        cache.remove(connectionId);
        return stored;
    }

    /** Records the organisations a connection reaches; those it no longer lists are marked disconnected. */
    public void saveTenants(String connectionId, List<XeroTenant> tenants) throws SQLException {
        store.saveTenants(connectionId, tenants.stream().map(t -> new ReachedTenant(t.tenantId(), t.tenantName(),
                t.tenantType(), t.connectionId())).toList());
    }

    /** The stored fingerprint of the refresh token a connection was seeded from, or null when it is not stored. */
    public String seededFrom(String connectionId) throws SQLException {
        return store.seededFrom(connectionId);
    }

    /** Marks the stored access token expired, unless another thread already replaced the rejected one. */
    private void expire(String connectionId, String rejected) throws SQLException {
        cache.remove(connectionId);
        store.expireAccessToken(connectionId, stored -> rejected != null
                && rejected.equals(cipher.decrypt(stored, connectionId)));
    }

    private boolean fresh(CachedToken token) {
        return token != null && token.expiresAt().isAfter(clock.instant().plus(margin));
    }

    /** A connection's status (active, needs_reauthorisation, disconnected), or null when it is not stored. */
    public String status(String connectionId) throws SQLException {
        return store.status(connectionId);
    }

    public TenantConnection tenantConnection(String tenantId) throws SQLException {
        return store.tenantConnection(tenantId);
    }

    /** Marks an organisation disconnected; returns whether its connection has no active organisation left. */
    public boolean markDisconnected(String tenantId) throws SQLException {
        return store.markDisconnected(tenantId);
    }

    /**
     * Revokes a connection's refresh token at Xero ({@code revoker}) and erases its tokens; the connection stays, marked
     * disconnected, so its history keeps its name. A token Xero no longer knows is erased all the same.
     */
    public void revokeAndErase(String connectionId, Consumer<String> revoker) throws SQLException {
        store.eraseTokens(connectionId, encrypted -> {
            if (encrypted == null) {
                return;
            }
            try {
                revoker.accept(cipher.decrypt(encrypted, connectionId));
            } catch (XeroAuthException e) {
                LOG.warn("Xero did not revoke the refresh token of connection {} ({}); it is erased here anyway",
                        connectionId, e.getMessage());
            }
        });
        cache.remove(connectionId);
    }
}
