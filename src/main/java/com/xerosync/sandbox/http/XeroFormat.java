package com.xerosync.sandbox.http;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;

/** Xero's wire formats for dates and amounts, and the If-Modified-Since forms clients send. */
public final class XeroFormat {

    public static final long DAY_MILLIS = 86_400_000L;
    private static final DateTimeFormatter DATE_STRING = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'00:00:00");

    private XeroFormat() {
    }

    /** A timestamp or date field: {@code /Date(1518685950940+0000)/}. */
    public static String msDate(long epochMillis) {
        return "/Date(" + epochMillis + "+0000)/";
    }

    /** Date-only fields are midnight UTC. */
    public static String msDate(LocalDate date) {
        return msDate(date.toEpochDay() * DAY_MILLIS);
    }

    /**
     * The same instant without an offset, {@code /Date(1571875200000)/}: the form the accounting spec's examples give
     * quotes' dates, the organisation's CreatedDateUTC and reports' UpdatedDateUTC (UTC all the same).
     */
    public static String msDateWithoutOffset(long epochMillis) {
        return "/Date(" + epochMillis + ")/";
    }

    public static String msDateWithoutOffset(LocalDate date) {
        return msDateWithoutOffset(date.toEpochDay() * DAY_MILLIS);
    }

    /** {@code epochMillis} in the form {@code previous} has (with or without an offset), for a field restamped in place. */
    public static String msDateLike(String previous, long epochMillis) {
        return previous != null && previous.startsWith("/Date(") && previous.indexOf('+') < 0 && previous.indexOf('-', 7) < 0
                ? msDateWithoutOffset(epochMillis) : msDate(epochMillis);
    }

    /** The envelope's DateTimeUTC carries no offset, as in every example of the spec. */
    public static String envelopeDate(long epochMillis) {
        return "/Date(" + epochMillis + ")/";
    }

    /** DateString / DueDateString: zone-less ISO at midnight. */
    public static String dateString(LocalDate date) {
        return DATE_STRING.format(date);
    }

    /** UpdatedDateUTCString: ISO with Z, whole seconds, as the spec's example. */
    public static String isoSeconds(long epochMillis) {
        return DateTimeFormatter.ISO_INSTANT.format(Instant.ofEpochMilli(epochMillis).truncatedTo(ChronoUnit.SECONDS));
    }

    /** Bank transfers' CreatedDateUTCString: zone-less ISO, whole seconds, as the spec's example. */
    public static String isoLocalSeconds(long epochMillis) {
        return DateTimeFormatter.ISO_LOCAL_DATE_TIME.format(LocalDateTime.ofEpochSecond(Math.floorDiv(epochMillis, 1000), 0, ZoneOffset.UTC));
    }

    /** The identity service's dates (connections) are RFC 3339 date-times with 7 fractional digits. */
    public static String identityDate(Instant instant) {
        return DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSS'Z'").withZone(ZoneOffset.UTC).format(instant);
    }

    public static LocalDate day(long epochMillis) {
        return LocalDate.ofEpochDay(Math.floorDiv(epochMillis, DAY_MILLIS));
    }

    public static BigDecimal money(BigDecimal amount) {
        return amount.setScale(2, RoundingMode.HALF_UP);
    }

    public static BigDecimal money(long cents) {
        return BigDecimal.valueOf(cents, 2);
    }

    /**
     * Reads If-Modified-Since as Xero does: {@code yyyy-MM-ddTHH:mm:ss} with optional fraction,
     * UTC unless a Z or offset is given; RFC 1123 and a bare date are accepted too.
     *
     * @throws IllegalArgumentException when the value is in none of these forms
     */
    public static long parseModifiedSince(String header) {
        String value = header.trim();
        try {
            if (value.length() > 3 && value.charAt(3) == ',') {
                return OffsetDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant().toEpochMilli();
            }
            if (value.length() == 10) {
                return LocalDate.parse(value).toEpochDay() * DAY_MILLIS;
            }
            if (value.endsWith("Z") || value.endsWith("z") || hasOffset(value)) {
                return OffsetDateTime.parse(value.replace('z', 'Z')).toInstant().toEpochMilli();
            }
            return LocalDateTime.parse(value).toInstant(ZoneOffset.UTC).toEpochMilli();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("If-Modified-Since '" + header + "' is not a date-time", e);
        }
    }

    private static boolean hasOffset(String value) {
        int time = value.indexOf('T');
        return time > 0 && (value.indexOf('+', time) > 0 || value.indexOf('-', time) > 0);
    }
}
