package com.xerosync.operate;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last {@link SyncSnapshot}, read again when it is older than {@code maxAge} (or a run has just ended) and someone
 * asks: a Prometheus scrape, an MBean attribute, a health check. However many meters, attributes and checks are read,
 * the database is queried at most once per {@code maxAge}, and not at all while nobody asks.
 *
 * <p>One read at a time; a reader finding a read in progress waits for it briefly, then takes what is there. When the
 * database cannot be read, the last snapshot stays, marked {@link SyncSnapshot#failure() failed}, and the next attempt
 * is not made before {@code maxAge} has passed (a database that is down is not asked at every scrape).
 */
final class SnapshotCache {

    private static final Logger LOG = LoggerFactory.getLogger(SnapshotCache.class);
    private static final long WAIT_FOR_READ_MS = 2000;

    /** Reads the database. */
    interface Loader {
        SyncSnapshot load(java.time.Instant now) throws Exception;
    }

    private final Loader loader;
    private final Clock clock;
    private final long maxAgeMillis;
    private final ReentrantLock reading = new ReentrantLock();
    private final List<Consumer<SyncSnapshot>> listeners = new CopyOnWriteArrayList<>();
    private final AtomicBoolean queued = new AtomicBoolean();
    private volatile SyncSnapshot snapshot = SyncSnapshot.EMPTY;
    private volatile long attemptedAt = Long.MIN_VALUE / 2;
    private volatile boolean stale = true;

    SnapshotCache(Loader loader, Clock clock, Duration maxAge) {
        this.loader = Objects.requireNonNull(loader, "loader");
        this.clock = Objects.requireNonNull(clock, "clock");
        if (maxAge.isNegative()) {
            throw new IllegalArgumentException("maxAge must not be negative, not " + maxAge);
        }
        this.maxAgeMillis = maxAge.toMillis();
    }

    /** Called with every snapshot read successfully, on the thread that read it. */
    void onRefresh(Consumer<SyncSnapshot> listener) {
        listeners.add(listener);
    }

    /** The snapshot, read again first if it is due. */
    SyncSnapshot current() {
        if (due()) {
            try {
                if (reading.tryLock(WAIT_FOR_READ_MS, TimeUnit.MILLISECONDS)) {
                    try {
                        if (due()) {
                            read();
                        }
                    } finally {
                        reading.unlock();
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return snapshot;
    }

    /** The snapshot as it is, without reading the database. */
    SyncSnapshot peek() {
        return snapshot;
    }

    /** Reads the database now (start-up). */
    SyncSnapshot refresh() {
        reading.lock();
        try {
            read();
            return snapshot;
        } finally {
            reading.unlock();
        }
    }

    /**
     * Something changed (a run ended): the next reader reads the database whatever the snapshot's age, and so does
     * the executor, soon, so that a new API or organisation has its meters before the next scrape.
     */
    void invalidate(Executor executor) {
        stale = true;
        if (executor != null && queued.compareAndSet(false, true)) {
            try {
                executor.execute(() -> {
                    queued.set(false);
                    current();
                });
            } catch (RuntimeException rejected) {
                queued.set(false);
            }
        }
    }

    private boolean due() {
        return stale || clock.millis() - attemptedAt >= maxAgeMillis;
    }

    private void read() {
        attemptedAt = clock.millis();
        stale = false;
        SyncSnapshot read;
        try {
            read = loader.load(clock.instant());
        } catch (Exception e) {
            String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            if (snapshot.failure() == null) {
                LOG.warn("The sync's bookkeeping (xero_sync) cannot be read for metrics, MBeans and health: {}; "
                        + "showing what was read at {} until it can", why, snapshot.takenAt());
            }
            snapshot = snapshot.failed(why);
            return;
        }
        if (snapshot.failure() != null) {
            LOG.info("The sync's bookkeeping (xero_sync) can be read again");
        }
        snapshot = read;
        for (Consumer<SyncSnapshot> listener : listeners) {
            try {
                listener.accept(read);
            } catch (RuntimeException e) {
                LOG.warn("Could not update from the sync's bookkeeping: {}", e.toString());
            }
        }
    }
}
