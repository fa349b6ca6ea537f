package com.xerosync.sync;

/**
 * Xero refused a call for a missing permission: 401 {@code AuthorizationUnsuccessful} with a freshly refreshed token
 * (a refresh does not cure a missing scope). Not a failure: the run is recorded as skipped, naming the permission to
 * add, and the API is not called again for the organisation until the connection is connected again.
 */
public final class XeroScopeRefusedException extends XeroApiException {

    public XeroScopeRefusedException(int status, String message) {
        super(status, message);
    }
}
