package com.xerosync;

import com.xerosync.auth.XeroAuthException;
import com.xerosync.auth.XeroConnections;
import com.xerosync.config.ExternalText;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A custom connection needs nobody to connect it, so when Xero's identity service does not answer at start-up the
 * service starts without it and connects as soon as Xero answers: after 2 s, then twice as long each time, up to 5
 * minutes; connected, it syncs at once.
 */
final class CustomConnectionRetry implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(CustomConnectionRetry.class);
    static final Duration FIRST = Duration.ofSeconds(2);
    private static final Duration MAX = Duration.ofMinutes(5);

    private final ScheduledExecutorService retries = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "xero-sync-reconnect");
        thread.setDaemon(true);
        return thread;
    });

    /** Tries the connection again after {@code wait}, and again after twice as long while Xero does not answer. */
    void retryLater(XeroConnections connections, XeroConnections.Mode mode, Duration wait, Runnable whenConnected) {
        retries.schedule(() -> {
            try {
                connections.connect(mode, null);
                LOG.info("Connected to Xero, which answers again: syncing now");
                whenConnected.run();
            } catch (XeroAuthException e) {
                if (!e.unavailable()) {
                    LOG.error("Xero refused the custom connection: {}", ExternalText.printable(e.getMessage()));
                    return;
                }
                Duration next = wait.multipliedBy(2).compareTo(MAX) > 0 ? MAX : wait.multipliedBy(2);
                LOG.warn("Xero's identity service still does not answer ({}); trying again in {} s",
                        ExternalText.printable(e.getMessage()), next.toSeconds());
                retryLater(connections, mode, next, whenConnected);
            } catch (Exception e) {
                LOG.error("Connecting to Xero failed: {}", ExternalText.printable(e.getMessage()));
            }
        }, wait.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        retries.shutdownNow();
    }
}
