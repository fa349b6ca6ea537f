package com.xerosync.sync;

import com.xerosync.store.SyncCursor;
import com.xerosync.store.Egress;
import com.xerosync.config.ExternalText;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

/**
 * The state of one run of one API for one organisation, carried through the route as an exchange property.
 *
 * <p>Incremental APIs page by key rather than by page number: every request asks for records modified after the last
 * version stored ({@code If-Modified-Since}, ordered by that version), so records that change during a long sync
 * move to the end of the listing instead of shifting pages under it. Only when a whole page shares one version does
 * the page number advance.
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

    private SyncCursor cursor;
    private int page = 1;
    private boolean more = true;
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
    private Integer expectedRecords;
    /** Records already stored at the cursor's version: a request from just before it reads them again. */
    private Set<String> boundaryIds = Set.of();
    /** The ids the previous listing page brought: a page bringing only these again means the paging does not advance. */
    private Set<String> previousPageIds = Set.of();
    private final Set<String> seenIds = new HashSet<>();
    /** Calls still to make besides the listing: listed records to fetch by id, or a report's periods. */
    private final Deque<Call> calls = new ArrayDeque<>();
    private Call call;
    private String skipped;
    private boolean throttled;
    private long rateLimitWaitMillis;
    private int failedAttempts;
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
        this.cursor = cursor;
    }

    /** Whether a record of the current page was already stored by this run's previous page (the key overlap). */
    public boolean readAgain(String id, Instant version) {
        return cursor != null && !cursor.complete() && version != null && version.equals(cursor.modifiedSince())
                && boundaryIds.contains(id);
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

    /**
     * Refuses a listing page that contradicts the listing or brings nothing new, before it is stored: more records than
     * a page holds, or only records the previous page brought (which, followed to a {@code pageCount} of a million,
     * would spend the day's calls on the same records). A page made only of records read again at the
     * cursor's boundary is fine when it is the last.
     *
     * @throws BadRecordException naming the page and what is wrong
     */
    public void checkListing(Set<String> ids, int count, int fresh) {
        if (api.paging() == SyncApi.Paging.NONE) {
            return;
        }
        int most = api.paging() == SyncApi.Paging.PAGE_SIZE ? pageSize : SyncApi.XERO_PAGE;
        String where = "page " + (pages + 1) + " of " + api.endpoint() + " in this run of " + this;
        if (count > most) {
            throw new BadRecordException("Xero's listing contradicts itself: " + where + " holds " + count
                    + " records, more than a page of " + most + "; nothing of this page was stored");
        }
        boolean last = count < most;
        if (pages > 0 && count > 0 && previousPageIds.containsAll(ids) && !(fresh == 0 && last)) {
            throw new BadRecordException("Xero's paging does not advance: " + where + " brings only the " + ids.size()
                    + " records of the page before; the run stops here instead of fetching them again and again "
                    + "(nothing of this page was stored; the next run starts again from the last stored page)");
        }
        previousPageIds = Set.copyOf(ids);
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
        int count = stored.count();
        Instant maxVersion = stored.maxVersion();
        boolean full = switch (api.paging()) {
            case NONE -> false;
            case PAGE, OFFSET -> count >= SyncApi.XERO_PAGE;
            case PAGE_SIZE -> stored.pageCount() != null ? page < stored.pageCount() : count >= pageSize;
        };
        SyncCursor before = cursor;
        if (api.paging() == SyncApi.Paging.OFFSET) {
            more = full;
            if (stored.maxPosition() != null && (cursor == null || stored.maxPosition() > cursor.position())) {
                cursor = SyncCursor.position(stored.maxPosition());
            }
        } else if (!full) {
            more = false;
            if (api.incremental() && (maxVersion != null || cursor != null)) {
                Instant last = maxVersion == null ? cursor.modifiedSince() : later(maxVersion, cursor);
                cursor = new SyncCursor(last, true);
            }
        } else if (api.incremental() && maxVersion != null && (cursor == null || maxVersion.isAfter(cursor.modifiedSince()))) {
            cursor = new SyncCursor(maxVersion, false);
            boundaryIds = Set.copyOf(stored.idsAtMax());
            page = 1;
        } else {
            if (maxVersion != null && cursor != null && maxVersion.equals(cursor.modifiedSince())) {
                Set<String> seen = new HashSet<>(boundaryIds);
                seen.addAll(stored.idsAtMax());
                boundaryIds = seen;
            }
            // a full reload, or a whole page sharing the boundary version: only the page number can advance
            page++;
        }
        return cursor == null || cursor.equals(before) ? null : cursor;
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

    /** Ends the listing: the run makes only its queued calls (a report run, planned up front). */
    public void listingDone() {
        more = false;
    }

    /** The API is not granted to the connection: the run ends without calling Xero. */
    public void skip(String reason) {
        skipped = reason;
        more = false;
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

    public void expectRecords(int itemCount) {
        if (expectedRecords == null) {
            expectedRecords = itemCount;
        }
    }

    private static Instant later(Instant version, SyncCursor cursor) {
        return cursor == null || version.isAfter(cursor.modifiedSince()) ? version : cursor.modifiedSince();
    }

    public boolean isMore() {
        return skipped == null && (more || !calls.isEmpty());
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
        return page;
    }

    public int pageSize() {
        return pageSize;
    }

    public SyncCursor cursor() {
        return cursor;
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
        return expectedRecords;
    }

    @Override
    public String toString() {
        // the name is Xero's (anyone who can name an organisation chose it): escaped, as it goes into log lines
        return api.routeId() + " · " + ExternalText.printable(tenantName == null ? tenantId : tenantName);
    }
}
