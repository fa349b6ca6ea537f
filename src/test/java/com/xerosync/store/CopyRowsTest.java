package com.xerosync.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class CopyRowsTest {

    private static String encoded(Object... row) {
        return new String(CopyRows.encode(row), StandardCharsets.UTF_8);
    }

    @Test
    void should_write_values_as_copy_text_in_column_order() {
        assertThat(encoded("inv-1", null, new BigDecimal("1234.50"), 7, 9L, true, false))
                .isEqualTo("inv-1\t\\N\t1234.50\t7\t9\tt\tf");
    }

    @Test
    void should_write_dates_and_timestamps_as_pgjdbc_binds_them() {
        assertThat(encoded(LocalDate.of(2019, 3, 11), OffsetDateTime.of(2018, 2, 15, 9, 12, 30, 940_000_000, ZoneOffset.UTC),
                OffsetDateTime.of(2024, 1, 1, 0, 0, 0, 0, ZoneOffset.ofHours(13))))
                .isEqualTo("2019-03-11\t2018-02-15 09:12:30.94+00\t2024-01-01 00:00:00+13");
    }

    @Test
    void should_escape_what_copy_text_reserves_and_keep_everything_else() {
        assertThat(encoded("a\tb\nc\rd\\e", "{\"Name\":\"Ünïcode \\\"quoted\\\"\"}", "\\N"))
                .isEqualTo("a\\tb\\nc\\rd\\\\e\t{\"Name\":\"Ünïcode \\\\\"quoted\\\\\"\"}\t\\\\N");
    }
}
