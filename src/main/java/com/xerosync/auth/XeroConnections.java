package com.xerosync.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.SQLException;
import java.util.HexFormat;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Establishes the connection the sync runs on, before the routes start, and records the organisations it reaches.
 * Until the browser connect flow exists, a real app connects as a custom connection (client credentials) or from a
 * refresh token given once in {@code XERO_REFRESH_TOKEN}, stored and rotated from then on. The built-in sandbox
 * approves by itself, so in sandbox mode the app (re)connects at every start, as a deployment keeps its connection.
 */
public final class XeroConnections {

    private static final Logger LOG = LoggerFactory.getLogger(XeroConnections.class);

    /** How the app authenticates to Xero. */
    public enum Mode { SANDBOX, REFRESH_TOKEN, CLIENT_CREDENTIALS }

    public static final String SANDBOX_REDIRECT = "http://localhost/xero-sync/callback";

    private final TokenStore tokens;
    private final XeroIdentityClient identity;
    private final String scopes;

    public XeroConnections(TokenStore tokens, XeroIdentityClient identity, String scopes) {
        this.tokens = tokens;
        this.identity = identity;
        this.scopes = scopes;
    }

    /** Connects and returns the id of the connection, its organisations recorded in {@code xero_sync.tenants}. */
    public String connect(Mode mode, String refreshTokenFromEnv) throws SQLException {
        String connectionId;
        switch (mode) {
            case SANDBOX -> {
                connectionId = "sandbox";
                String state = HexFormat.of().formatHex(new SecureRandom().generateSeed(8));
                String code = identity.authorizeWithoutBrowser(SANDBOX_REDIRECT, scopes, state);
                tokens.saveGrant(connectionId, "sandbox", identity.exchangeCode(code, SANDBOX_REDIRECT), null);
            }
            case CLIENT_CREDENTIALS -> {
                connectionId = "custom:" + identity.clientId();
                tokens.saveGrant(connectionId, "client_credentials", identity.clientCredentials(), null);
            }
            case REFRESH_TOKEN -> {
                connectionId = "grant:" + identity.clientId();
                String stored = tokens.seededFrom(connectionId);
                String fingerprint = refreshTokenFromEnv == null ? null : fingerprint(refreshTokenFromEnv);
                if (fingerprint != null && !fingerprint.equals(stored)) {
                    // a refresh token not seen before: the admin connected again; it replaces the stored one
                    tokens.saveGrant(connectionId, "refresh_token",
                            new TokenResponse(null, refreshTokenFromEnv, null, null), fingerprint);
                    LOG.info("Stored the refresh token from XERO_REFRESH_TOKEN; it is rotated in the database from now on");
                } else if (stored == null) {
                    throw new XeroAuthException("no_connection", "No Xero connection is stored yet: give a refresh "
                            + "token once in XERO_REFRESH_TOKEN (from Xero's OAuth flow, scope offline_access), or set "
                            + "xero.auth-mode=client-credentials for a custom connection");
                }
            }
            default -> throw new IllegalArgumentException(mode.toString());
        }
        String accessToken = tokens.accessToken(connectionId);
        List<XeroTenant> tenants;
        try {
            tenants = identity.connections(accessToken);
        } catch (XeroAuthException e) {
            if (!"unauthorized".equals(e.error())) {
                throw e;
            }
            // the stored access token was revoked before its time (e.g. while this process was stopped)
            tenants = identity.connections(tokens.refreshAfterRejection(connectionId, accessToken));
        }
        tokens.saveTenants(connectionId, tenants);
        LOG.info("Connection {} reaches {} organisation(s): {}", connectionId, tenants.size(),
                tenants.stream().map(XeroTenant::tenantName).toList());
        return connectionId;
    }

    /** A fingerprint of a secret, to notice a new one without storing it twice. */
    static String fingerprint(String secret) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
