package com.xerosync.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class XeroDatesTest {

    @Test
    void should_parse_microsoft_json_dates_as_utc_epoch_millis() {
        OffsetDateTime parsed = XeroDates.parse("/Date(1518685950940+0000)/");
        assertThat(parsed.toInstant()).isEqualTo(Instant.ofEpochMilli(1518685950940L));
        assertThat(parsed.getOffset()).isEqualTo(ZoneOffset.UTC);
        assertThat(XeroDates.parse("/Date(1518685950940)/").toInstant()).isEqualTo(Instant.parse("2018-02-15T09:12:30.940Z"));
    }

    @Test
    void should_keep_the_instant_and_report_the_offset_given() {
        OffsetDateTime parsed = XeroDates.parse("/Date(1518685950940+1300)/");
        assertThat(parsed.toInstant()).isEqualTo(Instant.ofEpochMilli(1518685950940L));
        assertThat(parsed.getOffset()).isEqualTo(ZoneOffset.ofHours(13));
        assertThat(XeroDates.parse("/Date(0-0530)/").getOffset()).isEqualTo(ZoneOffset.ofHoursMinutes(-5, -30));
    }

    @Test
    void should_read_both_forms_xero_gives_one_date_in_the_same() {
        // GET /Quotes in the accounting spec: Date without an offset beside its DateString
        assertThat(XeroDates.parseDate("/Date(1571875200000)/")).isEqualTo(LocalDate.of(2019, 10, 24))
                .isEqualTo(XeroDates.parseDate("2019-10-24T00:00:00"));
        // GET /BankTransfers: DateString and CreatedDateUTCString carry a time of day, zone-less (UTC)
        assertThat(XeroDates.parse("2016-11-12T21:10:00").toInstant())
                .isEqualTo(XeroDates.parse("/Date(1478985000000+0000)/").toInstant());
        assertThat(XeroDates.parse("2016-10-17T20:46:01").toInstant())
                .isEqualTo(XeroDates.parse("/Date(1476737161140+0000)/").toInstant().truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
        // GET /Organisation: CreatedDateUTC without an offset is UTC
        assertThat(XeroDates.parse("/Date(1455827393000)/")).isEqualTo(XeroDates.parse("/Date(1455827393000+0000)/"));
        assertThat(XeroDates.parse("/Date(1455827393000)/").getOffset()).isEqualTo(ZoneOffset.UTC);
        assertThat(XeroDates.parseDate("/Date(-86400000)/")).isEqualTo(LocalDate.of(1969, 12, 31));
    }

    @Test
    void should_parse_negative_epochs_before_1970() {
        assertThat(XeroDates.parse("/Date(-86400000+0000)/").toInstant()).isEqualTo(Instant.parse("1969-12-31T00:00:00Z"));
        assertThat(XeroDates.parseDate("/Date(-2208988800000+0000)/")).isEqualTo(LocalDate.of(1900, 1, 1));
    }

    @Test
    void should_read_date_only_fields_as_the_calendar_date_in_the_given_zone() {
        assertThat(XeroDates.parseDate("/Date(1552262400000+0000)/")).isEqualTo(LocalDate.of(2019, 3, 11));
        // 2019-03-10T11:00Z is already 11 March in New Zealand (+13:00)
        assertThat(XeroDates.parseDate("/Date(1552215600000+1300)/")).isEqualTo(LocalDate.of(2019, 3, 11));
    }

    @Test
    void should_parse_iso_strings_without_zone_as_utc() {
        assertThat(XeroDates.parse("2019-03-11T00:00:00").toInstant()).isEqualTo(Instant.parse("2019-03-11T00:00:00Z"));
        assertThat(XeroDates.parse("2026-07-13T10:15:30.123Z").toInstant()).isEqualTo(Instant.parse("2026-07-13T10:15:30.123Z"));
        assertThat(XeroDates.parse("2020-02-06T12:17:43.202-08:00").toInstant()).isEqualTo(Instant.parse("2020-02-06T20:17:43.202Z"));
        assertThat(XeroDates.parseDate("2019-03-11")).isEqualTo(LocalDate.of(2019, 3, 11));
    }

    @Test
    void should_reject_garbage_and_absurd_dates_with_the_value_in_the_message() {
        assertThatThrownBy(() -> XeroDates.parse("yesterday")).hasMessageContaining("'yesterday'");
        assertThatThrownBy(() -> XeroDates.parse("/Date(abc)/")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> XeroDates.parse("/Date(999999999999999+0000)/")).hasMessageContaining("out of range");
        assertThatThrownBy(() -> XeroDates.parse("/Date(0+9900)/")).hasMessageContaining("offset");
    }

    @Test
    void should_format_if_modified_since_in_utc_with_milliseconds() {
        assertThat(XeroDates.ifModifiedSince(Instant.parse("2026-01-02T03:04:05.006Z"))).isEqualTo("2026-01-02T03:04:05.006");
    }

    @Test
    void should_round_trip_any_instant_through_the_json_date_form() {
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < 10_000; i++) {
            long millis = random.nextLong(-62_135_596_800_000L, 253_402_300_799_000L);
            int minutes = random.nextInt(-14 * 60, 14 * 60 + 1);
            String offset = String.format("%s%02d%02d", minutes < 0 ? "-" : "+", Math.abs(minutes) / 60, Math.abs(minutes) % 60);
            OffsetDateTime parsed = XeroDates.parse("/Date(" + millis + offset + ")/");
            assertThat(parsed.toInstant().toEpochMilli()).isEqualTo(millis);
            assertThat(parsed.getOffset().getTotalSeconds()).isEqualTo(minutes * 60);
        }
    }

    @Test
    void should_never_throw_anything_but_illegal_argument_on_random_text() {
        SplittableRandom random = new SplittableRandom(11);
        String alphabet = "/Date()+-0123456789TZ:.ab ";
        for (int i = 0; i < 20_000; i++) {
            StringBuilder text = new StringBuilder();
            int length = random.nextInt(30);
            for (int j = 0; j < length; j++) {
                text.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            try {
                XeroDates.parse(text.toString());
            } catch (IllegalArgumentException expected) {
                assertThat(expected.getMessage()).isNotBlank();
            }
        }
    }
}
