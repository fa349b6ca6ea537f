package com.xerosync.sync;

import com.xerosync.store.SyncCursor;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Where a run is in an API's listing: the page to ask for, the cursor, whether more is to come, and for a collection
 * per parent record the parent being listed. It decides from each stored page what the next request is.
 *
 * <p>Incremental APIs page by key rather than by page number: every request asks for records modified after the last
 * version stored ({@code If-Modified-Since}, ordered by that version), so records that change during a long sync
 * move to the end of the listing instead of shifting pages under it. Only when a whole page shares one version does
 * the page number advance. A collection per parent ({@link SyncApi#parent()}) lists each parent from its first page.
 */
final class ListingPosition {

    private final SyncApi api;
    private final int pageSize;
    private SyncCursor cursor;
    private int page = 1;
    private boolean more = true;
    private Integer expectedRecords;
    /** Records already stored at the cursor's version: a request from just before it reads them again. */
    private Set<String> boundaryIds = Set.of();
    /** The ids the previous listing page brought: a page bringing only these again means the paging does not advance. */
    private Set<String> previousPageIds = Set.of();
    /** For a collection per parent: the parents still to list after the current one. */
    private final Deque<String> parents = new ArrayDeque<>();
    /** The parent being listed, or null. */
    private String parentId;
    private int parentCount;

    ListingPosition(SyncApi api, int pageSize, SyncCursor cursor) {
        this.api = api;
        this.pageSize = pageSize;
        this.cursor = cursor;
    }

    /** Whether a record of the current page was already stored by the previous page (the key overlap). */
    boolean readAgain(String id, Instant version) {
        return cursor != null && !cursor.complete() && version != null && version.equals(cursor.modifiedSince())
                && boundaryIds.contains(id);
    }

    /**
     * Refuses a listing page that contradicts the listing or brings nothing new, before it is stored: more records than
     * a page holds, or only records the previous page brought (which, followed to a {@code pageCount} of a million,
     * would spend the day's calls on the same records). A page made only of records read again at the
     * cursor's boundary is fine when it is the last.
     *
     * @param pagesBefore the pages the run stored before this one
     * @param run         named in the message
     * @throws BadRecordException naming the page and what is wrong
     */
    void check(Set<String> ids, int count, int fresh, int pagesBefore, SyncRun run) {
        if (api.paging() == SyncApi.Paging.NONE) {
            return;
        }
        int most = api.paging() == SyncApi.Paging.PAGE_SIZE ? pageSize : SyncApi.XERO_PAGE;
        String where = "page " + (pagesBefore + 1) + " of " + endpoint() + " in this run of " + run;
        if (count > most) {
            throw new BadRecordException("Xero's listing contradicts itself: " + where + " holds " + count
                    + " records, more than a page of " + most + "; nothing of this page was stored");
        }
        boolean last = count < most;
        if (pagesBefore > 0 && count > 0 && previousPageIds.containsAll(ids) && !(fresh == 0 && last)) {
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
    SyncCursor pageStored(SyncRun.Page stored) {
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
        } else if (!full && parentId != null) {
            nextParent();
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
     * A collection per parent lists these parents' records one parent after another, each from its first page; with
     * none, the run lists nothing (and a full reload then marks every stored record deleted).
     */
    void listParents(List<String> ids) {
        parents.addAll(ids);
        parentCount = ids.size();
        nextParent();
    }

    /** The current parent is done (or gone from Xero): on to the next one, from its first page. */
    void nextParent() {
        parentId = parents.poll();
        page = 1;
        previousPageIds = Set.of();
        if (parentId == null) {
            more = false;
        }
    }

    String parentId() {
        return parentId;
    }

    /** Where the listing is among the parents, e.g. {@code projectId 3 of 7}; empty for other APIs. */
    String parentPosition() {
        return parentId == null ? "" : api.parent().field() + " " + (parentCount - parents.size()) + " of " + parentCount;
    }

    /**
     * The path under the base path the next call goes to: the API's endpoint, with the parent being listed in its
     * {@code {field}} segment.
     */
    String endpoint() {
        if (parentId == null) {
            return api.endpoint();
        }
        // a path segment: a space is %20 there, not the + of a form
        String segment = URLEncoder.encode(parentId, StandardCharsets.UTF_8).replace("+", "%20");
        return api.endpoint().replace("{" + api.parent().field() + "}", segment);
    }

    /** Xero's itemCount of the listing, for the progress log; a collection per parent has one per parent, so none. */
    void expectRecords(int itemCount) {
        if (expectedRecords == null && api.parent() == null) {
            expectedRecords = itemCount;
        }
    }

    /** No more listing pages. */
    void end() {
        more = false;
    }

    boolean more() {
        return more;
    }

    int page() {
        return page;
    }

    SyncCursor cursor() {
        return cursor;
    }

    Integer expectedRecords() {
        return expectedRecords;
    }

    private static Instant later(Instant version, SyncCursor cursor) {
        return cursor == null || version.isAfter(cursor.modifiedSince()) ? version : cursor.modifiedSince();
    }
}
