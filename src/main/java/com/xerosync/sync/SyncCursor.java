package com.xerosync.sync;

import java.time.Instant;

/**
 * How far an incremental API has been synced for one organisation, like a Debezium offset: written only in the
 * transaction that stores the records it covers.
 *
 * @param modifiedSince the latest version (UpdatedDateUTC) stored
 * @param complete      true when every record with a version at or before {@code modifiedSince} is stored; false
 *                      when a page boundary fell among records sharing that version, so only those strictly before
 *                      it are known to be stored
 */
public record SyncCursor(Instant modifiedSince, boolean complete) {

    /** The If-Modified-Since to ask for: Xero returns records modified strictly after it. */
    public Instant nextModifiedSince() {
        return complete ? modifiedSince : modifiedSince.minusMillis(1);
    }
}
