package com.xerosync.auth;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ScopeRefusalTest {

    @Test
    void should_name_the_broad_scopes_a_new_app_is_refused_and_say_to_switch_to_granular() {
        String message = ScopeRefusal.explain("invalid_scope", null, "offline_access accounting.settings.read "
                + "accounting.transactions.read accounting.reports.read", "xero.scopes");
        assertThat(message).startsWith("Xero answered invalid_scope: it refused the broad scopes "
                + "accounting.transactions.read, accounting.reports.read.")
                .contains("created on or after 2 March 2026", "granular permissions on the admin page",
                        "xero.scope-set = granular");
    }

    @Test
    void should_name_the_optional_scopes_an_app_must_be_allowed_with_xeros_description() {
        String message = ScopeRefusal.explain("unauthorized_client", "The client is not allowed the requested scope",
                "offline_access accounting.settings.read accounting.journals.read", "xero.scopes");
        assertThat(message).startsWith("Xero answered unauthorized_client (The client is not allowed the requested scope): "
                + "your Xero app is not allowed the optional scope accounting.journals.read")
                .contains("developer portal", "untick it", "xero.scopes");
        assertThat(ScopeRefusal.explain("invalid_scope", "", "offline_access accounting.invoices.read", "xero.scopes"))
                .contains("not allowed one of the scopes asked for (accounting.invoices.read)");
    }

    @Test
    void should_never_answer_a_bare_error() {
        assertThat(ScopeRefusal.explain("access_denied", null, "offline_access", "xero.scopes"))
                .isEqualTo("Xero answered access_denied: access was cancelled on Xero's page. Nothing was changed.");
        assertThat(ScopeRefusal.explain("server_error", "try later", null, "xero.scopes"))
                .startsWith("Xero answered server_error (try later). Nothing was changed;");
        assertThat(ScopeRefusal.explain(null, null, null, "xero.scopes")).startsWith("Xero answered without a code.");
    }
}
