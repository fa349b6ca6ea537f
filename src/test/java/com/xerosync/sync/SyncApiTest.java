package com.xerosync.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SyncApiTest {

    private static Map<String, Object> invoices() {
        Map<String, Object> parameters = new HashMap<>();
        parameters.put("api", "invoices");
        parameters.put("endpoint", "Invoices");
        parameters.put("collection", "Invoices");
        parameters.put("table", "invoices");
        parameters.put("idField", "InvoiceID");
        parameters.put("versionField", "UpdatedDateUTC");
        parameters.put("incremental", "true");
        parameters.put("paging", "pageSize");
        parameters.put("scope", "accounting.transactions.read|accounting.invoices.read");
        parameters.put("children", "LineItems:invoice_line_items");
        parameters.put("columns", "contact_id=Contact.ContactID,invoice_line_items.tracking1_option=Tracking.0.Option");
        return parameters;
    }

    @Test
    void should_read_an_api_from_its_template_parameters() {
        SyncApi api = SyncApi.fromTemplateParameters(invoices());
        assertThat(api.routeId()).isEqualTo("xero-invoices");
        assertThat(api.basePath()).isEqualTo("api.xro/2.0");
        assertThat(api.paging()).isEqualTo(SyncApi.Paging.PAGE_SIZE);
        assertThat(api.children()).containsExactly(new SyncApi.Child("LineItems", "invoice_line_items"));
        assertThat(api.columnPaths("invoices")).containsExactly(Map.entry("contact_id", "Contact.ContactID"));
        assertThat(api.columnPaths("invoice_line_items")).containsExactly(Map.entry("tracking1_option", "Tracking.0.Option"));
    }

    private static Map<String, Object> projectTasks() {
        Map<String, Object> parameters = new HashMap<>();
        parameters.put("api", "project-tasks");
        parameters.put("basePath", "projects.xro/2.0");
        parameters.put("endpoint", "Projects/{projectId}/Tasks");
        parameters.put("parent", "projects");
        parameters.put("collection", "items");
        parameters.put("table", "project_tasks");
        parameters.put("idField", "taskId");
        parameters.put("paging", "pageSize");
        parameters.put("maxPageSize", "500");
        return parameters;
    }

    @Test
    void should_read_a_collection_per_parent_record_and_refuse_one_that_does_not_hold_together() {
        SyncApi tasks = SyncApi.fromTemplateParameters(projectTasks());
        assertThat(tasks.parent()).isEqualTo(new SyncApi.Parent("projects", "projectId"));
        assertThat(tasks.maxPageSize()).isEqualTo(500);
        assertThat(SyncApi.fromTemplateParameters(invoices()).maxPageSize()).isEqualTo(1000);
        assertThat(SyncApi.fromTemplateParameters(invoices()).parent()).isNull();

        Map<String, Object> noPlaceholder = projectTasks();
        noPlaceholder.put("endpoint", "Projects/Tasks");
        assertThatThrownBy(() -> SyncApi.fromTemplateParameters(noPlaceholder)).hasMessageContaining("{field} segment");
        Map<String, Object> noParent = projectTasks();
        noParent.remove("parent");
        assertThatThrownBy(() -> SyncApi.fromTemplateParameters(noParent)).hasMessageContaining("endpoint");
        Map<String, Object> incremental = projectTasks();
        incremental.put("incremental", "true");
        incremental.put("versionField", "dateUtc");
        assertThatThrownBy(() -> SyncApi.fromTemplateParameters(incremental)).hasMessageContaining("cannot be incremental");
        Map<String, Object> hugePages = projectTasks();
        hugePages.put("maxPageSize", "5000");
        assertThatThrownBy(() -> SyncApi.fromTemplateParameters(hugePages)).hasMessageContaining("maxPageSize");
        Map<String, Object> notANumber = projectTasks();
        notANumber.put("maxPageSize", "lots");
        assertThatThrownBy(() -> SyncApi.fromTemplateParameters(notANumber)).hasMessageContaining("whole number");
    }

    @Test
    void should_read_how_often_an_incremental_api_reloads_everything() {
        Map<String, Object> parameters = invoices();
        assertThat(SyncApi.fromTemplateParameters(parameters).fullReloadEvery()).isNull();
        parameters.put("fullReloadEvery", "PT24H");
        assertThat(SyncApi.fromTemplateParameters(parameters).fullReloadEvery()).isEqualTo(java.time.Duration.ofDays(1));
        parameters.put("fullReloadEvery", "0");
        assertThat(SyncApi.fromTemplateParameters(parameters).fullReloadEvery()).isZero();
        parameters.put("fullReloadEvery", "daily");
        assertThatThrownBy(() -> SyncApi.fromTemplateParameters(parameters)).hasMessageContaining("fullReloadEvery")
                .hasMessageContaining("PT24H");
        parameters.put("fullReloadEvery", "PT1H");
        parameters.put("incremental", "false");
        assertThatThrownBy(() -> SyncApi.fromTemplateParameters(parameters)).hasMessageContaining("incremental");
    }

    @Test
    void should_grant_an_api_by_any_of_its_scopes_broad_scopes_covering_their_read_variant() {
        SyncApi api = SyncApi.fromTemplateParameters(invoices());
        assertThat(api.grantedBy("offline_access accounting.transactions.read")).isTrue();
        assertThat(api.grantedBy("accounting.transactions")).isTrue();
        assertThat(api.grantedBy("offline_access accounting.invoices.read")).isTrue();
        assertThat(api.grantedBy("offline_access accounting.contacts.read")).isFalse();
        assertThat(api.grantedBy(null)).as("unknown grants are trusted").isTrue();
    }

    @Test
    void should_refuse_parameters_that_would_reach_sql_or_urls_unchecked() {
        Map<String, Object> bad = invoices();
        bad.put("table", "invoices; drop table x");
        assertThatThrownBy(() -> SyncApi.fromTemplateParameters(bad)).hasMessageContaining("table");
        Map<String, Object> query = invoices();
        query.put("query", "a=b&c=d e");
        assertThatThrownBy(() -> SyncApi.fromTemplateParameters(query)).hasMessageContaining("query");
        Map<String, Object> incremental = invoices();
        incremental.put("versionField", "");
        assertThatThrownBy(() -> SyncApi.fromTemplateParameters(incremental)).hasMessageContaining("versionField");
        Map<String, Object> paging = invoices();
        paging.put("paging", "sometimes");
        assertThatThrownBy(() -> SyncApi.fromTemplateParameters(paging)).hasMessageContaining("paging");
    }
}
