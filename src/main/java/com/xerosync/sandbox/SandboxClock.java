package com.xerosync.sandbox;

import java.time.Instant;

/**
 * The sandbox's notion of "now" for data: it starts at the end of the generated history (so two
 * sandboxes with one seed answer byte for byte alike, envelope DateTimeUTC included) and moves
 * only when changes are applied, to the wall clock or one millisecond past the last change,
 * whichever is later. A change is therefore always newer than every record and every
 * DateTimeUTC served before it.
 */
final class SandboxClock {

    /** Generated history spans 2023-01-01 .. 2026-06-30 (UTC); nothing generated is later. */
    static final long HISTORY_START = Instant.parse("2023-01-01T00:00:00Z").toEpochMilli();
    static final long HISTORY_END = Instant.parse("2026-06-30T23:59:59.999Z").toEpochMilli();

    private long now = HISTORY_END;

    synchronized long now() {
        return now;
    }

    /**
     * Takes {@code count} consecutive milliseconds from the later of the wall clock and the last
     * change, so no two changed records share an UpdatedDateUTC (a sync paging by it never has
     * to split a tie); "now" becomes the last of them.
     *
     * @return the first of them
     */
    synchronized long advance(int count) {
        long first = Math.max(System.currentTimeMillis(), now + 1);
        now = first + Math.max(1, count) - 1;
        return first;
    }
}
