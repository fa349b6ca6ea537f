package com.xerosync.config;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The pricing tiers Xero puts an app on since 2 March 2026 (developer.xero.com, "Pricing and policy updates"): how
 * many organisations it may connect, how many calls a day each organisation allows, whether it may read journals, and
 * how much egress a month is included before overage is billed. Every new app starts on {@link #STARTER}.
 *
 * <p>The per-minute limits (60 calls and 5 in flight per organisation, 10,000 a minute per app) are the same on every
 * tier. Where Xero has not published a figure (Starter's day limit, the egress allowances, journals on Advanced only)
 * the values are those reported by integrators in 2026; {@code xero.limits.per-day} overrides the day limit.
 */
public enum XeroPlan {

    STARTER(5, 1_000, false, Long.MAX_VALUE),
    CORE(50, 5_000, false, 10),
    PLUS(1_000, 5_000, false, 50),
    ADVANCED(10_000, 5_000, true, 250),
    ENTERPRISE(Integer.MAX_VALUE, 5_000, true, Long.MAX_VALUE);

    /** Xero's price per gigabyte of egress above a plan's allowance, in Australian dollars. */
    public static final double OVERAGE_AUD_PER_GB = 2.40;

    /** The feature of reading the general ledger ({@code GET /Journals}), on Advanced and Enterprise only. */
    public static final String JOURNALS = "journals";

    private final int connections;
    private final int callsPerDay;
    private final boolean journals;
    /** Long.MAX_VALUE: egress included without limit. */
    private final long includedEgressGb;

    XeroPlan(int connections, int callsPerDay, boolean journals, long includedEgressGb) {
        this.connections = connections;
        this.callsPerDay = callsPerDay;
        this.journals = journals;
        this.includedEgressGb = includedEgressGb;
    }

    /** The plan named by a setting ({@code starter}, {@code core}, {@code plus}, {@code advanced}, {@code enterprise}). */
    public static XeroPlan of(String name) {
        String key = name == null ? "" : name.trim().toUpperCase(Locale.ROOT);
        return Arrays.stream(values()).filter(p -> p.name().equals(key)).findFirst().orElseThrow(() ->
                new IllegalArgumentException("Unknown Xero plan '" + name + "': use one of " + Arrays.stream(values())
                        .map(XeroPlan::key).collect(Collectors.joining(", "))));
    }

    /** The setting's spelling, e.g. {@code starter}. */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The plan's name as Xero's pricing page writes it, e.g. {@code Starter}. */
    public String title() {
        return name().charAt(0) + key().substring(1);
    }

    /**
     * Whether the plan lets the app use a feature only some plans have, as a route names it ({@code journals}).
     *
     * @throws IllegalArgumentException for a feature the plans do not tell apart
     */
    public boolean serves(String feature) {
        if (JOURNALS.equals(feature)) {
            return journals;
        }
        throw new IllegalArgumentException("Unknown plan feature '" + feature + "': Xero's plans differ only in "
                + JOURNALS);
    }

    /** The plans that let the app use the feature, smallest first. */
    public static List<XeroPlan> serving(String feature) {
        return Arrays.stream(values()).filter(p -> p.serves(feature)).toList();
    }

    /** Organisations the app may have connected at once ({@link Integer#MAX_VALUE}: no cap). */
    public int connections() {
        return connections;
    }

    public boolean capsConnections() {
        return connections != Integer.MAX_VALUE;
    }

    /** Calls a day each organisation allows the app. */
    public int callsPerDay() {
        return callsPerDay;
    }

    /** Whether the plan lets the app read the general ledger (Journals). */
    public boolean journals() {
        return journals;
    }

    /** Whether egress is billed above an allowance (false: included without limit). */
    public boolean billsEgress() {
        return includedEgressGb != Long.MAX_VALUE;
    }

    /** Gigabytes of egress a month included in the plan (meaningful only when {@link #billsEgress()}). */
    public long includedEgressGb() {
        return includedEgressGb;
    }
}
