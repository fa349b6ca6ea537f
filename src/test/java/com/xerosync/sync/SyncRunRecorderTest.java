package com.xerosync.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.xerosync.config.AppPlan;
import com.xerosync.config.ScopeSet;
import com.xerosync.config.XeroPlan;
import java.sql.BatchUpdateException;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SyncRunRecorderTest {

    @Test
    void should_describe_the_cause_chain_without_stack_traces() {
        Exception error = new IllegalStateException("the page failed", new SQLException("disk full", "53100"));
        assertThat(SyncRunRecorder.describe(error)).isEqualTo("the page failed (caused by SQLException: disk full)");
    }

    @Test
    void should_leave_out_the_statement_and_values_of_a_failed_batch() {
        Exception error = new BatchUpdateException("Batch entry 3 INSERT INTO xero.invoices (a, b) VALUES ('secret\nline', 2) "
                + "was aborted: An I/O error occurred while sending to the backend.", "08006", new int[0]);
        assertThat(SyncRunRecorder.describe(error))
                .isEqualTo("Batch entry 3 was aborted: An I/O error occurred while sending to the backend.");
    }

    @Test
    void should_skip_journals_on_a_plan_without_them_naming_the_plans_that_have_them_and_the_setting() {
        Map<String, Object> parameters = new HashMap<>();
        parameters.put("api", "journals");
        parameters.put("endpoint", "Journals");
        parameters.put("collection", "Journals");
        parameters.put("table", "journals");
        parameters.put("idField", "JournalID");
        parameters.put("paging", "offset");
        parameters.put("offsetField", "JournalNumber");
        parameters.put("scope", "accounting.journals.read");
        parameters.put("planFeature", "journals");
        SyncApi journals = SyncApi.fromTemplateParameters(parameters);
        String granted = "offline_access accounting.journals.read";

        assertThat(SyncRunRecorder.skipReason(journals, new AppPlan(XeroPlan.STARTER, "xero.plan"), ScopeSet.GRANULAR, "AU", granted))
                .isEqualTo("not on the Starter plan: Xero serves journals to apps on Advanced or Enterprise; set "
                        + "xero.plan if your app is on one, to sync xero-journals");
        assertThat(SyncRunRecorder.skipReason(journals, new AppPlan(XeroPlan.PLUS, "sandbox.plan"), ScopeSet.GRANULAR, "AU", granted))
                .startsWith("not on the Plus plan").contains("set sandbox.plan");
        assertThat(SyncRunRecorder.skipReason(journals, new AppPlan(XeroPlan.ADVANCED, "xero.plan"), ScopeSet.GRANULAR, "AU", granted))
                .isNull();
        assertThat(SyncRunRecorder.skipReason(journals, new AppPlan(XeroPlan.ENTERPRISE, "xero.plan"), ScopeSet.GRANULAR, "AU",
                "offline_access")).startsWith("not granted");
        // an API no plan restricts runs on every plan
        parameters.remove("planFeature");
        assertThat(SyncRunRecorder.skipReason(SyncApi.fromTemplateParameters(parameters),
                new AppPlan(XeroPlan.STARTER, "xero.plan"), ScopeSet.GRANULAR, "AU", granted)).isNull();
        parameters.put("planFeature", "payroll");
        assertThatThrownBy(() -> SyncApi.fromTemplateParameters(parameters))
                .hasMessageContaining("payroll");
    }
}
