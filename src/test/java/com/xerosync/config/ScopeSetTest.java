package com.xerosync.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.xerosync.admin.Permissions;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

class ScopeSetTest {

    @Test
    void should_offer_an_app_created_from_2_march_2026_the_granular_set_only() {
        assertThat(ScopeSet.offeredToAppCreated(LocalDate.of(2026, 3, 1))).isEqualTo(ScopeSet.BROAD);
        assertThat(ScopeSet.offeredToAppCreated(LocalDate.of(2026, 3, 2))).isEqualTo(ScopeSet.GRANULAR);
        assertThat(ScopeSet.broadOnlyOf("offline_access accounting.settings.read accounting.transactions accounting.reports.read"))
                .containsExactly("accounting.transactions", "accounting.reports.read");
        assertThat(ScopeSet.GRANULAR.has("accounting.transactions.read")).isFalse();
        assertThat(ScopeSet.GRANULAR.has("accounting.settings.read")).isTrue();
        assertThat(ScopeSet.BROAD.has("accounting.invoices.read")).isFalse();
        assertThat(ScopeSet.SPLIT.get("accounting.reports.read")).hasSize(8).contains("accounting.reports.budgetsummary.read");
    }

    @Test
    void should_name_for_each_api_the_scope_of_the_set_in_use() {
        List<String> invoices = List.of("accounting.transactions.read", "accounting.invoices.read");
        assertThat(ScopeSet.GRANULAR.choose(invoices)).containsExactly("accounting.invoices.read");
        assertThat(ScopeSet.BROAD.choose(invoices)).containsExactly("accounting.transactions.read");
        assertThat(ScopeSet.ofGranted("offline_access accounting.transactions.read", ScopeSet.GRANULAR)).isEqualTo(ScopeSet.BROAD);
        assertThat(ScopeSet.ofGranted("offline_access accounting.payments.read", ScopeSet.BROAD)).isEqualTo(ScopeSet.GRANULAR);
        assertThat(ScopeSet.ofGranted("offline_access accounting.settings.read", ScopeSet.BROAD)).isEqualTo(ScopeSet.BROAD);
        assertThat(ScopeSet.of(" Broad ")).isEqualTo(ScopeSet.BROAD);
        assertThatThrownBy(() -> ScopeSet.of("wide")).hasMessageContaining("xero.scope-set must be granular")
                .hasMessageContaining("'wide'");
    }

    @Test
    void should_default_to_the_same_permissions_in_either_set_without_the_optional_ones() {
        assertThat(Permissions.defaults(ScopeSet.GRANULAR)).isEqualTo("offline_access accounting.settings.read "
                + "accounting.contacts.read accounting.invoices.read accounting.payments.read accounting.banktransactions.read "
                + "accounting.manualjournals.read accounting.classicexpenses.read accounting.reports.profitandloss.read "
                + "accounting.reports.balancesheet.read accounting.reports.trialbalance.read accounting.reports.aged.read "
                + "accounting.reports.banksummary.read accounting.reports.executivesummary.read "
                + "accounting.reports.taxreports.read");
        assertThat(Permissions.defaults(ScopeSet.BROAD)).isEqualTo("offline_access accounting.settings.read "
                + "accounting.contacts.read accounting.transactions.read accounting.reports.read");
        assertThat(ScopeSet.broadOnlyOf(Permissions.everything(ScopeSet.GRANULAR))).isEmpty();
        assertThat(Permissions.everything(ScopeSet.GRANULAR)).contains("accounting.journals.read", "accounting.budgets.read",
                "accounting.reports.budgetsummary.read", "payroll.employees.read");
        // a scope of the other set is never asked for
        assertThat(Permissions.scopes(List.of("accounting.transactions.read", "accounting.invoices.read"), ScopeSet.GRANULAR))
                .isEqualTo("offline_access accounting.invoices.read");
    }
}
