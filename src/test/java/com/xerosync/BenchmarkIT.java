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
    }

    private static long number(String text, String pattern) {
        Matcher m = Pattern.compile(pattern).matcher(text);
        assertThat(m.find()).as("%s in %s", pattern, text).isTrue();
        return Long.parseLong(m.group(1).replace(",", ""));
    }
}
