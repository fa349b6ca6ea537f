package com.xerosync.admin;

import com.xerosync.config.ScopeSet;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The permission list the admin picks from when connecting, in Xero's two scope sets ({@link ScopeSet}): the granular
 * scopes, the only ones an app created on or after 2 March 2026 is offered (the default), and the broad scopes of older
 * apps. In both, settings, contacts, transactions and reports are ticked by default; journals, budgets (with the budget
 * summary report) and AU payroll are optional and not ticked, since an app must be allowed them. {@code offline_access}
 * is always asked for: without it there is no refresh token and the sync would stop after 30 minutes. Each route names
 * the scopes that grant it, broad or granular.
 */
public final class Permissions {

    public static final String OFFLINE_ACCESS = "offline_access";

    /** One scope on the list: what it lets xero-sync read, and whether it is ticked until the admin chooses. */
    public record Permission(String scope, String reads, boolean byDefault) {
    }

    public static final List<Permission> BROAD = List.of(
            new Permission("accounting.settings.read", "organisation, chart of accounts, tax rates, currencies, items, "
                    + "branding themes, tracking categories, users", true),
            new Permission("accounting.contacts.read", "contacts and contact groups", true),
            new Permission("accounting.transactions.read", "invoices, bills, credit notes, payments, bank transactions, "
                    + "purchase orders, quotes, expense claims, receipts, manual journals", true),
            new Permission("accounting.reports.read", "reports: profit and loss, balance sheet, trial balance, aged "
                    + "receivables and payables, bank, executive and budget summaries, BAS/GST", true),
            new Permission("accounting.journals.read", "the general ledger (journals); optional, your app must be allowed it",
                    false),
            new Permission("accounting.budgets.read", "budgets; optional", false),
            new Permission("payroll.employees.read", "AU payroll employees and leave; optional, AU organisations only", false));

    public static final List<Permission> GRANULAR = List.of(
            new Permission("accounting.settings.read", "organisation, chart of accounts, tax rates, currencies, "
                    + "branding themes, tracking categories", true),
            new Permission("accounting.contacts.read", "contacts and contact groups", true),
            new Permission("accounting.invoices.read", "invoices, bills, credit notes, quotes, purchase orders, items", true),
            new Permission("accounting.payments.read", "payments, batch payments, overpayments, prepayments", true),
            new Permission("accounting.banktransactions.read", "bank transactions and transfers", true),
            new Permission("accounting.manualjournals.read", "manual journals", true),
            new Permission("accounting.classicexpenses.read", "expense claims and receipts", true),
            new Permission("accounting.reports.profitandloss.read", "profit and loss", true),
            new Permission("accounting.reports.balancesheet.read", "balance sheet", true),
            new Permission("accounting.reports.trialbalance.read", "trial balance", true),
            new Permission("accounting.reports.aged.read", "aged receivables and payables", true),
            new Permission("accounting.reports.banksummary.read", "bank summary", true),
            new Permission("accounting.reports.executivesummary.read", "executive summary", true),
            new Permission("accounting.reports.taxreports.read", "BAS/GST reports", true),
            new Permission("accounting.reports.budgetsummary.read", "the budget summary report; optional, with budgets",
                    false),
            new Permission("accounting.journals.read", "the general ledger (journals); optional, your app must be allowed "
                    + "it", false),
            new Permission("accounting.budgets.read", "budgets; optional", false),
            new Permission("payroll.employees.read", "AU payroll employees and leave; optional, AU organisations only",
                    false));

    private Permissions() {
    }

    /** The permission list of a scope set. */
    public static List<Permission> of(ScopeSet set) {
        return set == ScopeSet.GRANULAR ? GRANULAR : BROAD;
    }

    /** The scopes ticked until the admin chooses: the set's default permissions, with offline_access. */
    public static String defaults(ScopeSet set) {
        return scopes(of(set).stream().filter(Permission::byDefault).map(Permission::scope).toList(), set);
    }

    /** Every permission of the set, the optional ones included (the demo's, so it syncs every API). */
    public static String everything(ScopeSet set) {
        return scopes(of(set).stream().map(Permission::scope).toList(), set);
    }

    /**
     * The scopes to ask for: the chosen ones that are on the set's list, with offline_access, space-separated, in list
     * order. A scope of the other set is left out, so a connect never asks a new app for a broad scope.
     */
    public static String scopes(List<String> chosen, ScopeSet set) {
        Set<String> known = new LinkedHashSet<>();
        known.add(OFFLINE_ACCESS);
        of(set).stream().map(Permission::scope).filter(chosen::contains).forEach(known::add);
        return String.join(" ", known);
    }

    /** The permissions of a set the scope string names, in words, for messages: "accounting.invoices.read (invoices…)". */
    public static String named(String scope, ScopeSet set) {
        return of(set).stream().filter(p -> p.scope().equals(scope)).findFirst()
                .map(p -> scope + " (" + p.reads() + ")").orElse(scope);
    }

    /** Whether a granted scope string covers every chosen scope. */
    public static boolean covers(String granted, String chosen) {
        Set<String> have = split(granted);
        return have.containsAll(split(chosen));
    }

    public static Set<String> split(String scopes) {
        return scopes == null || scopes.isBlank() ? Set.of()
                : Arrays.stream(scopes.trim().split("\\s+")).collect(Collectors.toCollection(LinkedHashSet::new));
    }
}
