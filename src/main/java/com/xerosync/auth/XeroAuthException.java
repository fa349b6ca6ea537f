package com.xerosync.auth;

/** Xero's identity service refused a grant, or could not be reached. */
public class XeroAuthException extends RuntimeException {

    private final String error;

    public XeroAuthException(String error, String message) {
        super(message);
        this.error = error;
    }

    public XeroAuthException(String error, String message, Throwable cause) {
        super(message, cause);
        this.error = error;
    }

    /** OAuth error code ({@code invalid_grant}, {@code invalid_client}…) or {@code unavailable}. */
    public String error() {
        return error;
    }

    /** Whether Xero's identity service was unreachable or failing (nothing was refused): trying later may succeed. */
    public boolean unavailable() {
        return "unavailable".equals(error) || "temporarily_unavailable".equals(error) || "server_error".equals(error);
    }

    public boolean invalidGrant() {
        return "invalid_grant".equals(error);
    }
}
