package com.xerosync.sync;

/** A record (or response) Xero sent that cannot be stored as it is; the page it came in is not stored. */
public class BadRecordException extends RuntimeException {

    public BadRecordException(String message) {
        super(message);
    }

    public BadRecordException(String message, Throwable cause) {
        super(message, cause);
    }
}
