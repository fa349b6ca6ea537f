package com.xerosync.sandbox;

import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts accounting requests for tests (resettable): per tenant and collection, the ones refused for a rate limit
 * per tenant, and the bytes of the answers' bodies sent per tenant. Xero's own counting, in fixed windows, is
 * {@link RateLimiter}'s.
 */
final class ApiMeter {

    private final Map<String, LongAdder> calls = new ConcurrentHashMap<>();
    private final LongAdder total = new LongAdder();
    private final Map<String, LongAdder> rateLimited = new ConcurrentHashMap<>();
    private final LongAdder rateLimitedTotal = new LongAdder();
    private final Map<String, LongAdder> bytesSent = new ConcurrentHashMap<>();
    private final LongAdder bytesSentTotal = new LongAdder();

    /** @param tenantId the xero-tenant-id header as sent ("" when absent) */
    void record(String tenantId, ApiCollection collection) {
        calls.computeIfAbsent(key(tenantId, collection), k -> new LongAdder()).increment();
        total.increment();
    }

    /** A request answered 429 because a rate limit (not an injected fault) refused it. */
    void recordRateLimited(String tenantId) {
        rateLimited.computeIfAbsent(tenantId.toLowerCase(Locale.ROOT), k -> new LongAdder()).increment();
        rateLimitedTotal.increment();
    }

    /** Bytes of an answer's body that left for the organisation (compressed when it was). */
    void recordSent(String tenantId, long bytes) {
        bytesSent.computeIfAbsent(tenantId.toLowerCase(Locale.ROOT), k -> new LongAdder()).add(bytes);
        bytesSentTotal.add(bytes);
    }

    long bytesSent(String tenantId) {
        LongAdder count = bytesSent.get(tenantId.toLowerCase(Locale.ROOT));
        return count == null ? 0 : count.sum();
    }

    long bytesSent() {
        return bytesSentTotal.sum();
    }

    long calls(String tenantId, ApiCollection collection) {
        LongAdder count = calls.get(key(tenantId, collection));
        return count == null ? 0 : count.sum();
    }

    long calls() {
        return total.sum();
    }

    long rateLimited(String tenantId) {
        LongAdder count = rateLimited.get(tenantId.toLowerCase(Locale.ROOT));
        return count == null ? 0 : count.sum();
    }

    long rateLimited() {
        return rateLimitedTotal.sum();
    }

    /** Resets the test counters; the rate windows keep counting, as Xero's would. */
    void reset() {
        calls.clear();
        total.reset();
        rateLimited.clear();
        rateLimitedTotal.reset();
        bytesSent.clear();
        bytesSentTotal.reset();
    }

    private static String key(String tenantId, ApiCollection collection) {
        return tenantId.toLowerCase(Locale.ROOT) + "/" + collection.name();
    }
}
