package com.xerosync.sandbox.endpoints;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The reports served under {@code /Reports/<path>}, each with the scopes that grant it: the broad
 * {@code accounting.reports.read} or its 2026 granular scope (developer.xero.com/documentation/guides/oauth2/scopes). Published tax
 * returns ({@code GET /Reports} and {@code /Reports/{ReportID}}) are {@link ApiCollection#REPORTS}.
 */
public enum ReportKind {
    PROFIT_AND_LOSS("ProfitAndLoss", "Profit and Loss", "profitandloss"),
    BALANCE_SHEET("BalanceSheet", "Balance Sheet", "balancesheet"),
    TRIAL_BALANCE("TrialBalance", "Trial Balance", "trialbalance"),
    BANK_SUMMARY("BankSummary", "Bank Summary", "banksummary"),
    EXECUTIVE_SUMMARY("ExecutiveSummary", "Executive Summary", "executivesummary"),
    BUDGET_SUMMARY("BudgetSummary", "Budget Summary", "budgetsummary"),
    AGED_RECEIVABLES("AgedReceivablesByContact", "Aged Receivables By Contact", "aged"),
    AGED_PAYABLES("AgedPayablesByContact", "Aged Payables By Contact", "aged");

    public static final String BROAD_SCOPE = "accounting.reports.read";

    public final String path;
    public final String title;
    final String granular;

    ReportKind(String path, String title, String granular) {
        this.path = path;
        this.title = title;
        this.granular = granular;
    }

    /** The broad scope, then the granular one. */
    public List<String> scopes() {
        return List.of(BROAD_SCOPE, "accounting.reports." + granular + ".read");
    }

    /** Xero's paths are case-insensitive. */
    public static Optional<ReportKind> of(String path) {
        for (ReportKind kind : values()) {
            if (kind.path.toLowerCase(Locale.ROOT).equals(path.toLowerCase(Locale.ROOT))) {
                return Optional.of(kind);
            }
        }
        return Optional.empty();
    }
}
