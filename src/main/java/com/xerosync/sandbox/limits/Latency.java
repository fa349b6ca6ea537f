package com.xerosync.sandbox.limits;

import com.xerosync.sandbox.http.DelayedExchange;

import java.math.BigDecimal;
import java.util.Locale;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How long Xero takes to answer, as a model: a base per call plus a cost per record returned, each answer varied by a
 * jitter, so that a page of 1,000 invoices takes longer than a page of 10, and calls never line up by accident. Read
 * from {@code sandbox.latency}: {@code xero} ({@link #XERO}), a model of its own such as
 * {@code base=1s,record=2ms,jitter=20%}, or {@code off}. Answers wait on a
 * scheduler ({@link DelayedExchange}), not on a thread each.
 *
 * @param baseMicros      the time of every call
 * @param perRecordMicros the time of each record an answer holds
 * @param jitter          the share (0 to 1) by which an answer's time varies, evenly, either way
 */
public record Latency(long baseMicros, long perRecordMicros, double jitter) {

    public static final Latency OFF = new Latency(0, 0, 0);
    /**
     * Xero's pace as this model assumes it ({@code xero}): 300 ms a call, 1 ms a record, 30% either way, so a page of
     * 1,000 invoices takes about 1.3 s. Xero publishes no latency figures; this is an assumption of that order, not a
     * measurement.
     */
    public static final Latency XERO = new Latency(300_000, 1_000, 0.3);
    private static final String FORM = "off, xero, or base=<time>[,record=<time>][,jitter=<percent>%], e.g. "
            + "base=300ms,record=1ms,jitter=30% (times in ms or s)";
    private static final Pattern PART = Pattern.compile("(base|record|jitter)=([0-9]+(?:\\.[0-9]+)?)(ms|s|%)");

    public Latency {
        if (baseMicros < 0 || perRecordMicros < 0 || jitter < 0 || jitter > 1) {
            throw new IllegalArgumentException("a latency needs times of at least 0 and a jitter of 0 to 100%");
        }
    }

    /** The model of a {@code sandbox.latency} value. */
    public static Latency parse(String text) {
        String value = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        if (value.isEmpty() || value.equals("off") || value.equals("0")) {
            return OFF;
        }
        if (value.equals("xero")) {
            return XERO;
        }
        long base = 0;
        long perRecord = 0;
        double jitter = 0;
        for (String part : value.split(",")) {
            Matcher m = PART.matcher(part.trim());
            if (!m.matches()) {
                throw new IllegalArgumentException("sandbox.latency '" + text + "' is not " + FORM);
            }
            BigDecimal number = new BigDecimal(m.group(2));
            switch (m.group(1)) {
                case "base" -> base = micros(text, number, m.group(3));
                case "record" -> perRecord = micros(text, number, m.group(3));
                default -> {
                    if (!m.group(3).equals("%") || number.doubleValue() > 100) {
                        throw new IllegalArgumentException("sandbox.latency '" + text + "': the jitter is a percentage "
                                + "of 0 to 100%, e.g. jitter=30%");
                    }
                    jitter = number.doubleValue() / 100;
                }
            }
        }
        return new Latency(base, perRecord, jitter);
    }

    private static long micros(String text, BigDecimal number, String unit) {
        return switch (unit) {
            case "ms" -> number.movePointRight(3).longValue();
            case "s" -> number.movePointRight(6).longValue();
            default -> throw new IllegalArgumentException("sandbox.latency '" + text + "': a time is in ms or s, "
                    + "e.g. base=300ms");
        };
    }

    public boolean off() {
        return baseMicros == 0 && perRecordMicros == 0;
    }

    /** The time of an answer of {@code records} records, in microseconds, jitter drawn. */
    public long micros(int records) {
        double nominal = baseMicros + (double) perRecordMicros * records;
        double factor = jitter == 0 ? 1 : 1 + ThreadLocalRandom.current().nextDouble(-jitter, jitter);
        return Math.round(nominal * factor);
    }

    /** Sends an answer after its time (and after the extra time of a slow fault), on {@code scheduler}. */
    public void deliverLater(DelayedExchange answer, ScheduledExecutorService scheduler) {
        long micros = micros(answer.records()) + answer.extraMillis() * 1000;
        scheduler.schedule(answer::deliver, micros, TimeUnit.MICROSECONDS);
    }

    @Override
    public String toString() {
        if (off()) {
            return "off";
        }
        return "base=" + baseMicros / 1000.0 + "ms,record=" + perRecordMicros / 1000.0 + "ms,jitter="
                + Math.round(jitter * 100) + "%";
    }
}
