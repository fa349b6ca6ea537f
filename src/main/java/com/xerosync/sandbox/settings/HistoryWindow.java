package com.xerosync.sandbox.settings;

import com.xerosync.sandbox.http.XeroFormat;

import java.time.LocalDate;

/**
 * The span of an organisation's generated history: the 42 months (three and a half years) up to
 * the start of {@code today} (UTC). Every generated record is stamped within it and dated no later
 * than its last day, the day before {@code today}; nothing generated is later than the current
 * time, so a change made today is always newer than every generated record. The window depends
 * on {@code today} alone: the same seed and the same day give byte-identical data.
 */
public record HistoryWindow(LocalDate today, long start, long end) {

    /** Three and a half years of history, as a Demo Company that has been trading for a while. */
    static final int MONTHS = 42;

    /** From midnight UTC 42 months before {@code today} to the last millisecond before {@code today}. */
    public static HistoryWindow endingBefore(LocalDate today) {
        return new HistoryWindow(today, today.minusMonths(MONTHS).toEpochDay() * XeroFormat.DAY_MILLIS,
                today.toEpochDay() * XeroFormat.DAY_MILLIS - 1);
    }

    /** The first day of the history. */
    public LocalDate firstDay() {
        return XeroFormat.day(start);
    }

    /** The last day of the history (the day before {@code today}). */
    public LocalDate lastDay() {
        return XeroFormat.day(end);
    }

    /** Midnight UTC at the start of {@code today}: the moment the history ends. */
    public long todayStart() {
        return end + 1;
    }
}
