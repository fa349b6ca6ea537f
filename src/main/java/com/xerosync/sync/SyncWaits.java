package com.xerosync.sync;

import org.apache.camel.CamelContext;
import org.apache.camel.support.LifecycleStrategySupport;

/**
 * Whether the service is stopping, for every wait of a sync run (a rate-limit slot, a Retry-After, a back-off): the
 * route waits asynchronously, a second at a time ({@link XeroRateGovernor#acquire}), and asks here after each second;
 * once Camel begins to stop, the wait ends with {@link Stopped} and the run is closed as interrupted (it resumes from
 * its last stored page at the next start). So Camel's shutdown never waits for a wait, however long Xero asked for.
 */
public final class SyncWaits extends LifecycleStrategySupport {

    private volatile boolean stopping;

    /** Thrown out of a wait (and out of a run about to begin) once the service stops. */
    public static final class Stopped extends RuntimeException {
        Stopped(String message) {
            super(message);
        }
    }

    /**
     * Throws {@link Stopped} once the service is stopping, saying what the run was waiting for: a wait that the route
     * makes (asynchronously, a second at a time) ends here.
     */
    public void checkWhileWaiting(String why) {
        if (stopping()) {
            throw new Stopped("interrupted: xero-sync stopped while this run waited for " + why
                    + "; the next run resumes from the last stored page");
        }
    }

    /** Throws {@link Stopped} once the service is stopping: a run does not begin then. */
    public void checkRunning() {
        if (stopping()) {
            throw new Stopped("interrupted: xero-sync stopped before this run began");
        }
    }

    /** Throws {@link Stopped} once the service is stopping: a run makes no further call then. */
    public void checkBeforeCall() {
        if (stopping()) {
            throw new Stopped("interrupted: xero-sync stopped before this run's next call to Xero; the next run "
                    + "resumes from the last stored page");
        }
    }

    public boolean stopping() {
        return stopping;
    }

    /** Ends every wait, now and from now on. */
    public void stop() {
        stopping = true;
    }

    /** Camel calls this before it waits for the in-flight exchanges to complete. */
    @Override
    public void onContextStopping(CamelContext context) {
        stop();
    }
}
