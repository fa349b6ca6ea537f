package com.xerosync.sandbox;

import java.time.Duration;
import java.util.Objects;

/**
 * Xero's rate limits as the sandbox counts them: per organisation {@code concurrent} requests in flight,
 * {@code perMinute} in its minute window and {@code perDay} in its day window, and {@code appPerMinute} in the app's
 * minute window across every organisation. The {@code X-*Limit-Remaining} headers always report them. A request over
 * the day limit is always answered 429, as Xero enforces the day limit of the app's plan on every plan; one over the
 * concurrency, minute or app limits only when {@code enforced}.
 *
 * <p>The window lengths are settings so that tests (and people trying the product) need not wait a real minute: a
 * "minute" of two seconds still allows {@code perMinute} calls.
 */
public record RateLimits(boolean enforced, int concurrent, int perMinute, int perDay, int appPerMinute,
                         Duration minute, Duration day) {

    /** Xero's published limits, enforced. */
    public static final RateLimits XERO = new RateLimits(true, 5, 60, 5000, 10_000, Duration.ofMinutes(1), Duration.ofDays(1));

    public RateLimits {
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

    public RateLimits withEnforced(boolean enforced) {
        return new RateLimits(enforced, concurrent, perMinute, perDay, appPerMinute, minute, day);
    }

    /** Calls a day each organisation allows (the app's plan decides it at Xero). */
    public RateLimits withPerDay(int perDay) {
        return new RateLimits(enforced, concurrent, perMinute, perDay, appPerMinute, minute, day);
    }

    /** The length of the day windows; the calls a day allows stay as they are. */
    public RateLimits withDay(Duration day) {
        return new RateLimits(enforced, concurrent, perMinute, perDay, appPerMinute, minute, day);
    }

    /** The length of the per-organisation and app "minute" windows; the limits per window stay as they are. */
    public RateLimits withMinute(Duration minute) {
        return new RateLimits(enforced, concurrent, perMinute, perDay, appPerMinute, minute, day);
    }
}
