package com.xerosync.sandbox.settings;

import java.time.Clock;

/**
 * The sandbox's notion of "now". The generated history ends where {@code today} starts
 * ({@link HistoryWindow}); from then on two clocks run:
 * <ul>
 *   <li>{@link #dataNow()}, the organisation's books: the start of {@code today} until changes are
 *       applied, then the last change. Reports take their "today" and UpdatedDateUTC from it, so
 *       two sandboxes with one seed and one {@code today} answer reports alike.</li>
 *   <li>{@link #current()}, the envelope's DateTimeUTC: the wall clock, never earlier than the books
 *       nor than an earlier answer.</li>
 * </ul>
 * Changes take the wall clock or one millisecond past anything handed out before, whichever is
 * later, so a change is always newer than every record and every DateTimeUTC served before it.
 */
public final class SandboxClock {

    private final HistoryWindow history;
    private final Clock wall;
    private long lastChange;
    private long latest;

    public SandboxClock(HistoryWindow history, Clock wall) {
        this.history = history;
        this.wall = wall;
        this.lastChange = history.todayStart();
        this.latest = history.todayStart();
    }

    public HistoryWindow history() {
        return history;
    }

    /** The books' "now": the start of {@code today}, or the last change when there is one. */
    public synchronized long dataNow() {
        return lastChange;
    }

    /** The current time for an envelope's DateTimeUTC: the wall clock, never going back. */
    public synchronized long current() {
        latest = Math.max(latest, wall.millis());
        return latest;
    }

    /**
     * Takes {@code count} consecutive milliseconds from the later of the wall clock and one past
     * anything handed out before, so no two changed records share an UpdatedDateUTC (a sync paging
     * by it never has to split a tie) and each is newer than every DateTimeUTC served; the last
     * change becomes the last of them.
     *
     * @return the first of them
     */
    public synchronized long advance(int count) {
        long first = Math.max(wall.millis(), latest + 1);
        lastChange = first + Math.max(1, count) - 1;
        latest = lastChange;
        return first;
    }
}
