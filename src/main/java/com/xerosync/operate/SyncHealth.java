package com.xerosync.operate;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Whether a sync API is healthy, from a {@link SyncSnapshot}: DOWN when an organisation it syncs needs Xero to be
 * connected again (its connection is {@code needs_reauthorisation}), or when it failed {@code failuresInARow} times in
 * a row for an organisation that is still synced (one marked disconnected is not synced, so it is named but does not
 * count); UP again after a successful run. DOWN too when the bookkeeping cannot be read at all.
 */
final class SyncHealth {

    private SyncHealth() {
    }

    /**
     * What a health check says.
     *
     * @param details keys and values for {@code ?data=true}: the organisations concerned and the last error
     */
    record Verdict(boolean up, String message, Map<String, Object> details) {
    }

    static Verdict assess(SyncSnapshot snapshot, String api, int failuresInARow) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("api", api);
        details.put("failures-in-a-row-limit", failuresInARow);
        if (snapshot.failure() != null) {
            details.put("error", snapshot.failure());
            return new Verdict(false, "The sync's bookkeeping (xero_sync) cannot be read: " + snapshot.failure(),
                    details);
        }
        List<String> reauthorise = new ArrayList<>();
        List<String> disconnected = new ArrayList<>();
        for (SyncSnapshot.Organisation organisation : snapshot.organisations().values()) {
            if (!organisation.synced()) {
                disconnected.add(organisation.label());
            } else if (organisation.needsReauthorisation()) {
                reauthorise.add(organisation.label());
            }
        }
        reauthorise.sort(String::compareTo);
        disconnected.sort(String::compareTo);
        List<String> failing = new ArrayList<>();
        SyncSnapshot.Row lastFailed = null;
        SyncSnapshot.Row lastSucceeded = null;
        for (SyncSnapshot.Row row : snapshot.rows(api)) {
            SyncSnapshot.Organisation organisation = snapshot.organisations().get(row.tenantId());
            if (row.lastSuccess() != null && (lastSucceeded == null
                    || row.lastSuccess().isAfter(lastSucceeded.lastSuccess()))) {
                lastSucceeded = row;
            }
            boolean counts = organisation != null && organisation.synced()
                    && (row.failuresInARow() >= failuresInARow || organisation.needsReauthorisation());
            if (counts && row.lastFailure() != null
                    && (lastFailed == null || row.lastFailure().isAfter(lastFailed.lastFailure()))) {
                lastFailed = row;
            }
            if (organisation != null && organisation.synced() && row.failuresInARow() >= failuresInARow) {
                failing.add(organisation.label() + " (" + row.failuresInARow() + " in a row)");
            }
        }
        if (lastSucceeded != null) {
            details.put("last-success", lastSucceeded.lastSuccess().toString());
        }
        if (!disconnected.isEmpty()) {
            details.put("disconnected", String.join(", ", disconnected));
        }
        if (reauthorise.isEmpty() && failing.isEmpty()) {
            return new Verdict(true, lastSucceeded == null ? api + ": no successful run yet, no failure in a row"
                    : api + ": last success " + lastSucceeded.lastSuccess(), details);
        }
        List<String> why = new ArrayList<>();
        if (!reauthorise.isEmpty()) {
            details.put("needs-reauthorisation", String.join(", ", reauthorise));
            why.add("Xero refused the connection of " + String.join(", ", reauthorise)
                    + " (needs_reauthorisation): connect Xero again; it is not synced until then");
        }
        if (!failing.isEmpty()) {
            details.put("failing", String.join(", ", failing));
            why.add(api + " failed " + failuresInARow + " or more times in a row for " + String.join(", ", failing));
        }
        if (lastFailed != null) {
            details.put("last-error", lastFailed.lastError());
            details.put("last-failure", lastFailed.lastFailure().toString());
            why.add("last error (" + snapshot.organisationName(lastFailed.tenantId()) + "): " + lastFailed.lastError());
        }
        return new Verdict(false, String.join("; ", why), details);
    }
}
