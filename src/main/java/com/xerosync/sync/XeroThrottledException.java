package com.xerosync.sync;

import java.time.Instant;

/**
 * Xero's daily limit for an organisation is used up: its runs stop at their last stored page and the organisation is
 * parked until {@link #until()}, when the limit has reset. Not a failure: the run is recorded as throttled.
 */
public final class XeroThrottledException extends XeroApiException {

    private final Instant until;

    public XeroThrottledException(Instant until, String message) {
        super(429, message);
        this.until = until;
    }

    public Instant until() {
        return until;
    }
}
