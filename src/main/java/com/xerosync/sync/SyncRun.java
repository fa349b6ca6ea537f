package com.xerosync.sync;

import com.xerosync.store.SyncCursor;
import com.xerosync.store.Egress;
import com.xerosync.config.ExternalText;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

/**
 * The state of one run of one API for one organisation, carried through the route as an exchange property: where it is
 * in the listing ({@link ListingPosition}), the calls queued besides it, its retries, what it received and stored.
 */
public final class SyncRun {

    /** Exchange property holding the run. */
    public static final String PROPERTY = "XeroSyncRun";

    private final SyncApi api;
    private final String tenantId;
    private final String tenantName;
    private final String connectionId;
    private final long runId;
    private final Instant startedAt;
    private final int pageSize;
    /** Where the run is in the API's listing: page, cursor, parent. */
    private final ListingPosition listing;

    private boolean tokenRetried;
    /** Whether a 401 made this run refresh its token already: a missing scope is told apart after one refresh. */
    private boolean refreshedAfterRejection;
    private String grantedScopes;
    private int records;
    private int pages;
    private int apiCalls;
    private long wireBytes;
    private long decodedBytes;
    /** What of {@link #egress()} is already added to the month's egress, by a committed page or the run's end. */
    private Egress egressRecorded = Egress.NONE;
    /** A periodic full reload of an incremental API: no If-Modified-Since, and what Xero no longer lists is marked. */
    private boolean fullReload;
    private final Set<String> seenIds = new HashSet<>();
    /** Calls still to make besides the listing: listed records to fetch by id, or a report's periods. */
    private final Deque<Call> calls = new ArrayDeque<>();
    private Call call;
    private String skipped;
    private boolean throttled;
    private long rateLimitWaitMillis;
    private int failedAttempts;
    /** A first full sync of an API with history: its calls rank last in the organisation's day. */
    private boolean backfill;
    /** What the next call waits first: a back-off after a failed call, or a 429's Retry-After; null when nothing. */
    private Duration backOff;
    /** The write of the last page, committing while the next one is fetched ({@link PageWriter}); null when none. */
    private Future<?> pendingWrite;

    public SyncRun(SyncApi api, String tenantId, String tenantName, String connectionId, long runId,
                   Instant startedAt, int pageSize, SyncCursor cursor) {
        this.api = api;
        this.tenantId = tenantId;
        this.tenantName = tenantName;
        this.connectionId = connectionId;
        this.runId = runId;
        this.startedAt = startedAt;
        this.pageSize = pageSize;
        this.listing = new ListingPosition(api, pageSize, cursor);
    }

    /** Whether a record of the current page was already stored by this run's previous page (the key overlap). */
    public boolean readAgain(String id, Instant version) {
        return listing.readAgain(id, version);
    }

    /**
     * What a stored page held, for the run to move on.
     *
     * @param count       records in the page
     * @param fresh       records in the page not {@link #readAgain read again}
     * @param maxVersion  the latest version in the page (null when the API has none or the page was empty)
     * @param idsAtMax    the ids of the page's records at {@code maxVersion}
     * @param pageCount   Xero's pagination.pageCount when the response had one
     * @param maxPosition the highest offset value in the page, for offset paging
     */
    public record Page(int count, int fresh, Instant maxVersion, Set<String> idsAtMax, Integer pageCount, Long maxPosition) {
    }

    /** @see ListingPosition#check */
    public void checkListing(Set<String> ids, int count, int fresh) {
        listing.check(ids, count, fresh, pages, this);
    }

    /**
     * Moves on after a page was stored.
     *
     * @return the cursor to store with the page, or null when it does not change
     */
    public SyncCursor pageStored(Page stored) {
        records += stored.fresh();
        pages++;
        tokenRetried = false;
        failedAttempts = 0;
        return listing.pageStored(stored);
    }

    /**
     * A call besides the listing pages.
     *
     * @param path  appended to the endpoint, e.g. {@code /<id>} for a record's own GET; empty for the endpoint itself
     * @param query the call's own query parameters (a report's period and basis), without the API's fixed ones
     */
    public record Call(String path, String query) {

        public static Call byId(String id) {
            return new Call("/" + URLEncoder.encode(id, StandardCharsets.UTF_8), "");
        }
    }

    /** Calls to make after the current page; they run before any further listing page. */
    public void queue(Collection<Call> more) {
        calls.addAll(more);
    }

    /** Listed records to fetch one by one. */
    public void queueDetails(Collection<String> ids) {
        ids.forEach(id -> calls.add(Call.byId(id)));
    }

    /** The call to make next, taken from the queue; null when the next call lists a page. */
    public Call nextCall() {
        call = calls.poll();
        return call;
    }

    /** The queued call being made, or null when the current call lists a page. */
    public Call call() {
        return call;
    }

    /** A queued call's answer was stored. */
    public void callStored(int count) {
        records += count;
        pages++;
        tokenRetried = false;
        failedAttempts = 0;
        call = null;
    }

    /** A 401 hit a queued call: it goes back to the front of the queue for the retry. */
    void requeueCall() {
        if (call != null) {
            calls.addFirst(call);
            call = null;
        }
    }

    /** @see ListingPosition#listParents */
    public void listParents(List<String> ids) {
        listing.listParents(ids);
    }

    /** The parent being listed is gone from Xero (deleted since its table was synced): on to the next one. */
    public void parentGone() {
        listing.nextParent();
    }

    /** The parent being listed, or null. */
    public String parentId() {
        return listing.parentId();
    }

    /** @see ListingPosition#parentPosition */
    public String parentPosition() {
        return listing.parentPosition();
    }

    /** @see ListingPosition#endpoint */
    public String endpoint() {
        return listing.endpoint();
    }

    /** Ends the listing: the run makes only its queued calls (a report run, planned up front). */
    public void listingDone() {
        listing.end();
    }

    /** The API is not granted to the connection: the run ends without calling Xero. */
    public void skip(String reason) {
        skipped = reason;
        listing.end();
    }

    /** The organisation is parked until Xero's daily limit resets: the run ends without calling Xero, as throttled. */
    public void throttle(String reason) {
        skip(reason);
        throttled = true;
    }

    /** Whether the run was skipped because the organisation is parked ({@link #throttle}), not for the API's sake. */
    public boolean throttled() {
        return throttled;
    }

    /** The rate-limit governor held a call back this long. */
    public void waitedForRateLimit(long millis) {
        rateLimitWaitMillis += millis;
    }

    /** The run is a backfill: its calls rank last in the organisation's day ({@link DayBudget}). */
    public void backfill() {
        backfill = true;
    }

    /** What the run's calls rank as in the organisation's day. */
    public DayBudget.Priority priority() {
        return backfill ? DayBudget.Priority.BACKFILL : api.priority();
    }

    /** The next call waits this long first (the governor holds it back without holding a thread). */
    public void backOff(Duration wait) {
        backOff = wait;
    }

    /** The back-off the next call waits first, once: null when there is none. */
    Duration takeBackOff() {
        Duration wait = backOff;
        backOff = null;
        return wait;
    }

    public long rateLimitWaitMillis() {
        return rateLimitWaitMillis;
    }

    /** Why the run was skipped or throttled, or null. */
    public String skipped() {
        return skipped;
    }

    /** Ids a full reload received, to mark the stored rows it no longer saw. */
    public Set<String> seenIds() {
        return seenIds;
    }

    /**
     * A call failed in a way worth repeating (5xx, 429, a dropped connection): counts the attempt and puts a queued
     * call back in front, so the next loop iteration repeats the same call.
     *
     * @return how many attempts in a row have now failed
     */
    public int callFailed() {
        requeueCall();
        return ++failedAttempts;
    }

    /** A 401 was answered: the page may be retried once with a fresh token. */
    public boolean retryWithFreshToken() {
        if (tokenRetried) {
            return false;
        }
        tokenRetried = true;
        requeueCall();
        return true;
    }

    /**
     * A 401 {@code AuthorizationUnsuccessful} was answered: true when the run may refresh its token and repeat the call
     * (once per run); false when it refreshed already, so the fresh token was refused too (a missing scope).
     */
    public boolean refreshForRefusal() {
        if (refreshedAfterRejection) {
            return false;
        }
        refreshedAfterRejection = true;
        tokenRetried = true;
        requeueCall();
        return true;
    }

    /** The run refreshed its token after a 401 of another kind (an expired token). */
    public void refreshedAfterRejection() {
        refreshedAfterRejection = true;
    }

    /** The scopes the organisation's connection was granted, as stored when the run began (null: not known). */
    public String grantedScopes() {
        return grantedScopes;
    }

    public void grantedScopes(String scopes) {
        this.grantedScopes = scopes;
    }

    /** The last page's write, going on in the background; the previous one must have been awaited. */
    void writing(Future<?> write) {
        if (pendingWrite != null) {
            throw new IllegalStateException("The previous page of " + this + " is still being written");
        }
        pendingWrite = write;
    }

    /**
     * Waits until the last page handed to {@link PageWriter} is committed (or rolled back): called before the next
     * page is written and before the run is finished, so pages commit in order and a run ends only after its last
     * page. Its failure is the run's, thrown here.
     */
    public void awaitWrite() throws SQLException {
        Future<?> write = pendingWrite;
        if (write == null) {
            return;
        }
        pendingWrite = null;
        try {
            write.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while the last page of " + this + " was written", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof SQLException sql) {
                throw sql;
            }
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(cause);
        }
    }

    public void callMade() {
        apiCalls++;
    }

    /** A call's answer arrived: its body's bytes as received and decoded. */
    public void received(long wire, long decoded) {
        wireBytes += wire;
        decodedBytes += decoded;
    }

    /** Everything the run's calls received so far, and how many calls it made. */
    public Egress egress() {
        return new Egress(wireBytes, decodedBytes, apiCalls);
    }

    /** What the month's egress does not count yet: to be added in the transaction that records the run's progress. */
    public synchronized Egress egressToRecord() {
        return egress().minus(egressRecorded);
    }

    /** That transaction committed (called by the thread that committed it). */
    public synchronized void egressRecorded(Egress delta) {
        egressRecorded = egressRecorded.plus(delta);
    }

    /** This run of an incremental API reloads everything instead (its cursor is not used). */
    public void reloadFully() {
        fullReload = true;
    }

    /** Whether the run lists everything and marks what Xero no longer lists: a full-reload API, or a periodic reload. */
    public boolean reloadsAll() {
        return !api.incremental() || fullReload;
    }

    /** Whether the run is an incremental API's periodic full reload. */
    public boolean periodicFullReload() {
        return api.incremental() && fullReload;
    }

    /** @see ListingPosition#expectRecords */
    public void expectRecords(int itemCount) {
        listing.expectRecords(itemCount);
    }

    public boolean isMore() {
        return skipped == null && (listing.more() || !calls.isEmpty());
    }

    public SyncApi api() {
        return api;
    }

    public String tenantId() {
        return tenantId;
    }

    public String tenantName() {
        return tenantName;
    }

    public String connectionId() {
        return connectionId;
    }

    public long runId() {
        return runId;
    }

    public Instant startedAt() {
        return startedAt;
    }

    public int page() {
        return listing.page();
    }

    public int pageSize() {
        return pageSize;
    }

    public SyncCursor cursor() {
        return listing.cursor();
    }

    public int records() {
        return records;
    }

    public int pages() {
        return pages;
    }

    public int apiCalls() {
        return apiCalls;
    }

    public Integer expectedRecords() {
        return listing.expectedRecords();
    }

    @Override
    public String toString() {
        // the name is Xero's (anyone who can name an organisation chose it): escaped, as it goes into log lines
        return api.routeId() + " · " + ExternalText.printable(tenantName == null ? tenantId : tenantName);
    }
}
