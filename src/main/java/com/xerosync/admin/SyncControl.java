package com.xerosync.admin;

import java.time.Instant;
import java.util.List;

/** What the admin pages need of the running service: its sync routes, their next runs, and a sync started now. */
public interface SyncControl {

    /** The started sync routes' ids, sorted. */
    List<String> syncRoutes();

    /** When the route runs next on its schedule, or null when it is not scheduled. */
    Instant nextRun(String routeId);

    /** Starts one run of every API for every connected organisation, in the background (after a connect). */
    void syncSoon();
}
