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

    public boolean invalidGrant() {
        return "invalid_grant".equals(error);
    }
}
