package com.xerosync.config;

import java.time.Duration;
import java.util.Objects;

/**
 * Xero's rate limits (developer.xero.com, "OAuth 2.0 API limits"): per organisation {@code concurrent} requests in
 * flight, {@code perMinute} in its minute window and {@code perDay} in its day window, and {@code appPerMinute} in the
 * app's minute window across every organisation. One definition for both sides: the sync's governor keeps to them, and
 * the sandbox counts them and reports them in the {@code X-*Limit-Remaining} headers.
 *
 * <p>{@code enforced} false switches off the concurrency, minute and app limits, never the day's: the sandbox then
 * answers 429 only past the day limit (the demo), and the governor holds no call back for them. The window lengths are
 * settings so that tests (and people trying the product) need not wait a real minute: a "minute" of two seconds still
 * allows {@code perMinute} calls.
 */
public record XeroRateLimits(boolean enforced, int concurrent, int perMinute, int perDay, int appPerMinute,
                             Duration minute, Duration day) {

    /** Xero's published limits, enforced, with the paid plans' 5,000 calls a day. */
    public static final XeroRateLimits XERO = new XeroRateLimits(true, 5, 60, 5000, 10_000, Duration.ofMinutes(1),
            Duration.ofDays(1));

    public XeroRateLimits {
        Objects.requireNonNull(minute, "minute");
        Objects.requireNonNull(day, "day");
        if (concurrent < 1 || perMinute < 1 || perDay < 1 || appPerMinute < 1) {
            throw new IllegalArgumentException("rate limits must be at least 1 (concurrent " + concurrent + ", perMinute "
                    + perMinute + ", perDay " + perDay + ", appPerMinute " + appPerMinute + ")");
        }
        if (minute.toMillis() < 1 || day.toMillis() < 1) {
            throw new IllegalArgumentException("rate limit windows must be at least a millisecond (minute " + minute
                    + ", day " + day + ")");
        }
    }

    public XeroRateLimits withEnforced(boolean enforced) {
        return new XeroRateLimits(enforced, concurrent, perMinute, perDay, appPerMinute, minute, day);
    }

    /** Calls a day each organisation allows (the app's plan decides it at Xero). */
    public XeroRateLimits withPerDay(int perDay) {
        return new XeroRateLimits(enforced, concurrent, perMinute, perDay, appPerMinute, minute, day);
    }

    /** The length of the day windows; the calls a day allows stay as they are. */
    public XeroRateLimits withDay(Duration day) {
        return new XeroRateLimits(enforced, concurrent, perMinute, perDay, appPerMinute, minute, day);
    }

    /** The length of the per-organisation and app "minute" windows; the limits per window stay as they are. */
    public XeroRateLimits withMinute(Duration minute) {
        return new XeroRateLimits(enforced, concurrent, perMinute, perDay, appPerMinute, minute, day);
    }
}
