package com.xerosync.sync;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Repeats calls that failed for reasons that pass: 5xx (including 503 "organisation offline"), dropped connections
 * and timeouts wait with exponential back-off and jitter; a 429 waits exactly its Retry-After. Bounded: after
 * {@code maxAttempts} failures in a row the run fails with the cause, and the next scheduled run resumes from the
 * last stored page. The wait is not slept here: it is the run's {@link SyncRun#backOff back-off}, which the governor
 * keeps the repeated call waiting for without holding a thread ({@link XeroRateGovernor#acquire}).
 */
public final class XeroRetries {

    /** Exchange property telling the route that the call got no answer (and repeats after its back-off). */
    public static final String CALL_FAILED = "XeroCallFailed";
    /** A day-limit 429 without Retry-After: try again in an hour. */
    private static final long DAY_RETRY_UNKNOWN = 3600;
    /**
     * The longest waits Xero asks for (developer.xero.com/documentation/guides/oauth2/limits): the minute, app-minute
     * and concurrent limits free within a minute, the day limit within a day. A Retry-After beyond them is not believed.
     */
    static final long MINUTE_RETRY_MAX = 60;
    static final long DAY_RETRY_MAX = 86_400;

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
    public void answered(Exchange exchange) {
        SyncRun run = exchange.getProperty(SyncRun.PROPERTY, SyncRun.class);
        Message message = exchange.getMessage();
        int status = message.getHeader(Exchange.HTTP_RESPONSE_CODE, 0, Integer.class);
        String body = message.getBody(String.class);
        int attempt = run.callFailed();
        String what = run.api().endpoint() + " of " + run;
        if (status == 429 && dayLimit(message)) {
            Instant until = Instant.now().plusSeconds(retryAfterSeconds(message).orElse(DAY_RETRY_UNKNOWN));
            throw new XeroThrottledException(until, "Xero's daily limit for " + run.tenantName() + " is used up "
                    + "(429, day): " + what + " stopped at its last stored page; the organisation is parked and resumes "
                    + "by itself at the first run after " + until + ", when the limit has reset");
        }
        if (attempt > maxAttempts) {
            throw XeroApiException.of(status, body, what + " after " + calls(attempt));
        }
        Duration wait = status == 429
                ? retryAfterSeconds(message).map(Duration::ofSeconds).orElseGet(() -> backoff(attempt)) : backoff(attempt);
        LOG.warn("{} · Xero answered {}; attempt {} of {} again in {} ms", run, status, attempt + 1, maxAttempts + 1,
                wait.toMillis());
        run.backOff(wait);
    }

    /**
     * Camel step for a call that got no answer (connection refused or reset, timeout): counts the attempt, and fails
     * the run when they are used up; otherwise the repeat waits a back-off.
     */
    public void connectionFailed(Exchange exchange) throws Exception {
        SyncRun run = exchange.getProperty(SyncRun.PROPERTY, SyncRun.class);
        Exception error = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        int attempt = run.callFailed();
        if (attempt > maxAttempts) {
            throw new XeroApiException(0, "No answer from Xero for " + run.api().endpoint() + " of " + run + " after "
                    + calls(attempt) + " (" + error.getClass().getSimpleName() + ": " + error.getMessage()
                    + "); the next run resumes from the last stored page");
        }
        Duration wait = backoff(attempt);
        LOG.warn("{} · no answer from Xero ({}); attempt {} of {} again in {} ms", run, error.getClass().getSimpleName(),
                attempt + 1, maxAttempts + 1, wait.toMillis());
        run.backOff(wait);
        exchange.setProperty(CALL_FAILED, true);
    }

    /** What was tried, truthfully: the first call and its repeats (xero.retry.max-attempts counts the repeats). */
    private String calls(int made) {
        return made + " calls (" + maxAttempts + " repeats)";
    }

    /** Exponential back-off with jitter: between half and all of initial × 2^(attempt−1), capped. */
    Duration backoff(int attempt) {
        long ceiling = Math.min(maxDelay.toMillis(), initialDelay.toMillis() << Math.min(attempt - 1, 20));
        return Duration.ofMillis(ceiling / 2 + ThreadLocalRandom.current().nextLong(ceiling / 2 + 1));
    }

    /** Whether a 429 says the organisation's day limit is used up (rather than a minute's or the app's). */
    static boolean dayLimit(Message message) {
        return "day".equalsIgnoreCase(message.getHeader("X-Rate-Limit-Problem", String.class));
    }

    /**
     * The seconds a 429 asks to wait, if it says (a 429 without a usable Retry-After backs off as a 5xx does), never
     * more than Xero's own maximum for the limit it names: a hostile or broken answer cannot park an organisation for
     * years or hold a thread past a minute.
     */
    static Optional<Long> retryAfterSeconds(Message message) {
        String header = message.getHeader("Retry-After", String.class);
        long seconds;
        try {
            seconds = header == null ? -1 : Long.parseLong(header.trim());
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
        if (seconds < 0) {
            return Optional.empty();
        }
        long max = dayLimit(message) ? DAY_RETRY_MAX : MINUTE_RETRY_MAX;
        if (seconds > max) {
            LOG.warn("Xero asked to wait {} s (Retry-After), beyond its documented maximum of {} s for the {} limit; "
                    + "waiting {} s", seconds, max, dayLimit(message) ? "day" : "minute", max);
            return Optional.of(max);
        }
        return Optional.of(seconds);
    }
}
