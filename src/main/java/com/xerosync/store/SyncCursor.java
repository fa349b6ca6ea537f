package com.xerosync.store;

import java.time.Instant;

/**
 * How far an API has been synced for one organisation, like a Debezium offset: written only in the transaction that
 * stores the records it covers. Either a version (for If-Modified-Since) or a position (for offset paging).
 *
 * @param modifiedSince the latest version (UpdatedDateUTC) stored, for incremental APIs
 * @param complete      true when every record with a version at or before {@code modifiedSince} is stored; false
 *                      when a page boundary fell among records sharing that version, so only those strictly before
 *                      it are known to be stored
 * @param position      the highest offset value stored (e.g. JournalNumber), for APIs paged by offset
 */
public record SyncCursor(Instant modifiedSince, boolean complete, Long position) {

    public SyncCursor(Instant modifiedSince, boolean complete) {
        this(modifiedSince, complete, null);
    }

    public static SyncCursor position(long position) {
        return new SyncCursor(null, true, position);
    }

    /** The If-Modified-Since to ask for: Xero returns records modified strictly after it. */
    public Instant nextModifiedSince() {
        return complete ? modifiedSince : modifiedSince.minusMillis(1);
    }
}
