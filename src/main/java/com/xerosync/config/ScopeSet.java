package com.xerosync.config;

import java.time.LocalDate;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Xero's two sets of permission scopes (developer.xero.com, FAQ "Granular scopes"). Apps created on or after
 * {@link #GRANULAR_ONLY_FROM} are offered the granular scopes only: asking them for a broad scope that the granular
 * ones replace fails at Xero's authorize step. Older apps may use both. The broad {@code accounting.transactions} and
 * {@code accounting.reports.read} are split ({@link #SPLIT}); settings, contacts, journals, budgets, attachments and
 * payroll scopes are the same in both sets.
 */
public enum ScopeSet {

    /** The 2026 granular scopes: the only ones an app created on or after 2 March 2026 is offered. */
    GRANULAR,
    /** The broad scopes of apps created before 2 March 2026. */
    BROAD;

    /** The first day Xero created apps offered granular scopes only. */
    public static final LocalDate GRANULAR_ONLY_FROM = LocalDate.of(2026, 3, 2);

    /** Each broad scope the granular set replaces, and the granular scopes that replace it. */
    public static final Map<String, List<String>> SPLIT = split();

    private static final Set<String> GRANULAR_ONLY = SPLIT.values().stream().flatMap(List::stream)
            .collect(Collectors.toUnmodifiableSet());

    private static Map<String, List<String>> split() {
        List<String> transactions = List.of("accounting.invoices", "accounting.payments", "accounting.banktransactions",
                "accounting.manualjournals", "accounting.classicexpenses");
        Map<String, List<String>> split = new LinkedHashMap<>();
        split.put("accounting.transactions", transactions);
        split.put("accounting.transactions.read", transactions.stream().map(s -> s + ".read").toList());
        split.put("accounting.reports.read", List.of("aged", "balancesheet", "banksummary", "budgetsummary",
                "executivesummary", "profitandloss", "trialbalance", "taxreports").stream()
                .map(r -> "accounting.reports." + r + ".read").toList());
        return java.util.Collections.unmodifiableMap(split);
    }

    /** The set named by a setting ({@code granular} or {@code broad}). */
    public static ScopeSet of(String name) {
        String wanted = name == null ? "" : name.trim().toUpperCase(Locale.ROOT);
        return Arrays.stream(values()).filter(s -> s.name().equals(wanted)).findFirst().orElseThrow(() ->
                new IllegalArgumentException("xero.scope-set must be granular (apps created on or after 2 March 2026) or "
                        + "broad (apps created before), not '" + name + "'"));
    }

    /** The set an app created on that day is offered: granular only from 2 March 2026, broad ones too before. */
    public static ScopeSet offeredToAppCreated(LocalDate created) {
        return created.isBefore(GRANULAR_ONLY_FROM) ? BROAD : GRANULAR;
    }

    /** The set a connection was granted in: broad when its scopes hold a broad scope the granular set replaces. */
    public static ScopeSet ofGranted(String grantedScopes, ScopeSet otherwise) {
        Set<String> granted = split(grantedScopes);
        if (granted.stream().anyMatch(ScopeSet::broadOnly)) {
            return BROAD;
        }
        return granted.stream().anyMatch(GRANULAR_ONLY::contains) ? GRANULAR : otherwise;
    }

    /** Whether the scope is a broad one the granular set replaces (what a new app is refused). */
    public static boolean broadOnly(String scope) {
        return SPLIT.containsKey(scope);
    }

    /** Whether the scope exists in the granular set only. */
    public static boolean granularOnly(String scope) {
        return GRANULAR_ONLY.contains(scope);
    }

    /** Whether this set has the scope (an unknown scope counts as in both). */
    public boolean has(String scope) {
        return this == GRANULAR ? !broadOnly(scope) : !granularOnly(scope);
    }

    /** Of the scopes that would each grant something, those of this set, in order. */
    public List<String> choose(Collection<String> alternatives) {
        return alternatives.stream().filter(this::has).distinct().toList();
    }

    /** The requested scopes a new app is refused: the broad ones the granular set replaces. */
    public static List<String> broadOnlyOf(String scopes) {
        return split(scopes).stream().filter(ScopeSet::broadOnly).toList();
    }

    /** The setting's value: {@code granular} or {@code broad}. */
    public String settingValue() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** In words, for messages: "granular scopes (apps created on or after 2 March 2026)". */
    public String describe() {
        return this == GRANULAR ? "granular scopes (apps created on or after 2 March 2026)"
                : "broad scopes (apps created before 2 March 2026)";
    }

    /** The space-separated scope names of a scope string, in order, once each. */
    public static Set<String> split(String scopes) {
        return scopes == null || scopes.isBlank() ? Set.of()
                : Arrays.stream(scopes.trim().split("\\s+")).collect(Collectors.toCollection(LinkedHashSet::new));
    }
}
