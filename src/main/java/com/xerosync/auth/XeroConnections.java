package com.xerosync.auth;

import com.xerosync.config.ExternalText;
import com.xerosync.store.ConnectionStore;
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
 * Establishes the connections the sync runs on and records the organisations they reach. A real app is connected by
 * its admin in the browser ({@link #connectWithCode}, from /admin or the connect command), as a custom connection
 * (client credentials), or from a refresh token given once in {@code XERO_REFRESH_TOKEN}; a refresh token is stored
 * and rotated from then on. In sandbox mode the app also connects by itself at every start (unless told not to), so
 * the demo syncs without anyone clicking.
 */
public final class XeroConnections {

    private static final Logger LOG = LoggerFactory.getLogger(XeroConnections.class);

    /** How the app authenticates to Xero. */
    public enum Mode { SANDBOX, REFRESH_TOKEN, CLIENT_CREDENTIALS }

    public static final String SANDBOX_REDIRECT = "http://localhost/xero-sync/callback";

    /**
     * How the built-in sandbox's demo connects without anyone at a browser: its demo user allows every organisation on
     * the authorize pages, and this is where the sandbox then redirects (with a code, or an error).
     */
    @FunctionalInterface
    public interface DemoConsent {
        /** @throws RuntimeException when the pages did not lead back to the app, its message saying where they stopped */
        String redirectAfterConsent(String authorizeUrl);
    }

    private final TokenStore tokens;
    private final XeroIdentityClient identity;
    private final String scopes;
    private final DemoConsent demoConsent;

    /**
     * @param scopes      the scopes the sandbox's demo and a custom connection ask for
     * @param demoConsent the sandbox's demo user allowing access, for {@link Mode#SANDBOX}; null in the other modes
     */
    public XeroConnections(TokenStore tokens, XeroIdentityClient identity, String scopes, DemoConsent demoConsent) {
        this.tokens = tokens;
        this.identity = identity;
        this.scopes = scopes;
        this.demoConsent = demoConsent;
    }

    /**
     * Connects and returns the id of the connection, its organisations recorded in {@code xero_sync.tenants}; null when
     * a grant is expected from the admin and none is stored yet.
     */
    public String connect(Mode mode, String refreshTokenFromEnv) throws SQLException {
        String connectionId;
        switch (mode) {
            case SANDBOX -> {
                connectionId = "sandbox";
                String state = HexFormat.of().formatHex(new SecureRandom().generateSeed(8));
                // a refused scope fails the start with a message naming it and sandbox.scopes
                String code = identity.codeFromRedirect(demoRedirect(identity.authorizeUrl(SANDBOX_REDIRECT, scopes,
                        state)), state, scopes, "sandbox.scopes");
                tokens.saveGrant(connectionId, "sandbox", identity.exchangeCode(code, SANDBOX_REDIRECT), null);
            }
            case CLIENT_CREDENTIALS -> {
                connectionId = "custom:" + identity.clientId();
                tokens.saveGrant(connectionId, "client_credentials", identity.clientCredentials(scopes), null);
            }
            case REFRESH_TOKEN -> {
                connectionId = grantId();
                String stored = tokens.seededFrom(connectionId);
                String fingerprint = refreshTokenFromEnv == null ? null : fingerprint(refreshTokenFromEnv);
                if (fingerprint != null && !fingerprint.equals(stored)) {
                    // a refresh token not seen before: the admin connected again; it replaces the stored one
                    if (tokens.seedGrant(connectionId, new TokenResponse(null, refreshTokenFromEnv, null, null),
                            fingerprint)) {
                        LOG.info("Stored the refresh token from XERO_REFRESH_TOKEN; it is rotated in the database from "
                                + "now on");
                    }
                } else if (stored == null || !"active".equals(tokens.status(connectionId))) {
                    LOG.warn("{}: open the admin page (/admin on camel.server.port) and click Connect, or run: "
                            + "java -jar target/xero-sync.jar connect", stored == null ? "Not connected to Xero yet"
                            : "The Xero connection needs to be connected again (" + tokens.status(connectionId) + ")");
                    return null;
                }
            }
            default -> throw new IllegalArgumentException(mode.toString());
        }
        recordTenants(connectionId);
        return connectionId;
    }

    /**
     * Ends the browser connect flow (the callback brought a code): stores the grant, committed before use, and records
     * the organisations the admin picked. Connecting again replaces the grant; organisations not picked again are
     * marked disconnected, as Xero disconnects them.
     */
    public List<XeroTenant> connectWithCode(String code, String redirectUri) throws SQLException {
        String connectionId = grantId();
        tokens.saveGrant(connectionId, "refresh_token", identity.exchangeCode(code, redirectUri), null);
        return recordTenants(connectionId);
    }

    /** The connection a refresh-token grant of this app is stored under. */
    public String grantId() {
        return "grant:" + identity.clientId();
    }

    /** Reads the organisations a connection reaches from Xero and records them. */
    private List<XeroTenant> recordTenants(String connectionId) throws SQLException {
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
                tenants.stream().map(t -> ExternalText.printable(t.tenantName())).toList());
        return tenants;
    }

    /**
     * Disconnects one organisation, at Xero ({@code DELETE /connections/{id}}) and here. When it was the last
     * organisation of its grant, the grant's refresh token is revoked at Xero and its tokens erased. The synced data is
     * kept unless {@code purge}.
     */
    public void disconnect(String tenantId, boolean purge, TenantData data) throws SQLException {
        ConnectionStore.TenantConnection tenant = tokens.tenantConnection(tenantId);
        if (tenant == null) {
            throw new IllegalArgumentException("No organisation " + tenantId + " is connected");
        }
        if (tenant.active()) {
            String accessToken = tokens.accessToken(tenant.connectionId());
            if (tenant.xeroConnectionId() != null) {
                identity.deleteConnection(accessToken, tenant.xeroConnectionId());
            }
        }
        boolean last = tokens.markDisconnected(tenantId);
        LOG.info("Organisation {} ({}) disconnected{}", ExternalText.printable(tenant.tenantName()), tenantId, purge ? "; its data is purged" : "; its data is kept");
        if (last) {
            tokens.revokeAndErase(tenant.connectionId(), identity::revoke);
            LOG.info("Connection {} had no organisation left: its refresh token is revoked at Xero and erased", tenant.connectionId());
        }
        if (purge) {
            data.purge(tenantId);
        }
    }

    private String demoRedirect(String authorizeUrl) {
        if (demoConsent == null) {
            throw new IllegalStateException("The sandbox's demo connects only with the sandbox's demo consent");
        }
        try {
            return demoConsent.redirectAfterConsent(authorizeUrl);
        } catch (RuntimeException e) {
            // the consent says where the pages stopped; it becomes Xero's refusal, as a person would have met it
            throw identity.notApproved(e.getMessage());
        }
    }

    /** Removes an organisation's synced data (for {@link #disconnect} with purge). */
    @FunctionalInterface
    public interface TenantData {
        void purge(String tenantId) throws SQLException;
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
