package com.xerosync.sandbox.limits;

import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts accounting requests for tests (resettable): per tenant and collection, the ones refused for a rate limit
 * per tenant, and the bytes of the answers' bodies sent per tenant. Xero's own counting, in fixed windows, is
 * {@link RateLimiter}'s.
 */
public final class ApiMeter {

    private final Map<String, LongAdder> calls = new ConcurrentHashMap<>();
    private final LongAdder total = new LongAdder();
    private final Map<String, LongAdder> rateLimited = new ConcurrentHashMap<>();
    private final LongAdder rateLimitedTotal = new LongAdder();
    private final Map<String, LongAdder> bytesSent = new ConcurrentHashMap<>();
    private final LongAdder bytesSentTotal = new LongAdder();

    /** @param tenantId the xero-tenant-id header as sent ("" when absent) */
    public void record(String tenantId, String collection) {
        calls.computeIfAbsent(key(tenantId, collection), k -> new LongAdder()).increment();
        total.increment();
    }

    /** A request answered 429 because a rate limit (not an injected fault) refused it. */
    public void recordRateLimited(String tenantId) {
        rateLimited.computeIfAbsent(tenantId.toLowerCase(Locale.ROOT), k -> new LongAdder()).increment();
        rateLimitedTotal.increment();
    }

    /** Bytes of an answer's body that left for the organisation (compressed when it was). */
    public void recordSent(String tenantId, long bytes) {
        bytesSent.computeIfAbsent(tenantId.toLowerCase(Locale.ROOT), k -> new LongAdder()).add(bytes);
        bytesSentTotal.add(bytes);
    }

    public long bytesSent(String tenantId) {
        LongAdder count = bytesSent.get(tenantId.toLowerCase(Locale.ROOT));
        return count == null ? 0 : count.sum();
    }

    public long bytesSent() {
        return bytesSentTotal.sum();
    }

    public long calls(String tenantId, String collection) {
        LongAdder count = calls.get(key(tenantId, collection));
        return count == null ? 0 : count.sum();
    }

    public long calls() {
        return total.sum();
    }

    public long rateLimited(String tenantId) {
        LongAdder count = rateLimited.get(tenantId.toLowerCase(Locale.ROOT));
        return count == null ? 0 : count.sum();
    }

    public long rateLimited() {
        return rateLimitedTotal.sum();
    }

    /** Resets the test counters; the rate windows keep counting, as Xero's would. */
    public void reset() {
        calls.clear();
        total.reset();
        rateLimited.clear();
        rateLimitedTotal.reset();
        bytesSent.clear();
        bytesSentTotal.reset();
    }

    /** @param collection a name {@link ApiCollection#canonicalName} gave */
    private static String key(String tenantId, String collection) {
        return tenantId.toLowerCase(Locale.ROOT) + "/" + collection;
    }
}
