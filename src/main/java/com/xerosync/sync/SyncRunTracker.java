package com.xerosync.sync;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangePropertyKey;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.spi.CamelEvent.ExchangeEvent;
import org.apache.camel.support.EventNotifierSupport;

/** Counts finished runs of the sync routes (the Quartz-fired exchange, not the per-organisation sub-exchanges). */
public final class SyncRunTracker extends EventNotifierSupport {

    private final Map<String, Integer> finished = new HashMap<>();

    @Override
    public boolean isEnabled(CamelEvent event) {
        return event.getType() == CamelEvent.Type.ExchangeCompleted || event.getType() == CamelEvent.Type.ExchangeFailed;
    }

    @Override
    public void notify(CamelEvent event) {
        Exchange exchange = ((ExchangeEvent) event).getExchange();
        String routeId = exchange.getFromRouteId();
        if (routeId == null || exchange.getProperty(ExchangePropertyKey.CORRELATION_ID) != null) {
            return;
        }
        synchronized (finished) {
            finished.merge(routeId, 1, Integer::sum);
            finished.notifyAll();
        }
    }

    public int finished(String routeId) {
        synchronized (finished) {
            return finished.getOrDefault(routeId, 0);
        }
    }

    /** Waits until each route finished one more run than {@code before} says; false on timeout. */
    public boolean await(Map<String, Integer> before, Collection<String> routeIds, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (finished) {
            while (!routeIds.stream().allMatch(id -> finished.getOrDefault(id, 0) > before.getOrDefault(id, 0))) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                finished.wait(Math.max(1, left / 1_000_000));
            }
            return true;
        }
    }
}
