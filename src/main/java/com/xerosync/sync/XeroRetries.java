package com.xerosync.sync;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Repeats calls that failed for reasons that pass: 5xx (including 503 "organisation offline"), dropped connections
 * and timeouts wait with exponential back-off and jitter; a 429 waits exactly its Retry-After. Bounded: after
 * {@code maxAttempts} failures in a row the run fails with the cause, and the next scheduled run resumes from the
 * last stored page.
 */
public final class XeroRetries {

    /** Exchange property telling the route that the call did not happen (the connection failed) and will repeat. */
    public static final String CALL_FAILED = "XeroCallFailed";

    private static final Logger LOG = LoggerFactory.getLogger(XeroRetries.class);

    private final int maxAttempts;
    private final Duration initialDelay;
    private final Duration maxDelay;

    public XeroRetries(int maxAttempts, Duration initialDelay, Duration maxDelay) {
        this.maxAttempts = maxAttempts;
        this.initialDelay = initialDelay;
        this.maxDelay = maxDelay;
    }

    /** Camel step for an answer worth repeating (5xx or 429). */
    public void answered(Exchange exchange) throws InterruptedException {
        SyncRun run = exchange.getProperty(SyncRun.PROPERTY, SyncRun.class);
        Message message = exchange.getMessage();
        int status = message.getHeader(Exchange.HTTP_RESPONSE_CODE, 0, Integer.class);
        String body = message.getBody(String.class);
        int attempt = run.callFailed();
        String what = run.api().endpoint() + " of " + run;
        if (status == 429 && "day".equalsIgnoreCase(message.getHeader("X-Rate-Limit-Problem", String.class))) {
            throw new XeroApiException(429, "Xero's daily limit for this organisation is used up (429, day); "
                    + what + " stopped at its last stored page and resumes at a run after the limit resets");
        }
        if (attempt > maxAttempts) {
            throw XeroApiException.of(status, body, what + " after " + maxAttempts + " attempts");
        }
        Duration wait = status == 429 ? retryAfter(message) : backoff(attempt);
        LOG.warn("{} · Xero answered {}; attempt {} of {} again in {} ms", run, status, attempt + 1, maxAttempts + 1,
                wait.toMillis());
        Thread.sleep(wait.toMillis());
    }

    /** Camel step for a call that got no answer (connection refused or reset, timeout). */
    public void connectionFailed(Exchange exchange) throws Exception {
        SyncRun run = exchange.getProperty(SyncRun.PROPERTY, SyncRun.class);
        Exception error = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        int attempt = run.callFailed();
        if (attempt > maxAttempts) {
            throw new XeroApiException(0, "No answer from Xero for " + run.api().endpoint() + " of " + run + " after "
                    + maxAttempts + " attempts (" + error.getClass().getSimpleName() + ": " + error.getMessage()
                    + "); the next run resumes from the last stored page");
        }
        Duration wait = backoff(attempt);
        LOG.warn("{} · no answer from Xero ({}); attempt {} of {} again in {} ms", run, error.getClass().getSimpleName(),
                attempt + 1, maxAttempts + 1, wait.toMillis());
        exchange.setProperty(CALL_FAILED, true);
        Thread.sleep(wait.toMillis());
    }

    /** Exponential back-off with jitter: between half and all of initial × 2^(attempt−1), capped. */
    Duration backoff(int attempt) {
        long ceiling = Math.min(maxDelay.toMillis(), initialDelay.toMillis() << Math.min(attempt - 1, 20));
        return Duration.ofMillis(ceiling / 2 + ThreadLocalRandom.current().nextLong(ceiling / 2 + 1));
    }

    private Duration retryAfter(Message message) {
        String header = message.getHeader("Retry-After", String.class);
        try {
            long seconds = Long.parseLong(header == null ? "" : header.trim());
            return Duration.ofSeconds(Math.max(0, seconds));
        } catch (NumberFormatException e) {
            // a 429 without a usable Retry-After: back off as for any other transient answer
            return backoff(1);
        }
    }
}
