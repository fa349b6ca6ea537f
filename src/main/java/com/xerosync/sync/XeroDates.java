package com.xerosync.sync;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.DateTimeException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Xero's two date dialects: Microsoft JSON dates {@code /Date(1518685950940+0000)/} (epoch milliseconds in UTC, the
 * offset only telling the zone the value was meant in) and ISO strings ({@code 2019-03-11T00:00:00}, no zone = UTC).
 */
public final class XeroDates {

    private static final Pattern MS_DATE = Pattern.compile("/Date\\((-?\\d{1,15})([+-]\\d{4})?\\)/");
    // PostgreSQL's timestamptz ends in year 294276; Xero's own range is far narrower. Anything outside is garbage.
    private static final Instant EARLIEST = Instant.parse("0001-01-01T00:00:00Z");
    private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999Z");
    private static final DateTimeFormatter IMS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS");

    private XeroDates() {
    }

    /** The instant a Xero date names, keeping the offset it was given in. */
    public static OffsetDateTime parse(String text) {
        if (text == null) {
            return null;
        }
        String value = text.trim();
        try {
            Matcher m = MS_DATE.matcher(value);
            if (m.matches()) {
                Instant instant = Instant.ofEpochMilli(Long.parseLong(m.group(1)));
                ZoneOffset offset = m.group(2) == null ? ZoneOffset.UTC : offset(m.group(2), text);
                return checked(instant, text).atOffset(offset);
            }
            if (value.length() == 10) {
                return LocalDate.parse(value).atStartOfDay().atOffset(ZoneOffset.UTC);
            }
            if (value.endsWith("Z") || value.matches(".*[+-]\\d{2}:\\d{2}$")) {
                OffsetDateTime parsed = OffsetDateTime.parse(value);
                checked(parsed.toInstant(), text);
                return parsed;
            }
            return LocalDateTime.parse(value).atOffset(ZoneOffset.UTC);
        } catch (DateTimeException | NumberFormatException e) {
            throw new IllegalArgumentException("Not a Xero date: '" + abbreviate(text) + "'");
        }
    }

    /** A date-only field: the calendar date in the zone Xero gave (date-only values are midnight UTC). */
    public static LocalDate parseDate(String text) {
        OffsetDateTime parsed = parse(text);
        return parsed == null ? null : parsed.toLocalDate();
    }

    /** The If-Modified-Since header value for an instant: UTC, millisecond precision. */
    public static String ifModifiedSince(Instant instant) {
        return IMS.format(instant.atOffset(ZoneOffset.UTC));
    }

    private static ZoneOffset offset(String hhmm, String text) {
        int hours = Integer.parseInt(hhmm.substring(1, 3));
        int minutes = Integer.parseInt(hhmm.substring(3, 5));
        if (hours > 18 || minutes > 59) {
            throw new IllegalArgumentException("Not a Xero date (offset out of range): '" + abbreviate(text) + "'");
        }
        int sign = hhmm.charAt(0) == '-' ? -1 : 1;
        return ZoneOffset.ofHoursMinutes(sign * hours, sign * minutes);
    }

    private static Instant checked(Instant instant, String text) {
        if (instant.isBefore(EARLIEST) || instant.isAfter(LATEST)) {
            throw new IllegalArgumentException("Xero date out of range (years 1 to 9999): '" + abbreviate(text) + "'");
        }
        return instant;
    }

    private static String abbreviate(String text) {
        return text.length() > 60 ? text.substring(0, 60) + "…" : text;
    }
}
