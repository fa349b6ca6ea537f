package com.xerosync.auth;

import com.xerosync.config.ScopeSet;
import java.util.List;
import java.util.Set;

/**
 * What to tell the admin when Xero refused the scopes asked for, at its authorize step (a redirect back with
 * {@code error=invalid_scope} or {@code unauthorized_client}) or at the token endpoint (400 with one of them, e.g. a
 * custom connection's client credentials). Xero does not say which scope it refused, so the message names those it
 * would refuse: the broad scopes, which an app created on or after 2 March 2026 is never offered, or else the
 * optional ones, which an app must be allowed first.
 */
public final class ScopeRefusal {

    /** The scopes not asked for by default: an app must be allowed them before it may ask for them. */
    static final Set<String> OPTIONAL = Set.of("accounting.journals.read", "accounting.budgets.read",
            "accounting.reports.budgetsummary.read", "payroll.employees.read", "payroll.employees");

    private ScopeRefusal() {
    }

    /** Whether the OAuth error says the app may not have the scopes asked for. */
    public static boolean refusesScopes(String error) {
        return "invalid_scope".equals(error) || "unauthorized_client".equals(error);
    }

    /**
     * The message for an OAuth error at authorize or at the token endpoint: what Xero answered (with its
     * {@code error_description} when it gave one), which of the requested scopes it refused and what to do.
     *
     * @param requested the space-separated scopes asked for; null when not known
     * @param scopesKey the setting the scopes came from when not chosen on the admin page (xero.scopes or sandbox.scopes)
     */
    public static String explain(String error, String description, String requested, String scopesKey) {
        String answered = "Xero answered " + (error == null || error.isBlank() ? "without a code" : error)
                + (description == null || description.isBlank() ? "" : " (" + description.trim() + ")");
        if ("access_denied".equals(error)) {
            return answered + ": access was cancelled on Xero's page. Nothing was changed.";
        }
        if (!refusesScopes(error)) {
            return answered + ". Nothing was changed; try again, and if it happens again check the app's settings in "
                    + "the Xero developer portal (developer.xero.com, My Apps).";
        }
        Set<String> asked = ScopeSet.split(requested);
        List<String> broad = ScopeSet.broadOnlyOf(requested);
        if (!broad.isEmpty()) {
            return answered + ": it refused the broad scope" + (broad.size() == 1 ? " " : "s ") + String.join(", ", broad)
                    + ". Apps created on or after 2 March 2026 are offered granular scopes only: choose the granular "
                    + "permissions on the admin page (/admin) and connect again, or set xero.scope-set = granular and "
                    + "leave " + scopesKey + " empty (or name granular scopes in it). Nothing was changed.";
        }
        List<String> optional = asked.stream().filter(OPTIONAL::contains).toList();
        List<String> named = asked.stream().filter(s -> !"offline_access".equals(s)).toList();
        if (!optional.isEmpty()) {
            return answered + ": your Xero app is not allowed " + (optional.size() == 1 ? "the optional scope "
                    : "one of the optional scopes ") + String.join(", ", optional) + " (asked for: " + String.join(" ", named)
                    + "). Enable " + (optional.size() == 1 ? "it" : "them") + " for your app in the Xero developer portal "
                    + "(developer.xero.com, My Apps, your app), or untick " + (optional.size() == 1 ? "it" : "them")
                    + " on the admin page (/admin) or take " + (optional.size() == 1 ? "it" : "them") + " out of "
                    + scopesKey + ", and connect again. Nothing was changed.";
        }
        return answered + ": your Xero app is not allowed one of the scopes asked for (" + String.join(" ", named)
                + "). Enable them for your app in the Xero developer portal (developer.xero.com, My Apps, your app), or "
                + "untick the ones it may not have on the admin page (/admin), and connect again. Nothing was changed.";
    }
}
