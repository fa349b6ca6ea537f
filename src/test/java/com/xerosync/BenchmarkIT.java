package com.xerosync;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The bench command runs end to end on a small organisation and prints every figure; the figures themselves are for
 * people (the README), not for assertions, except the call counts, which are exact: a full sync of N invoices needs
 * N/1000 pages (one more to see the end when N is a multiple), an unchanged incremental sync one call.
 */
class BenchmarkIT {

    @Test
    void should_print_throughput_beside_copy_the_call_counts_and_memory() throws Exception {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        int code = Benchmark.run(new ArrayList<>(List.of("--invoices", "2500", "--contacts", "300")),
                new PrintStream(printed, true, StandardCharsets.UTF_8), false);

        String out = printed.toString(StandardCharsets.UTF_8);
        assertThat(code).as(out).isZero();
        assertThat(out).containsPattern("end to end\\s+[\\d,]+ records/s\\s+\\(2,500 records")
                .containsPattern("COPY\\s+[\\d,]+ records/s").containsPattern("ratio\\s+\\d+\\.\\d\\d")
                .containsPattern("peak heap\\s+[\\d,]+ MB").containsPattern("peak RSS\\s+[\\d,]+ MB");
        assertThat(number(out, "full\\s+([\\d,]+)\\s+minimum 3")).isEqualTo(3);
        assertThat(number(out, "incremental\\s+([\\d,]+)\\s+minimum 1")).isEqualTo(1);
        // egress: gzip on the wire, several times smaller than decoded
        assertThat(out).containsPattern("full\\s+[\\d,]+ bytes on the wire \\([\\d,]+ a record\\), [\\d,]+ decoded "
                + "\\([\\d,]+ a record\\); gzip \\d+\\.\\d : 1");
        assertThat(Double.parseDouble(find(out, "full\\s+.*; gzip (\\d+\\.\\d) : 1"))).isGreaterThan(3);
    }

    @Test
    void should_print_every_apis_calls_for_a_first_and_an_unchanged_sync_under_the_rate_limits() throws Exception {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        int code = Benchmark.run(new ArrayList<>(List.of("--first-sync", "--contacts", "60", "--invoices", "200",
                "--rate-limit-minute", "2")), new PrintStream(printed, true, StandardCharsets.UTF_8), false);

        String out = printed.toString(StandardCharsets.UTF_8);
        assertThat(code).as(out).isZero();
        assertThat(out).containsPattern("first full sync\\s+every API in [\\d.]+ min; unchanged second sync [\\d.]+ min; "
                + "429s 0");
        // per API: records, calls, minimum, calls unchanged, minimum unchanged
        Matcher invoices = row(out, "xero-invoices");
        assertThat(invoices.group(2)).isEqualTo(invoices.group(3));
        assertThat(invoices.group(4)).isEqualTo("1");
        Matcher journals = row(out, "xero-journals");
        assertThat(journals.group(2)).isEqualTo(journals.group(3));
        // an unchanged organisation's reports are reused, not fetched again
        Matcher profitAndLoss = row(out, "xero-profit-and-loss");
        assertThat(Long.parseLong(profitAndLoss.group(2))).isPositive();
        assertThat(profitAndLoss.group(4)).isEqualTo("0");
        assertThat(out).containsPattern("full sync [\\d.]+% above the minimum");
        assertThat(out).containsPattern("full sync\\s+[\\d,]+ bytes on the wire \\([\\d,]+ a record\\)")
                .containsPattern("unchanged\\s+[\\d,]+ bytes on the wire, [\\d,]+ decoded; gzip");
    }

    private static Matcher row(String text, String api) {
        Matcher m = Pattern.compile(api + "\\s+([\\d,]+)\\s+([\\d,]+)\\s+([\\d,]+)\\s+([\\d,]+)\\s+([\\d,]+)")
                .matcher(text);
        assertThat(m.find()).as("%s in %s", api, text).isTrue();
        return m;
    }

    private static String find(String text, String pattern) {
        Matcher m = Pattern.compile(pattern).matcher(text);
        assertThat(m.find()).as("%s in %s", pattern, text).isTrue();
        return m.group(1);
    }

    private static long number(String text, String pattern) {
        Matcher m = Pattern.compile(pattern).matcher(text);
        assertThat(m.find()).as("%s in %s", pattern, text).isTrue();
        return Long.parseLong(m.group(1).replace(",", ""));
    }
}
