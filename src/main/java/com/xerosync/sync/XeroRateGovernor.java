package com.xerosync.sync;

import com.xerosync.store.CallLedger;
import com.xerosync.config.XeroRateLimits;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.LongAdder;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps every call to Xero within Xero's rate limits, so that a sync is not answered 429: per organisation at most
 * {@code concurrent} calls in flight, {@code perMinute} in any minute and {@code perDay} in any day, and at most
 * {@code appPerMinute} a minute across all organisations. One governor is shared by every route, so forty APIs
 * syncing the same organisation at once still make one organisation's worth of calls.
 *
 * <p>It stays in step with Xero's own counters: every answer's {@code X-MinLimit-Remaining},
 * {@code X-DayLimit-Remaining} and {@code X-AppMinLimit-Remaining} say how many calls Xero has counted, and when that
 * is more than the governor counted (calls made before a restart, by another instance) it counts them too. A 429 for
 * the minute pauses the organisation for its {@code Retry-After}; when the day is used up the organisation is parked
 * ({@link XeroThrottledException}) until it resets, rather than waiting for hours on a thread.
 *
 * <p>Switched off ({@link XeroRateLimits#enforced()} false: a sandbox that does not enforce them), it holds no call back for the
 * minute or concurrency limits, but it still counts each organisation's day and parks it when the day is used up,
 * because Xero enforces the day limit of the app's plan on every plan.
 *
 * <p>It never waits itself: {@link #acquire} says how long a call must wait, and the route waits asynchronously,
 * holding no thread, so a thousand organisations waiting for their slots cost no more threads than one. Each
 * organisation's day is first offered to the {@link DayBudget}, which spends it by priority.
 *
 * <p>In a cluster, each node's governor also reserves every call in the {@link CallLedger}, which counts each
 * organisation's calls, and the app's, over all nodes.
 *
 * <p>Why not resilience4j's RateLimiter or Bucket4j: both count in cycles of their own phase (or refill a bucket),
 * while Xero counts in fixed windows of its phase, which a client cannot know; a limiter of 60 per cycle can then put
 * 120 calls in one of Xero's windows (60 at the end of a cycle, 60 at the start of the next). A log of the last
 * {@code limit} calls' start times ({@link CallWindow}) guarantees at most {@code limit} calls in any window of that
 * length, wherever Xero's windows start, at the full rate. The concurrency limit is a JDK {@link Semaphore}, only ever
 * tried, never waited on.
 */
public final class XeroRateGovernor {

    /** Exchange property holding the organisation limits a call took a permit from, until the answer arrived. */
    static final String PERMIT = "XeroRatePermit";
    /** Exchange property holding the call reserved in the cluster's ledger, until the answer arrived. */
    static final String LEDGER_CALL = "XeroLedgerCall";
    /** Exchange property: the milliseconds the route waits before it asks {@link #acquire} again; 0 when the call goes. */
    public static final String WAIT = "XeroRateWait";
    /** Exchange property: the call is counted in its organisation's day budget (and not parked), until it leaves. */
    private static final String BUDGETED = "XeroRateBudgeted";
    /** Exchange property holding the end (epoch ms) of a back-off the call waits before anything is taken for it. */
    private static final String NOT_BEFORE = "XeroRateNotBefore";
    /** The longest single wait: a stop ends a waiting run within it. */
    static final Duration MAX_WAIT = Duration.ofSeconds(1);
    /** How soon a call that found all of its organisation's concurrent slots taken asks again. */
    static final Duration PERMIT_POLL = Duration.ofMillis(25);

    private static final Logger LOG = LoggerFactory.getLogger(XeroRateGovernor.class);
    private static final Duration MIN_MARGIN = Duration.ofMillis(200);

    private final XeroRateLimits limits;
    private final Clock clock;
    private final Map<String, Organisation> organisations = new ConcurrentHashMap<>();
    private final Map<String, Quota> quotas = new ConcurrentHashMap<>();
    private final LongAdder tooManyRequests = new LongAdder();
    private final CallWindow appMinute;
    private final CallLedger ledger;
    private final SyncWaits waits;
    private final DayBudget budget;

    public XeroRateGovernor(XeroRateLimits limits, Clock clock) {
        this(limits, clock, null, new SyncWaits());
    }

    public XeroRateGovernor(XeroRateLimits limits, Clock clock, CallLedger ledger, SyncWaits waits) {
        this(limits, clock, ledger, waits, null);
    }

    /**
     * @param ledger the cluster's shared count of each organisation's calls, or null for a single instance
     * @param waits  ends every wait for a slot when the service stops
     * @param budget spends each organisation's day by priority, or null to let every call have it
     */
    public XeroRateGovernor(XeroRateLimits limits, Clock clock, CallLedger ledger, SyncWaits waits, DayBudget budget) {
        this.limits = limits;
        this.budget = budget;
        this.clock = clock;
        this.ledger = ledger;
        this.waits = waits;
        this.appMinute = new CallWindow(limits.appPerMinute(), minuteWithMargin(limits));
    }

    public XeroRateLimits limits() {
        return limits;
    }


    /**
     * Camel step before a call, and again after each wait it asks for: takes the call's place under every limit of the
     * run's organisation and of the app, and sets {@link #WAIT} to the milliseconds the route is to wait before asking
     * again (0: the call may go now). It never waits itself: the route waits asynchronously ({@code delay} in
     * {@code xero-call.yaml}), so a call held back for a minute holds no thread, and a thousand organisations waiting
     * for their slots cost no more threads than one. A wait is at most {@link #MAX_WAIT} at a time, so that a stopping
     * service ends it ({@link SyncWaits#checkBeforeCall}) within that time. Throws {@link XeroThrottledException} when
     * the organisation's day is used up, and {@link DayBudget.Deferred} when what is left of it is kept for calls of a
     * higher priority.
     */
    public void acquire(Exchange exchange) throws SQLException {
        SyncRun run = exchange.getProperty(SyncRun.PROPERTY, SyncRun.class);
        try {
            long wait = book(exchange, run);
            if (wait > 0) {
                run.waitedForRateLimit(Math.min(wait, MAX_WAIT.toMillis()));
                LOG.debug("{} · waiting {} ms for Xero's rate limits", run, wait);
            } else {
                // the call leaves now: counted as made (one parked or deferred instead never is)
                run.callMade();
            }
            exchange.setProperty(WAIT, Math.min(wait, MAX_WAIT.toMillis()));
        } catch (SQLException | RuntimeException e) {
            release(exchange);
            throw e;
        }
    }

    /**
     * The steps of {@link #acquire} in order, each taken once per call; each returns a wait when it cannot be taken
     * yet. The windows are reserved only at the moment the call leaves (not booked ahead), so that a call which waited
     * for a thread after its wait still counts in the window it reaches Xero in.
     */
    private long book(Exchange exchange, SyncRun run) throws SQLException {
        Long waited = exchange.getProperty(WAIT, Long.class);
        if (waited != null && waited > 0) {
            waits.checkWhileWaiting(exchange.getProperty(NOT_BEFORE) != null ? "a back-off" : "Xero's rate limits");
        }
        waits.checkBeforeCall();
        Organisation organisation = organisation(run.tenantId());
        long now = clock.millis();
        // the back-off of a failed call first, before anything is taken for its repeat
        Duration backOff = run.takeBackOff();
        if (backOff != null && !backOff.isZero()) {
            exchange.setProperty(NOT_BEFORE, now + backOff.toMillis());
        }
        Long notBefore = exchange.getProperty(NOT_BEFORE, Long.class);
        if (notBefore != null && notBefore > now) {
            return notBefore - now;
        }
        exchange.removeProperty(NOT_BEFORE);
        if (exchange.getProperty(BUDGETED) == null) {
            long dayFree = organisation.day.nextFree(now);
            long parkedUntil = Math.max(organisation.parkedUntil, dayFree > now + limits.minute().toMillis() ? dayFree : 0);
            if (parkedUntil > now) {
                throw parked(run, Instant.ofEpochMilli(parkedUntil));
            }
            if (budget != null) {
                budget.spend(run.tenantId(), run.api().routeId() + " for " + run.tenantName(), run.priority(),
                        limits.perDay());
            }
            exchange.setProperty(BUDGETED, true);
        }
        if (limits.enforced() && exchange.getProperty(PERMIT) == null) {
            if (!organisation.inFlight.tryAcquire()) {
                return PERMIT_POLL.toMillis();
            }
            exchange.setProperty(PERMIT, organisation);
        }
        long wait = reserveWindows(organisation, now);
        if (wait > 0) {
            return wait;
        }
        if (ledger != null && exchange.getProperty(LEDGER_CALL) == null) {
            wait = reserveInCluster(exchange, run);
            if (wait > 0) {
                return wait;
            }
        }
        exchange.removeProperty(BUDGETED);
        return 0;
    }

    /**
     * Counts the call in every window it falls in, if each has room now: the organisation's day always (Xero enforces
     * it on every plan), its minute and the app's minute when the limits are kept, and not before a 429's pause.
     *
     * @return 0 when counted, or how long until they all may have room
     */
    private long reserveWindows(Organisation organisation, long now) {
        if (!limits.enforced()) {
            synchronized (organisation.day) {
                long free = organisation.day.nextFree(now);
                if (free > now) {
                    return free - now;
                }
                organisation.day.reserve(now);
                return 0;
            }
        }
        // one lock for the app's window and each organisation's: all are free at once, or none is taken
        synchronized (appMinute) {
            long free = Math.max(Math.max(organisation.minute.nextFree(now), appMinute.nextFree(now)),
                    Math.max(organisation.day.nextFree(now), organisation.pausedUntil));
            if (free > now) {
                return free - now;
            }
            organisation.minute.reserve(now);
            appMinute.reserve(now);
            organisation.day.reserve(now);
            return 0;
        }
    }

    /**
     * Reserves the call in the cluster's ledger, which counts the organisation's calls over all nodes; parks the
     * organisation when the cluster used up its day.
     *
     * @return 0 when reserved, or how long to wait before asking again (at most a second: calls other nodes finish
     * free room sooner than the ledger knew)
     */
    private long reserveInCluster(Exchange exchange, SyncRun run) throws SQLException {
        CallLedger.Reservation reservation = ledger.tryReserve(run.tenantId(), limits, minuteWithMargin(limits));
        if (reservation.call() != null) {
            exchange.setProperty(LEDGER_CALL, reservation.call());
            return 0;
        }
        long wait = reservation.waitMillis();
        if ("day".equals(reservation.limitedBy()) && wait > limits.minute().toMillis()) {
            throw parked(run, Instant.ofEpochMilli(clock.millis() + wait));
        }
        LOG.debug("{} · waiting for the cluster's {} limit", run, reservation.limitedBy());
        return Math.max(1, Math.min(wait, 1_000));
    }

    /** Camel step after a call, answered or not: frees its in-flight slot and reads Xero's counters from the answer. */
    public void release(Exchange exchange) {
        exchange.removeProperty(BUDGETED);
        Organisation organisation = exchange.getProperty(PERMIT, Organisation.class);
        if (organisation != null) {
            exchange.removeProperty(PERMIT);
            organisation.inFlight.release();
        }
        Long call = exchange.getProperty(LEDGER_CALL, Long.class);
        if (call != null) {
            exchange.removeProperty(LEDGER_CALL);
            ledger.finish(call);
        }
        Message answer = exchange.getMessage();
        SyncRun run = exchange.getProperty(SyncRun.PROPERTY, SyncRun.class);
        if (answer.getHeader(Exchange.HTTP_RESPONSE_CODE) == null || run == null) {
            return;
        }
        long now = clock.millis();
        int status = answer.getHeader(Exchange.HTTP_RESPONSE_CODE, 0, Integer.class);
        Integer minuteLeft = count(answer.getHeader("X-MinLimit-Remaining", String.class));
        Integer dayLeft = count(answer.getHeader("X-DayLimit-Remaining", String.class));
        Integer appMinuteLeft = count(answer.getHeader("X-AppMinLimit-Remaining", String.class));
        quotas.put(run.tenantId(), new Quota(minuteLeft, dayLeft, appMinuteLeft, Instant.ofEpochMilli(now)));
        if (status == 429) {
            tooManyRequests.increment();
        }
        Organisation limited = organisation != null ? organisation : organisation(run.tenantId());
        boolean dayUsedUp = status == 429 && XeroRetries.dayLimit(answer);
        long until = status == 429 ? now + XeroRetries.retryAfterSeconds(answer).orElse(1L) * 1000 : now;
        if (dayUsedUp) {
            // Xero says when its day resets: parked until then, not for a whole day of its own counting
            limited.parkedUntil = Math.max(limited.parkedUntil, until);
        } else {
            stepIn(limited.day, limits.perDay(), dayLeft, now);
        }
        if (!limits.enforced()) {
            return;
        }
        stepIn(limited.minute, limits.perMinute(), minuteLeft, now);
        stepIn(appMinute, limits.appPerMinute(), appMinuteLeft, now);
        if (status == 429 && !dayUsedUp) {
            limited.pausedUntil = Math.max(limited.pausedUntil, until);
        }
    }

    /** What Xero last said is left of an organisation's limits (null where it did not say), and when. */
    public record Quota(Integer minuteRemaining, Integer dayRemaining, Integer appMinuteRemaining, Instant seenAt) {
    }

    /** The last quota Xero reported, per organisation (tenant id). */
    public Map<String, Quota> quotas() {
        return Map.copyOf(quotas);
    }

    /** How many calls Xero answered 429 since the start. */
    public long tooManyRequests() {
        return tooManyRequests.sum();
    }

    /** Parks an organisation until its daily limit resets (known from the database after a restart). */
    public void parkUntil(String tenantId, Instant until) {
        Organisation organisation = organisation(tenantId);
        // Xero's day resets within a day: a later time (stored by an older version from a hostile answer) is not kept
        long latest = clock.millis() + XeroRetries.DAY_RETRY_MAX * 1000;
        organisation.parkedUntil = Math.max(organisation.parkedUntil, Math.min(until.toEpochMilli(), latest));
    }

    private XeroThrottledException parked(SyncRun run, Instant until) {
        return new XeroThrottledException(until, "Xero's daily limit of " + limits.perDay() + " calls for "
                + run.tenantName() + " is used up: " + run.api().routeId() + " stopped at its last stored page and "
                + "resumes by itself at the first run after " + until + ", when the limit has reset");
    }

    /** Xero says {@code remaining} calls are left of {@code limit}: counts at least as many calls as Xero has. */
    private static void stepIn(CallWindow window, int limit, Integer remaining, long now) {
        if (remaining != null) {
            window.countAtLeast(limit - remaining, now);
        }
    }

    /**
     * A remaining-calls header as a number, or null when absent or not a number (the governor's count stands); a
     * negative count is read as none left.
     */
    private static Integer count(String header) {
        try {
            return header == null ? null : Math.max(0, Integer.parseInt(header.trim()));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private Organisation organisation(String tenantId) {
        return organisations.computeIfAbsent(tenantId, id -> new Organisation(limits, minuteWithMargin(limits)));
    }

    /**
     * A minute and a little more: a call reaches Xero a little after its slot, and one that arrives late must not
     * land in the next window with the calls of that window. One second of a real minute (at least 200 ms).
     */
    static Duration minuteWithMargin(XeroRateLimits limits) {
        Duration margin = limits.minute().dividedBy(60);
        return limits.minute().plus(margin.compareTo(MIN_MARGIN) < 0 ? MIN_MARGIN : margin);
    }

    /** One organisation's limits. The pause and the park are moments in epoch milliseconds (0: none). */
    private static final class Organisation {
        final Semaphore inFlight;
        final CallWindow minute;
        final CallWindow day;
        volatile long pausedUntil;
        volatile long parkedUntil;

        Organisation(XeroRateLimits limits, Duration minute) {
            this.inFlight = new Semaphore(limits.concurrent());
            this.minute = new CallWindow(limits.perMinute(), minute);
            this.day = new CallWindow(limits.perDay(), limits.day());
        }
    }

    /**
     * The start times of the last {@code limit} calls, oldest first (a ring): the next call may start once the oldest
     * of them is a window old, so no window of that length, however placed, holds more than {@code limit} calls.
     * Start times never decrease, since each is at least the one {@code limit} calls before it plus the window.
     */
    static final class CallWindow {
        private final long[] starts;
        private final long windowMillis;
        private int oldest;
        private int newest = -1;

        CallWindow(int limit, Duration window) {
            this.starts = new long[limit];
            this.windowMillis = window.toMillis();
            java.util.Arrays.fill(starts, Long.MIN_VALUE / 2);
        }

        /** When the next call could start, without reserving it. */
        synchronized long nextFree(long now) {
            return Math.max(now, starts[oldest] + windowMillis);
        }

        /** Reserves the next call's start: now, or when the oldest of the last {@code limit} calls leaves the window. */
        synchronized long reserve(long now) {
            long start = Math.max(Math.max(now, starts[oldest] + windowMillis), newest < 0 ? now : starts[newest]);
            starts[oldest] = start;
            newest = oldest;
            oldest = (oldest + 1) % starts.length;
            return start;
        }

        /** Makes at least {@code used} calls count in the window ending now, adding the missing ones as starting now. */
        synchronized void countAtLeast(int used, long now) {
            int counted = 0;
            for (int i = 0; i < starts.length && counted < used; i++) {
                int index = Math.floorMod(newest - i, starts.length);
                if (newest < 0 || starts[index] <= now - windowMillis) {
                    break;
                }
                counted++;
            }
            for (int missing = Math.min(used, starts.length) - counted; missing > 0; missing--) {
                long start = newest < 0 ? now : Math.max(now, starts[newest]);
                starts[oldest] = start;
                newest = oldest;
                oldest = (oldest + 1) % starts.length;
            }
        }
    }
}
