package com.xerosync.admin;

import com.xerosync.config.AppPlan;
import java.util.Locale;

/**
 * The connection cap of the app's Xero plan, from the admin's side: how many organisations are connected of how many
 * the plan allows, a warning as the cap nears, and what a refusal at the cap means. Read by the admin page, the
 * callback and the status command, so they say the same.
 */
public final class ConnectionCap {

    /** {@code xero_sync.admin_settings} key of the last Connect Xero refused at the cap, until a Connect succeeds. */
    static final String REFUSED_KEY = "connect_refused_at_cap";

    private ConnectionCap() {
    }

    /** What to do about the cap at 80% of it or more; null below. */
    public static String warning(AppPlan plan, int connected) {
        if (!plan.nearCap(connected)) {
            return null;
        }
        String what = plan.atCap(connected)
                ? "the " + plan.plan().title() + " plan's cap is reached: Xero refuses to connect another organisation"
                : "the " + plan.plan().title() + " plan's cap of " + plan.plan().connections() + " is near: past it, Xero "
                        + "refuses to connect another organisation";
        return plan.connectionsUsed(connected) + ": " + what + ". To make room, disconnect an organisation you no "
                + "longer sync, or move the app to a bigger plan at developer.xero.com and set " + plan.setting()
                + " to it.";
    }

    /**
     * Whether Xero's refusal at the callback was the plan's connection cap: it says so, or access was denied while the
     * organisations connected here already fill the cap.
     */
    static boolean refusedAtCap(AppPlan plan, int connected, String error, String description) {
        boolean saysSo = description != null && description.toLowerCase(Locale.ROOT).contains("connection limit");
        return "access_denied".equals(error) && (saysSo || plan.atCap(connected));
    }

    /** The explanation of a refusal at the cap: what happened, and the two ways out. */
    static String refusal(AppPlan plan, int connected, String description) {
        return "Xero refused to connect more organisations: the app is on the " + plan.plan().title() + " plan, which "
                + "allows " + (plan.plan().capsConnections() ? String.format("%,d", plan.plan().connections()) : "its")
                + " connected organisations, and " + connected + " are connected here"
                + (description == null || description.isBlank() ? "" : " (Xero said: " + description.trim() + ")")
                + ". Nothing was changed: the connected organisations keep syncing. To connect another, disconnect an "
                + "organisation you no longer need on the admin page, or move the app to a bigger plan at "
                + "developer.xero.com and set " + plan.setting() + " to it, then connect again.";
    }
}
