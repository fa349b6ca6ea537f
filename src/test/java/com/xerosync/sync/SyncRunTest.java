package com.xerosync.sync;

import com.xerosync.store.SyncCursor;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SyncRunTest {

    private static final SyncApi INVOICES = api("invoices", "Invoices", "InvoiceID", "UpdatedDateUTC", true,
            SyncApi.Paging.PAGE_SIZE, "", false);
    private static final SyncApi ORGANISATION = api("organisation", "Organisations", "OrganisationID", "", false,
            SyncApi.Paging.NONE, "", false);
    private static final SyncApi QUOTES = api("quotes", "Quotes", "QuoteID", "UpdatedDateUTC", false,
            SyncApi.Paging.PAGE, "", false);

    private static final SyncApi PROJECT_TIME = new SyncApi("project-time-entries", "projects.xro/2.0",
            "Projects/{projectId}/Time", "items", "project_time_entries", "timeEntryId", "", false, SyncApi.Paging.PAGE_SIZE,
            "", false, "", List.of(), List.of(), List.of(), null, Map.of(), "", null,
            new SyncApi.Parent("projects", "projectId"), 500, DayBudget.Priority.TRANSACTIONS);

    private static SyncApi api(String name, String collection, String idField, String versionField, boolean incremental,
                               SyncApi.Paging paging, String offsetField, boolean detail) {
        return new SyncApi(name, "api.xro/2.0", collection, collection, name, idField, versionField, incremental, paging,
                offsetField, detail, "", List.of(), List.of(), List.of(), null, Map.of(), "", null, null, SyncApi.ACCOUNTING_MAX_PAGE_SIZE, DayBudget.Priority.TRANSACTIONS);
    }

    private static final Instant T1 = Instant.parse("2026-01-01T00:00:01Z");
    private static final Instant T2 = Instant.parse("2026-01-01T00:00:02Z");

    private static SyncRun.Page page(int count, int fresh, Instant maxVersion, Set<String> idsAtMax, Integer pageCount) {
        return new SyncRun.Page(count, fresh, maxVersion, idsAtMax, pageCount, null);
    }

    private SyncRun run(SyncApi api, SyncCursor cursor) {
        return new SyncRun(api, "t", "Demo", "c", 1, Instant.EPOCH, 100, cursor);
    }

    @Test
    void should_list_a_collection_per_parent_one_parent_after_another_each_from_its_first_page() {
        SyncRun run = run(PROJECT_TIME, null);
        run.listParents(List.of("p 1", "p2", "p3"));
        assertThat(run.endpoint()).isEqualTo("Projects/p%201/Time");
        assertThat(run.parentPosition()).isEqualTo("projectId 1 of 3");
        // two pages for the first project, then the second from page 1
        run.checkListing(Set.of("a"), 100, 100);
        run.pageStored(page(100, 100, null, Set.of(), 2));
        assertThat(run.page()).isEqualTo(2);
        assertThat(run.endpoint()).isEqualTo("Projects/p%201/Time");
        run.checkListing(Set.of("b"), 1, 1);
        run.pageStored(page(1, 1, null, Set.of(), 2));
        assertThat(run.endpoint()).isEqualTo("Projects/p2/Time");
        assertThat(run.page()).isEqualTo(1);
        assertThat(run.isMore()).isTrue();
        // the same records under the next parent are no paging loop: each parent's listing is its own
        run.checkListing(Set.of("b"), 1, 1);
        run.pageStored(page(1, 1, null, Set.of(), 1));
        // a parent deleted in Xero since it was synced (404): on to the next, and past the last one the run ends
        assertThat(run.parentPosition()).isEqualTo("projectId 3 of 3");
        run.parentGone();
        assertThat(run.isMore()).isFalse();
        assertThat(run.records()).isEqualTo(102);

        SyncRun none = run(PROJECT_TIME, null);
        none.listParents(List.of());
        assertThat(none.isMore()).isFalse();
        assertThat(none.reloadsAll()).isTrue();
        // itemCount is per parent: not the run's
        none.expectRecords(7);
        assertThat(none.expectedRecords()).isNull();
    }

    @Test
    void should_refuse_a_listing_page_that_repeats_the_page_before_or_holds_more_than_a_page() {
        SyncApi pageSized = api("invoices", "Invoices", "InvoiceID", "UpdatedDateUTC", true, SyncApi.Paging.PAGE_SIZE, null, false);
        SyncRun run = run(pageSized, null);
        Set<String> first = Set.of("a", "b");
        run.checkListing(first, 2, 2);
        run.pageStored(page(2, 2, T1, Set.of("b"), 1_000_000));
        // the same records again on the next page: the paging does not advance
        assertThatThrownBy(() -> run.checkListing(first, 2, 2)).isInstanceOf(BadRecordException.class)
                .hasMessageContaining("does not advance").hasMessageContaining("page 2");
        // new records advance
        run.checkListing(Set.of("c"), 1, 1);

        assertThatThrownBy(() -> run(pageSized, null).checkListing(Set.of("a"), 101, 101))
                .hasMessageContaining("more than a page of 100");

        // the last page holding only records read again at the cursor's boundary is a proper end
        SyncRun boundary = run(pageSized, null);
        boundary.checkListing(Set.of("a", "b"), 100, 100);
        boundary.pageStored(page(100, 100, T2, Set.of("b"), null));
        boundary.checkListing(Set.of("b"), 1, 0);
    }

    @Test
    void should_page_by_key_moving_the_cursor_to_the_last_version_of_each_full_page() {
        SyncRun run = run(INVOICES, null);
        assertThat(run.pageStored(page(100, 100, T1, Set.of(), null))).isEqualTo(new SyncCursor(T1, false));
        assertThat(run.isMore()).isTrue();
        assertThat(run.page()).isEqualTo(1);
        // the next request asks from just before T1: records sharing T1 across the page boundary are not skipped
        assertThat(run.cursor().nextModifiedSince()).isEqualTo(T1.minusMillis(1));
    }

    @Test
    void should_advance_the_page_number_when_a_whole_page_shares_one_version() {
        SyncRun run = run(INVOICES, new SyncCursor(T1, false));
        assertThat(run.pageStored(page(100, 100, T1, Set.of(), null))).isNull();
        assertThat(run.page()).isEqualTo(2);
        assertThat(run.pageStored(page(100, 100, T2, Set.of(), null))).isEqualTo(new SyncCursor(T2, false));
        assertThat(run.page()).isEqualTo(1);
    }

    @Test
    void should_complete_the_cursor_on_the_last_page() {
        SyncRun run = run(INVOICES, new SyncCursor(T1, true));
        assertThat(run.pageStored(page(40, 40, T2, Set.of(), null))).isEqualTo(new SyncCursor(T2, true));
        assertThat(run.isMore()).isFalse();
        assertThat(run.cursor().nextModifiedSince()).isEqualTo(T2);
        assertThat(run.records()).isEqualTo(40);
        assertThat(run.pages()).isEqualTo(1);
    }

    @Test
    void should_trust_xeros_page_count_over_the_page_size() {
        SyncRun run = run(INVOICES, null);
        run.pageStored(page(100, 100, T1, Set.of(), 1));
        assertThat(run.isMore()).isFalse();
    }

    @Test
    void should_keep_a_complete_cursor_when_nothing_changed() {
        SyncRun run = run(INVOICES, new SyncCursor(T1, true));
        assertThat(run.pageStored(page(0, 0, null, Set.of(), 0))).isNull();
        assertThat(run.isMore()).isFalse();
        assertThat(run.cursor()).isEqualTo(new SyncCursor(T1, true));
    }

    @Test
    void should_not_count_the_record_read_again_at_the_key_boundary() {
        SyncRun run = run(INVOICES, null);
        run.pageStored(page(100, 100, T1, Set.of("last"), null));
        assertThat(run.readAgain("last", T1)).isTrue();
        assertThat(run.readAgain("other", T1)).isFalse();
        assertThat(run.readAgain("last", T2)).isFalse();
        run.pageStored(page(30, 29, T2, Set.of("x"), null));
        assertThat(run.records()).isEqualTo(129);
        assertThat(run.readAgain("x", T2)).isFalse();
    }

    @Test
    void should_page_a_full_reload_by_number_until_a_short_page() {
        SyncRun run = run(QUOTES, null);
        assertThat(run.pageStored(page(100, 100, T2, Set.of("a"), null))).isNull();
        assertThat(run.page()).isEqualTo(2);
        assertThat(run.isMore()).isTrue();
        assertThat(run.pageStored(page(99, 99, T1, Set.of("b"), null))).isNull();
        assertThat(run.isMore()).isFalse();
        assertThat(run.cursor()).isNull();
    }

    @Test
    void should_resume_offset_paging_after_the_highest_position_stored() {
        SyncApi journals = api("journals", "Journals", "JournalID", "", false, SyncApi.Paging.OFFSET, "JournalNumber", false);
        SyncRun run = run(journals, SyncCursor.position(200));
        assertThat(run.pageStored(new SyncRun.Page(100, 100, null, Set.of(), null, 300L))).isEqualTo(SyncCursor.position(300));
        assertThat(run.isMore()).isTrue();
        assertThat(run.pageStored(new SyncRun.Page(7, 7, null, Set.of(), null, 307L))).isEqualTo(SyncCursor.position(307));
        assertThat(run.isMore()).isFalse();
        assertThat(run.records()).isEqualTo(107);
    }

    @Test
    void should_fetch_each_listed_record_by_id_and_retry_one_after_a_401() {
        SyncApi budgets = api("budgets", "Budgets", "BudgetID", "", false, SyncApi.Paging.NONE, "", true);
        SyncRun run = run(budgets, null);
        assertThat(run.nextCall()).isNull();
        run.queueDetails(List.of("a", "b"));
        run.pageStored(page(2, 0, null, Set.of(), null));
        assertThat(run.isMore()).as("details still to fetch").isTrue();
        assertThat(run.nextCall()).isEqualTo(SyncRun.Call.byId("a"));
        assertThat(run.retryWithFreshToken()).isTrue();
        assertThat(run.nextCall()).as("the same record again after the refresh").isEqualTo(SyncRun.Call.byId("a"));
        run.callStored(1);
        assertThat(run.nextCall()).isEqualTo(SyncRun.Call.byId("b"));
        run.callStored(1);
        assertThat(run.isMore()).isFalse();
        assertThat(run.records()).isEqualTo(2);
    }

    @Test
    void should_end_a_skipped_run_before_any_call() {
        SyncRun run = run(INVOICES, null);
        run.skip("not granted");
        assertThat(run.isMore()).isFalse();
        assertThat(run.skipped()).isEqualTo("not granted");
    }

    @Test
    void should_allow_one_token_retry_per_page() {
        SyncRun run = run(INVOICES, null);
        assertThat(run.retryWithFreshToken()).isTrue();
        assertThat(run.retryWithFreshToken()).isFalse();
        run.pageStored(page(100, 100, T1, Set.of(), null));
        assertThat(run.retryWithFreshToken()).isTrue();
    }

    @Test
    void should_fetch_an_unversioned_api_once_without_a_cursor() {
        SyncRun run = run(ORGANISATION, null);
        assertThat(run.pageStored(page(1, 1, null, Set.of(), null))).isNull();
        assertThat(run.isMore()).isFalse();
    }
}
