package com.xerosync.sync;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.camel.CamelContext;
import org.apache.camel.support.LifecycleStrategySupport;

/**
 * Every wait of a sync run (a rate-limit slot, a Retry-After, a back-off) goes through here, so that a stop never
 * waits for one: when Camel begins to stop, every pending and later wait ends at once with {@link Stopped}, and the
 * run is closed as interrupted (it resumes from its last stored page at the next start). Without this Camel's
 * shutdown would wait for each in-flight exchange's sleep, however long Xero asked for.
 */
public final class SyncWaits extends LifecycleStrategySupport {

    private final CountDownLatch stopping = new CountDownLatch(1);

    /** Thrown out of a wait (and out of a run about to begin) once the service stops. */
    public static final class Stopped extends RuntimeException {
        Stopped(String message) {
            super(message);
        }
    }

    /**
     * Waits {@code millis}, or less when the service stops first.
     *
     * @param why what is waited for, as the interrupted run's message says it ("Xero's rate limits")
     */
    public void sleep(long millis, String why) throws InterruptedException {
        if (millis <= 0) {
            checkBeforeCall();
            return;
        }
        if (stopping.await(millis, TimeUnit.MILLISECONDS)) {
            throw new Stopped("interrupted: xero-sync stopped while this run waited " + millis + " ms for " + why
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
        return stopping.getCount() == 0;
    }

    /** Ends every wait, now and from now on. */
    public void stop() {
        stopping.countDown();
    }

    /** Camel calls this before it waits for the in-flight exchanges to complete. */
    @Override
    public void onContextStopping(CamelContext context) {
        stop();
    }
}
