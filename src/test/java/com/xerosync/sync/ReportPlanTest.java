package com.xerosync.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReportPlanTest {

    private static final LocalDate TODAY = LocalDate.of(2026, 3, 14);

    @Test
    void should_plan_each_month_on_each_basis_by_date_range() {
        List<SyncRun.Call> calls = new ReportPlan(3, "range", List.of("accrual", "cash"), "").calls(TODAY, List.of());
        assertThat(calls).extracting(SyncRun.Call::query).containsExactly(
                "fromDate=2026-03-01&toDate=2026-03-14", "fromDate=2026-03-01&toDate=2026-03-14&paymentsOnly=true",
                "fromDate=2026-02-01&toDate=2026-02-28", "fromDate=2026-02-01&toDate=2026-02-28&paymentsOnly=true",
                "fromDate=2026-01-01&toDate=2026-01-31", "fromDate=2026-01-01&toDate=2026-01-31&paymentsOnly=true");
    }

    @Test
    void should_plan_as_at_each_month_end_and_today() {
        assertThat(new ReportPlan(2, "date", List.of("accrual"), "").calls(TODAY, List.of()))
                .extracting(SyncRun.Call::query).containsExactly("date=2026-03-14", "date=2026-02-28");
        assertThat(new ReportPlan(0, "date", List.of(), "").calls(TODAY, List.of()))
                .extracting(SyncRun.Call::query).containsExactly("date=2026-03-14");
    }

    @Test
    void should_plan_one_call_per_contact_for_aged_reports() {
        assertThat(new ReportPlan(0, "date", List.of("accrual"), "ACCREC").calls(TODAY, List.of("c1", "c2")))
                .extracting(SyncRun.Call::query).containsExactly("contactId=c1&date=2026-03-14", "contactId=c2&date=2026-03-14");
        assertThat(new ReportPlan(0, "date", List.of("accrual"), "ACCPAY").calls(TODAY, List.of())).isEmpty();
    }

    @Test
    void should_refuse_plans_xero_cannot_answer() {
        assertThatThrownBy(() -> new ReportPlan(3, "none", List.of(), "")).hasMessageContaining("months");
        assertThatThrownBy(() -> new ReportPlan(1, "range", List.of("modified"), "")).hasMessageContaining("bases");
        assertThatThrownBy(() -> new ReportPlan(1, "weekly", List.of(), "")).hasMessageContaining("dates");
    }
}
