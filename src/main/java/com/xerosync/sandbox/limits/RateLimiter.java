package com.xerosync.sandbox.limits;

import com.xerosync.config.XeroRateLimits;

import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Xero's rate limits, counted the way Xero counts them, so a client's governor meets the same arithmetic it will meet
 * in production: fixed windows, not sliding ones. An organisation's minute windows start at a phase of its own
 * (derived from its tenant id, so every run agrees), which a client cannot know and must not assume is the clock
 * minute; day windows start at multiples of the day length since the epoch (UTC midnight for a real day); the app's
 * minute windows start at multiples of the minute since the epoch.
 *
 * <p>Every admitted request counts in its organisation's minute and day and in the app's minute, and is in flight
 * until its answer's headers are sent ({@link Admission#release()}). Refused requests count nowhere, as at Xero. The
 * day limit is always enforced, as Xero enforces it on every plan; when the other limits are not enforced they refuse
 * nothing, but the counting and the remaining figures are the same.
 *
 * <p>One lock for everything: admission must see the concurrent, minute, day and app counts at one instant, or two
 * requests arriving together could both take the last call of a window.
 */
public final class RateLimiter {

    /** Which limit refused a request, as {@code X-Rate-Limit-Problem} names it. */
    public enum Problem {
        CONCURRENT("concurrent", "requests in flight for the organisation"),
        MINUTE("minute", "calls in the organisation's minute"),
        DAY("day", "calls in the organisation's day"),
        APP_MINUTE("appminute", "calls in the app's minute across every organisation");

        public final String header;
        public final String counted;

        Problem(String header, String counted) {
            this.header = header;
            this.counted = counted;
        }
    }

    /** What the {@code X-*Limit-Remaining} headers say. */
    public record Remaining(long day, long minute, long appMinute) {
    }

    /**
     * The decision on one request: admitted ({@code problem} null; call {@link #release()} when its headers are sent),
     * or refused for {@code problem}, to be tried again after {@code retryAfterSeconds}.
     */
    public record Admission(Remaining remaining, Problem problem, long limit, long retryAfterSeconds, Runnable onRelease) {

        public boolean admitted() {
            return problem == null;
        }

        /** Ends the request's time in flight. Call once: the caller guarantees it (see {@link InFlightExchange}). */
        public void release() {
            onRelease.run();
        }
    }

    /** Calls in the current one of a series of fixed windows that start at {@code phase} plus multiples of {@code length}. */
    private static final class Window {
        private final long length;
        private final long phase;
        private long start = Long.MIN_VALUE;
        private long count;

        Window(long length, long phase) {
            this.length = length;
            this.phase = phase;
        }

        long count(long now) {
            long current = now - Math.floorMod(now - phase, length);
            if (current != start) {
                start = current;
                count = 0;
            }
            return count;
        }

        void hit() {
            count++;
        }

        /** When the window {@link #count(long)} last looked at ends. */
        long end() {
            return start + length;
        }
    }

    /** One organisation's windows, requests in flight, and a day limit used up on demand. */
    private static final class Tenant {
        final Window minute;
        final Window day;
        int inFlight;
        long dayUsedUpUntil = Long.MIN_VALUE;

        Tenant(Window minute, Window day) {
            this.minute = minute;
            this.day = day;
        }
    }

    private final XeroRateLimits limits;
    private final Clock clock;
    private final Map<String, Tenant> tenants = new HashMap<>();
    private final Window appMinute;

    public RateLimiter(XeroRateLimits limits, Clock clock) {
        this.limits = limits;
        this.clock = clock;
        this.appMinute = new Window(limits.minute().toMillis(), 0);
    }

    public XeroRateLimits limits() {
        return limits;
    }

    /** @param tenantId the xero-tenant-id header as sent ("" when absent) */
    public synchronized Admission admit(String tenantId) {
        long now = clock.millis();
        Tenant tenant = tenant(tenantId);
        long minute = tenant.minute.count(now);
        long day = tenant.day.count(now);
        long app = appMinute.count(now);
        if (now < tenant.dayUsedUpUntil) {
            return refused(new Remaining(0, remaining(limits.perMinute(), minute), remaining(limits.appPerMinute(), app)),
                    Problem.DAY, limits.perDay(), tenant.dayUsedUpUntil, now);
        }
        Remaining before = new Remaining(remaining(limits.perDay(), day), remaining(limits.perMinute(), minute),
                remaining(limits.appPerMinute(), app));
        // a full day outlasts any minute; of two full minutes, the later end is when a retry can succeed
        if (day >= limits.perDay()) {
            return refused(before, Problem.DAY, limits.perDay(), tenant.day.end(), now);
        }
        if (limits.enforced()) {
            boolean minuteFull = minute >= limits.perMinute();
            boolean appFull = app >= limits.appPerMinute();
            if (minuteFull && (!appFull || tenant.minute.end() >= appMinute.end())) {
                return refused(before, Problem.MINUTE, limits.perMinute(), tenant.minute.end(), now);
            }
            if (appFull) {
                return refused(before, Problem.APP_MINUTE, limits.appPerMinute(), appMinute.end(), now);
            }
            if (tenant.inFlight >= limits.concurrent()) {
                return new Admission(before, Problem.CONCURRENT, limits.concurrent(), 1, () -> { });
            }
        }
        tenant.minute.hit();
        tenant.day.hit();
        appMinute.hit();
        tenant.inFlight++;
        Remaining after = new Remaining(remaining(limits.perDay(), day + 1), remaining(limits.perMinute(), minute + 1),
                remaining(limits.appPerMinute(), app + 1));
        return new Admission(after, null, 0, 0, () -> release(tenant));
    }

    /** Every request for the tenant is refused with {@code day} until {@code resetIn} from now, enforced or not. */
    public synchronized void useUpDayLimit(String tenantId, Duration resetIn) {
        tenant(tenantId).dayUsedUpUntil = clock.millis() + resetIn.toMillis();
    }

    private synchronized void release(Tenant tenant) {
        tenant.inFlight--;
    }

    private Tenant tenant(String tenantId) {
        String key = tenantId.toLowerCase(Locale.ROOT);
        return tenants.computeIfAbsent(key, k -> new Tenant(
                new Window(limits.minute().toMillis(), phaseOf(k, limits.minute().toMillis())),
                new Window(limits.day().toMillis(), 0)));
    }

    /** Where in the minute an organisation's windows start: fixed per tenant id, spread over the minute. */
    public static long phaseOf(String tenantId, long minuteMillis) {
        long mixed = tenantId.toLowerCase(Locale.ROOT).hashCode() * 0x9E3779B97F4A7C15L;
        return Math.floorMod(mixed ^ (mixed >>> 29), minuteMillis);
    }

    private static Admission refused(Remaining remaining, Problem problem, long limit, long until, long now) {
        return new Admission(remaining, problem, limit, retryAfterSeconds(until - now), () -> { });
    }

    /** Whole seconds, rounded up so a client that waits them finds the window ended; at least 1. */
    private static long retryAfterSeconds(long millis) {
        return Math.max(1, (millis + 999) / 1000);
    }

    private static long remaining(long limit, long used) {
        return Math.max(0, limit - used);
    }
}
