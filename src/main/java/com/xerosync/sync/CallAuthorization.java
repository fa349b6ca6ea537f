package com.xerosync.sync;

import com.xerosync.auth.TokenStore;
import java.sql.SQLException;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The xero-call route's two token steps: the headers that authorise a run's next call, and what a 401 means for the
 * run. The tokens themselves are {@link TokenStore}'s; what a refusal does to the run is decided here.
 */
public final class CallAuthorization {

    private static final Logger LOG = LoggerFactory.getLogger(CallAuthorization.class);

    /** The Detail of Xero's 401 for a missing scope (an expired token's starts with TokenExpired). */
    static final String AUTHORIZATION_UNSUCCESSFUL = "AuthorizationUnsuccessful";

    private final TokenStore tokens;

    public CallAuthorization(TokenStore tokens) {
        this.tokens = tokens;
    }

    /** Camel step: sets the Authorization and xero-tenant-id headers of the run's next call. */
    public void authorize(Exchange exchange) throws SQLException {
        SyncRun run = exchange.getProperty(SyncRun.PROPERTY, SyncRun.class);
        exchange.getMessage().setHeader("Authorization", "Bearer " + tokens.accessToken(run.connectionId()));
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
            tokens.refreshAfterRejection(run.connectionId(), token);
            return;
        }
        if (!run.retryWithFreshToken()) {
            throw XeroApiException.of(401, body, run.api().endpoint() + " of " + run);
        }
        run.refreshedAfterRejection();
        LOG.info("{} · access token rejected (401); refreshing and retrying page {}", run, run.page());
        tokens.refreshAfterRejection(run.connectionId(), token);
    }
}
