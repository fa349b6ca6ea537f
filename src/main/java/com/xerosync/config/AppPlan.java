package com.xerosync.config;

import java.util.Objects;

/**
 * The Xero plan the app syncing is on, and the setting that says so: {@code xero.plan} for a real Xero app, or
 * {@code sandbox.plan} for the app the built-in sandbox serves (no {@code xero.client-id}), so that messages name the
 * setting a person has to change.
 */
public record AppPlan(XeroPlan plan, String setting) {

    /** Every new Xero app starts on Starter. */
    public static final XeroPlan XERO_DEFAULT = XeroPlan.STARTER;
    /** The sandbox's app is on Advanced unless told otherwise, so the demo shows every API, journals included. */
    public static final XeroPlan SANDBOX_DEFAULT = XeroPlan.ADVANCED;

    public AppPlan {
        Objects.requireNonNull(plan, "plan");
        Objects.requireNonNull(setting, "setting");
    }

    /**
     * The plan of the app this configuration syncs. Both plan settings are read, so that a misspelt one stops the start
     * whichever is in use.
     *
     * @throws IllegalStateException naming the setting and the plans, for a name that is not a plan
     */
    public static AppPlan of(XeroSyncSettings settings) {
        XeroPlan xero = read(settings, "xero.plan", XERO_DEFAULT);
        XeroPlan sandbox = read(settings, "sandbox.plan", SANDBOX_DEFAULT);
        return settings.get("xero.client-id").isEmpty() ? new AppPlan(sandbox, "sandbox.plan")
                : new AppPlan(xero, "xero.plan");
    }

    private static XeroPlan read(XeroSyncSettings settings, String key, XeroPlan defaultPlan) {
        String name = settings.get(key).orElse(defaultPlan.key());
        try {
            return XeroPlan.of(name);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("Configuration '" + key + "' has an invalid value: " + e.getMessage()
                    + " (the plan the app is on at developer.xero.com; every new app starts on starter)", e);
        }
    }

    /** How many organisations the app has connected of how many its plan allows, e.g. "3 of 5 connections (Starter)". */
    public String connectionsUsed(int connected) {
        return String.format("%,d", connected) + (plan.capsConnections() ? " of " + String.format("%,d", plan.connections()) : "")
                + " connection" + (connected == 1 && !plan.capsConnections() ? "" : "s") + " (" + plan.title() + ")";
    }

    /** Whether that many connected organisations are at least 80% of the plan's cap (so the cap is near). */
    public boolean nearCap(int connected) {
        return plan.capsConnections() && connected * 5L >= plan.connections() * 4L;
    }

    /** Whether that many connected organisations leave no room for another. */
    public boolean atCap(int connected) {
        return plan.capsConnections() && connected >= plan.connections();
    }
}
