package com.xerosync.sync;

import com.xerosync.testing.MovableClock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.xerosync.sync.DayBudget.Priority;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class DayBudgetTest {

    private static final int LIMIT = 100;
    private final MovableClock clock = new MovableClock(Instant.parse("2026-12-04T10:15:00Z"));
    private final DayBudget budget = new DayBudget(new DayBudget.Shares(40, 5, 25), clock);

    @Test
    void should_give_a_backfill_only_what_the_reserves_leave_and_transactions_the_whole_day() {
        assertThat(spendAll(Priority.BACKFILL)).as("100 - 40 - 5 - 25").isEqualTo(30);
        assertThatThrownBy(() -> budget.spend("t", "xero-journals for T", Priority.BACKFILL, LIMIT))
                .isInstanceOfSatisfying(DayBudget.Deferred.class, e -> {
                    assertThat(e.getMessage()).contains("xero-journals for T is a backfill call",
                            "kept for higher priorities", "backfill 30", "resumes from its last stored page");
                    assertThat(e.until()).as("when the hour of the first backfill call leaves the day")
                            .isEqualTo(Instant.parse("2026-12-05T10:00:00Z"));
                });
        assertThat(spendAll(Priority.TRANSACTIONS)).as("the rest of the day").isEqualTo(70);
        assertThat(spendAll(Priority.SETTINGS)).isZero();
    }

    @Test
    void should_let_lower_priorities_have_a_reserve_once_its_owner_has_spent_it() {
        for (int i = 0; i < 40; i++) {
            budget.spend("t", "xero-invoices", Priority.TRANSACTIONS, LIMIT);
        }
        // the transactions' reserve is spent: what is left besides the settings' and reports' reserves is the backfill's
        assertThat(spendAll(Priority.BACKFILL)).isEqualTo(100 - 40 - 5 - 25);
        assertThat(spendAll(Priority.REPORTS)).as("the reports' share was kept for them").isEqualTo(25);
        assertThat(spendAll(Priority.SETTINGS)).as("and the settings' reserve for them").isEqualTo(5);
    }

    @Test
    void should_never_give_reports_more_than_their_share() {
        assertThat(spendAll(Priority.REPORTS)).isEqualTo(25);
        assertThatThrownBy(() -> budget.spend("t", "xero-aged-receivables", Priority.REPORTS, LIMIT))
                .hasMessageContaining("reports may take at most 25% of the day");
        assertThat(spendAll(Priority.TRANSACTIONS)).isEqualTo(75);
    }

    @Test
    void should_give_the_calls_back_as_their_hour_leaves_the_day_and_keep_organisations_apart() {
        assertThat(spendAll(Priority.BACKFILL)).isEqualTo(30);
        budget.spend("other", "xero-journals", Priority.BACKFILL, LIMIT);
        clock.advance(Duration.ofHours(23));
        assertThatThrownBy(() -> budget.spend("t", "xero-journals", Priority.BACKFILL, LIMIT))
                .as("the oldest hour of spending is still in the day")
                .isInstanceOfSatisfying(DayBudget.Deferred.class, e -> assertThat(e.until())
                        .isEqualTo(Instant.parse("2026-12-05T10:00:00Z")));
        clock.advance(Duration.ofHours(1));
        assertThat(spendAll(Priority.BACKFILL)).as("the whole share again, a day later").isEqualTo(30);
    }

    @Test
    void should_refuse_shares_above_the_whole_day_and_unknown_priorities() {
        assertThatThrownBy(() -> new DayBudget.Shares(60, 20, 30)).hasMessageContaining("add up to at most 100%");
        assertThat(Priority.ofRoute("")).isEqualTo(Priority.TRANSACTIONS);
        assertThat(Priority.ofRoute("Settings")).isEqualTo(Priority.SETTINGS);
        assertThatThrownBy(() -> Priority.ofRoute("backfill")).hasMessageContaining("transactions, settings or reports");
    }

    /** How many calls of that priority the budget allows now, spending them. */
    private int spendAll(Priority priority) {
        int spent = 0;
        try {
            while (spent <= LIMIT) {
                budget.spend("t", "xero-test", priority, LIMIT);
                spent++;
            }
        } catch (DayBudget.Deferred refused) {
            return spent;
        }
        throw new AssertionError("more calls than the day has");
    }
}
