package com.xerosync.sandbox.faults;

import com.xerosync.sandbox.endpoints.ApiCollection;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * One of Xero's bad days, injected into the sandbox ({@link XeroSandbox#inject}): which requests it strikes (a
 * collection or {@code *} for every accounting and payroll path, optionally one organisation only), what happens to
 * them, and how often. So a client's retries, timeouts and isolation of one failing organisation can be tried without
 * waiting for Xero to fail.
 *
 * <p>What happens ({@link Effect}): an HTTP error status (a 503 answers like Xero's "organisation offline", in plain
 * text; other statuses with Xero's JSON error body), {@code drop} (the connection is closed without an answer), or
 * {@code slow} (the real answer, {@code delay} late, so a client's timeout can be tried). How often: every matching
 * request, the next {@code times} ones (then the fault clears itself), or a fraction {@code rate} of them, drawn from a
 * random sequence seeded from the sandbox's seed so a run can be repeated exactly.
 *
 * <p>The text form, for configuration and the command line, is {@value #FORMAT}, e.g. {@code Invoices:503:10%},
 * {@code *@<tenant id>:drop:x3}, {@code Contacts:slow=5000}, {@code *:500:5%}; {@link #parse} reads it and
 * {@link #toString()} writes it.
 *
 * @param collection a collection as {@link XeroSandbox#records} names it ("Invoices", "BankTransactions",
 *                   "PayrollEmployees", …), or {@code *} for every one
 * @param tenantId   the organisation struck, or null for every organisation
 * @param status     the HTTP status of an {@link Effect#ERROR} (4xx or 5xx), else 0
 * @param delay      how late a {@link Effect#SLOW} answer comes, else zero
 * @param times      how many requests are struck before the fault clears itself, or null for no end
 * @param rate       the fraction of matching requests struck, above 0 and at most 1
 */
public record SandboxFault(String collection, String tenantId, Effect effect, int status, Duration delay,
                           Integer times, double rate) {

    /** The text form {@link #parse} reads. */
    public static final String FORMAT = "COLLECTION[@TENANTID]:WHAT[:N%|:xN]";

    /** Every accounting and payroll path. */
    public static final String EVERY_COLLECTION = "*";

    private static final String EXAMPLES = "e.g. Invoices:503:10%, *@<tenant id>:drop:x3, Contacts:slow=5000, *:500:5%";
    private static final String WHATS = "an HTTP error status (400-599), drop, or slow=<milliseconds>";

    /** What a struck request gets. */
    public enum Effect {
        /** An HTTP error status instead of the answer. */
        ERROR,
        /** No answer: the connection is closed. */
        DROP,
        /** The real answer, late. */
        SLOW
    }

    public SandboxFault {
        Objects.requireNonNull(collection, "collection");
        Objects.requireNonNull(effect, "effect");
        Objects.requireNonNull(delay, "delay");
        if (!collection.equals(EVERY_COLLECTION) && ApiCollection.canonicalName(collection).isEmpty()) {
            ApiCollection.of(collection);
        }
        if (tenantId != null && tenantId.isBlank()) {
            throw new IllegalArgumentException("tenantId must be null (every organisation) or a tenant id, not blank");
        }
        switch (effect) {
            case ERROR -> {
                if (status < 400 || status > 599) {
                    throw new IllegalArgumentException("status must be an HTTP error (4xx or 5xx), not " + status);
                }
                if (!delay.isZero()) {
                    throw new IllegalArgumentException("an error status has no delay");
                }
            }
            case DROP -> {
                if (status != 0 || !delay.isZero()) {
                    throw new IllegalArgumentException("a dropped connection has no status and no delay");
                }
            }
            case SLOW -> {
                if (status != 0 || delay.isNegative() || delay.isZero()) {
                    throw new IllegalArgumentException("a slow answer needs a positive delay and no status");
                }
            }
        }
        if (times != null && times < 1) {
            throw new IllegalArgumentException("times must be at least 1, not " + times);
        }
        if (!(rate > 0 && rate <= 1)) {
            throw new IllegalArgumentException("rate must be above 0 and at most 1, not " + rate);
        }
        if (times != null && rate < 1) {
            throw new IllegalArgumentException("a fault strikes either the next N requests or a share of them, not both");
        }
    }

    /** Every request for {@code collection} answers {@code status}. */
    public static SandboxFault error(String collection, int status) {
        return new SandboxFault(collection, null, Effect.ERROR, status, Duration.ZERO, null, 1);
    }

    /** Every request for {@code collection} gets no answer: the connection is closed on it. */
    public static SandboxFault drop(String collection) {
        return new SandboxFault(collection, null, Effect.DROP, 0, Duration.ZERO, null, 1);
    }

    /** Every request for {@code collection} gets its real answer {@code delay} late. */
    public static SandboxFault slow(String collection, Duration delay) {
        return new SandboxFault(collection, null, Effect.SLOW, 0, delay, null, 1);
    }

    /** The same fault for one organisation only. */
    public SandboxFault withTenant(String tenantId) {
        return new SandboxFault(collection, Objects.requireNonNull(tenantId, "tenantId"), effect, status, delay, times, rate);
    }

    /** The same fault for the next {@code times} matching requests only. */
    public SandboxFault withTimes(int times) {
        return new SandboxFault(collection, tenantId, effect, status, delay, times, rate);
    }

    /** The same fault for a share ({@code 0 < rate <= 1}) of matching requests, drawn at random (seeded). */
    public SandboxFault withRate(double rate) {
        return new SandboxFault(collection, tenantId, effect, status, delay, times, rate);
    }

    /**
     * Reads the text form {@value #FORMAT}: COLLECTION is a collection name or {@code *}; TENANTID an organisation's
     * tenant id; WHAT an HTTP error status, {@code drop} or {@code slow=<milliseconds>}; then optionally {@code N%}
     * of matching requests (N may have decimals) or {@code xN}, the next N of them.
     *
     * @throws IllegalArgumentException naming the expected format when the text is not one
     */
    public static SandboxFault parse(String text) {
        if (text == null || text.isBlank()) {
            throw invalid(text, "it is empty");
        }
        String[] parts = text.trim().split(":", -1);
        if (parts.length < 2 || parts.length > 3) {
            throw invalid(text, "it needs two or three parts separated by ':'");
        }
        String target = parts[0].trim();
        int at = target.indexOf('@');
        String collection = at < 0 ? target : target.substring(0, at).trim();
        String tenantId = at < 0 ? null : target.substring(at + 1).trim();
        if (collection.isEmpty()) {
            throw invalid(text, "the collection is missing (a name such as Invoices, or * for every one)");
        }
        if (tenantId != null && tenantId.isEmpty()) {
            throw invalid(text, "the tenant id after '@' is missing");
        }
        if (!collection.equals(EVERY_COLLECTION) && ApiCollection.canonicalName(collection).isEmpty()) {
            throw invalid(text, "there is no collection '" + collection + "' (use a name such as Invoices, or *)");
        }
        String what = parts[1].trim().toLowerCase(Locale.ROOT);
        SandboxFault fault;
        if (what.equals("drop")) {
            fault = drop(collection);
        } else if (what.startsWith("slow=")) {
            long millis = number(text, what.substring(5), "the delay after slow= must be a whole number of milliseconds");
            if (millis < 1) {
                throw invalid(text, "the delay after slow= must be at least 1 millisecond");
            }
            fault = slow(collection, Duration.ofMillis(millis));
        } else {
            long status = number(text, what, "WHAT must be " + WHATS + ", not '" + parts[1].trim() + "'");
            if (status < 400 || status > 599) {
                throw invalid(text, "the status must be an HTTP error (400-599), not " + status);
            }
            fault = error(collection, (int) status);
        }
        if (tenantId != null) {
            fault = fault.withTenant(tenantId);
        }
        return parts.length == 3 ? withFrequency(fault, text, parts[2].trim()) : fault;
    }

    /**
     * Reads a comma-separated list of text forms, as configuration gives them; blank gives none.
     *
     * @throws IllegalArgumentException naming the one that is not a fault
     */
    public static List<SandboxFault> parseAll(String texts) {
        if (texts == null || texts.isBlank()) {
            return List.of();
        }
        return Arrays.stream(texts.split(",")).map(String::trim).filter(t -> !t.isEmpty()).map(SandboxFault::parse).toList();
    }

    /** The text form {@link #parse} reads: {@code parse(fault.toString())} equals {@code fault}. */
    @Override
    public String toString() {
        StringBuilder text = new StringBuilder(collection);
        if (tenantId != null) {
            text.append('@').append(tenantId);
        }
        text.append(':').append(switch (effect) {
            case ERROR -> Integer.toString(status);
            case DROP -> "drop";
            case SLOW -> "slow=" + delay.toMillis();
        });
        if (times != null) {
            text.append(":x").append(times);
        } else if (rate < 1) {
            text.append(':').append(BigDecimal.valueOf(rate).movePointRight(2).stripTrailingZeros().toPlainString()).append('%');
        }
        return text.toString();
    }

    private static SandboxFault withFrequency(SandboxFault fault, String text, String frequency) {
        if (frequency.endsWith("%")) {
            BigDecimal percent;
            try {
                percent = new BigDecimal(frequency.substring(0, frequency.length() - 1).trim());
            } catch (NumberFormatException e) {
                throw invalid(text, "the share must be a percentage such as 10%, not '" + frequency + "'");
            }
            if (percent.signum() <= 0 || percent.compareTo(BigDecimal.valueOf(100)) > 0) {
                throw invalid(text, "the share must be above 0% and at most 100%, not " + frequency);
            }
            return fault.withRate(percent.movePointLeft(2).doubleValue());
        }
        if (frequency.startsWith("x") || frequency.startsWith("X")) {
            long times = number(text, frequency.substring(1), "the count after x must be a whole number, not '" + frequency + "'");
            if (times < 1 || times > Integer.MAX_VALUE) {
                throw invalid(text, "the count after x must be at least 1, not " + times);
            }
            return fault.withTimes((int) times);
        }
        throw invalid(text, "how often must be N% (a share of requests) or xN (the next N requests), not '" + frequency + "'");
    }

    private static long number(String text, String value, String problem) {
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw invalid(text, problem);
        }
    }

    private static IllegalArgumentException invalid(String text, String problem) {
        return new IllegalArgumentException("Invalid sandbox fault '" + text + "': " + problem + ". Expected " + FORMAT
                + " where WHAT is " + WHATS + ", " + EXAMPLES);
    }
}
