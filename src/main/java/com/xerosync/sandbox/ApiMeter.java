package com.xerosync.sandbox;

import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts accounting requests: per tenant and collection for tests (resettable), and in Xero's
 * fixed rate-limit windows (5000/day and 60/minute per tenant, 10000/minute per app) for the
 * X-*Limit-Remaining headers. Limits are reported, not enforced.
 */
final class ApiMeter {

    static final int DAY_LIMIT = 5000;
    static final int MINUTE_LIMIT = 60;
    static final int APP_MINUTE_LIMIT = 10000;

    /** Requests in the current window of a fixed length. */
    private static final class Window {
        private final long lengthMillis;
        private long start = Long.MIN_VALUE;
        private long count;

        Window(long lengthMillis) {
            this.lengthMillis = lengthMillis;
        }

        synchronized long hit(long now) {
            long current = now - Math.floorMod(now, lengthMillis);
            if (current != start) {
                start = current;
                count = 0;
            }
            return ++count;
        }
    }

    /** What the rate headers say after a request. */
    record Remaining(long day, long minute, long appMinute) {
    }

    private final Map<String, LongAdder> calls = new ConcurrentHashMap<>();
    private final LongAdder total = new LongAdder();
    private final Map<String, Window> days = new ConcurrentHashMap<>();
    private final Map<String, Window> minutes = new ConcurrentHashMap<>();
    private final Window appMinute = new Window(60_000);

    /** @param tenantId the xero-tenant-id header as sent ("" when absent) */
    Remaining record(String tenantId, ApiCollection collection, long now) {
        calls.computeIfAbsent(key(tenantId, collection), k -> new LongAdder()).increment();
        total.increment();
        long day = days.computeIfAbsent(tenantId, t -> new Window(XeroFormat.DAY_MILLIS)).hit(now);
        long minute = minutes.computeIfAbsent(tenantId, t -> new Window(60_000)).hit(now);
        long app = appMinute.hit(now);
        return new Remaining(Math.max(0, DAY_LIMIT - day), Math.max(0, MINUTE_LIMIT - minute), Math.max(0, APP_MINUTE_LIMIT - app));
    }

    long calls(String tenantId, ApiCollection collection) {
        LongAdder count = calls.get(key(tenantId, collection));
        return count == null ? 0 : count.sum();
    }

    long calls() {
        return total.sum();
    }

    /** Resets the test counters; the rate windows keep counting, as Xero's would. */
    void reset() {
        calls.clear();
        total.reset();
    }

    private static String key(String tenantId, ApiCollection collection) {
        return tenantId.toLowerCase(Locale.ROOT) + "/" + collection.name();
    }
}
