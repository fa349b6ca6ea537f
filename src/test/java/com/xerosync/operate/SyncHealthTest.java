package com.xerosync.operate;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SyncHealthTest {

    private static Snapshots twoOrganisations() {
        return new Snapshots().organisation("au", "Demo Company (AU)").organisation("nz", "Demo Company (NZ)");
    }

    @Test
    void should_be_up_below_the_limit_and_down_at_it_naming_the_organisation_and_the_last_error() {
        SyncSnapshot below = twoOrganisations().row("invoices", "au", 0, 2, 0, 2, 2, null, 20, "HTTP 500").build();
        assertThat(SyncHealth.assess(below, "invoices", 3).up()).isTrue();

        SyncSnapshot at = twoOrganisations()
                .row("invoices", "au", 0, 3, 0, 3, 3, null, 30, "HTTP 500 from Invoices")
                .row("invoices", "nz", 10, 1, 1, 0, 0, 5, null, null).build();
        SyncHealth.Verdict verdict = SyncHealth.assess(at, "invoices", 3);

        assertThat(verdict.up()).isFalse();
        assertThat(verdict.message()).contains("Demo Company (AU) (3 in a row)", "HTTP 500 from Invoices")
                .doesNotContain("Demo Company (NZ)");
        assertThat(verdict.details()).containsEntry("failing", "Demo Company (AU) (3 in a row)")
                .containsEntry("last-error", "HTTP 500 from Invoices").containsEntry("failures-in-a-row-limit", 3);
    }

    @Test
    void should_be_up_again_once_a_run_succeeded() {
        SyncSnapshot after = twoOrganisations().row("invoices", "au", 10, 4, 1, 3, 0, 40, 30, "HTTP 500").build();
        SyncHealth.Verdict verdict = SyncHealth.assess(after, "invoices", 3);
        assertThat(verdict.up()).isTrue();
        assertThat(verdict.details()).containsEntry("last-success", Snapshots.T0.plusSeconds(40).toString());
    }

    @Test
    void should_be_down_for_every_api_when_a_connection_needs_reauthorisation() {
        SyncSnapshot snapshot = new Snapshots()
                .organisation("au", "Demo Company (AU)", "active", "needs_reauthorisation")
                .organisation("nz", "Demo Company (NZ)", "active", "needs_reauthorisation")
                .row("invoices", "au", 0, 1, 0, 1, 1, null, 10, "invalid_grant: connect Xero again").build();

        for (String api : new String[] {"invoices", "contacts"}) {
            SyncHealth.Verdict verdict = SyncHealth.assess(snapshot, api, 3);
            assertThat(verdict.up()).as(api).isFalse();
            assertThat(verdict.details()).as(api)
                    .containsEntry("needs-reauthorisation", "Demo Company (AU), Demo Company (NZ)");
            assertThat(verdict.message()).as(api).contains("connect Xero again");
        }
        assertThat(SyncHealth.assess(snapshot, "invoices", 3).details())
                .containsEntry("last-error", "invalid_grant: connect Xero again");
    }

    @Test
    void should_not_count_an_organisation_that_is_no_longer_synced() {
        SyncSnapshot snapshot = new Snapshots()
                .organisation("au", "Demo Company (AU)", "disconnected", "active")
                .row("invoices", "au", 0, 5, 0, 5, 5, null, 10, "HTTP 403").build();
        SyncHealth.Verdict verdict = SyncHealth.assess(snapshot, "invoices", 3);
        assertThat(verdict.up()).isTrue();
        assertThat(verdict.details()).containsEntry("disconnected", "Demo Company (AU)");
    }

    @Test
    void should_be_down_when_the_bookkeeping_cannot_be_read() {
        SyncSnapshot snapshot = twoOrganisations().build().failed("Connection refused");
        SyncHealth.Verdict verdict = SyncHealth.assess(snapshot, "invoices", 3);
        assertThat(verdict.up()).isFalse();
        assertThat(verdict.message()).contains("cannot be read", "Connection refused");
    }
}
