package com.xerosync;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The bench command runs end to end on a small organisation and prints every figure; the figures themselves are for
 * people (the README), not for assertions, except the call counts, which are exact: a full sync of N invoices needs
 * N/1000 pages (one more to see the end when N is a multiple), an unchanged incremental sync one call. With
 * {@code --json} the last line is the same figures as one JSON object, equal to what the text says.
 */
class BenchmarkIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void should_print_throughput_beside_copy_the_call_counts_and_memory() throws Exception {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        int code = Benchmark.run(new ArrayList<>(List.of("--invoices", "2500", "--contacts", "300", "--json")),
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

        JsonNode json = lastLineJson(out);
        assertThat(json.fieldNames()).toIterable().contains("mode", "invoices", "records_per_second",
                "copy_records_per_second", "ratio", "api_calls_full", "api_calls_full_minimum", "api_calls_unchanged",
                "egress_full_wire_bytes", "egress_full_decoded_bytes", "egress_unchanged_wire_bytes",
                "egress_unchanged_decoded_bytes", "bytes_per_record_wire", "bytes_per_record_decoded", "peak_heap_mb",
                "peak_rss_mb");
        assertThat(json.get("mode").asText()).isEqualTo("throughput");
        assertThat(json.get("invoices").asLong()).isEqualTo(2500);
        assertThat(json.get("records").asLong()).isEqualTo(2500);
        assertThat(json.get("api_calls_full").asLong()).isEqualTo(3);
        assertThat(json.get("api_calls_full_minimum").asLong()).isEqualTo(3);
        assertThat(json.get("api_calls_unchanged").asLong()).isEqualTo(1);
        // every figure as printed, to the text's precision
        assertThat(String.format("%,.0f", json.get("records_per_second").asDouble()))
                .isEqualTo(find(out, "end to end\\s+([\\d,]+) records/s"));
        assertThat(String.format("%,.0f", json.get("copy_records_per_second").asDouble()))
                .isEqualTo(find(out, "COPY\\s+([\\d,]+) records/s"));
        assertThat(String.format("%.2f", json.get("ratio").asDouble())).isEqualTo(find(out, "ratio\\s+(\\d+\\.\\d\\d)"));
        assertThat(json.get("egress_full_wire_bytes").asLong()).isEqualTo(number(out, "full\\s+([\\d,]+) bytes on the wire"));
        assertThat(json.get("egress_full_decoded_bytes").asLong())
                .isEqualTo(number(out, "full\\s+.* a record\\), ([\\d,]+) decoded"));
        assertThat(json.get("egress_unchanged_wire_bytes").asLong())
                .isEqualTo(number(out, "incremental\\s+([\\d,]+) bytes on the wire"));
        assertThat(json.get("egress_unchanged_decoded_bytes").asLong())
                .isEqualTo(number(out, "incremental\\s+[\\d,]+ bytes on the wire, ([\\d,]+) decoded"));
        assertThat(String.format("%,.0f", json.get("bytes_per_record_wire").asDouble()))
                .isEqualTo(find(out, "full\\s+[\\d,]+ bytes on the wire \\(([\\d,]+) a record"));
        assertThat(String.format("%,.0f", json.get("bytes_per_record_decoded").asDouble()))
                .isEqualTo(find(out, "full\\s+.* decoded \\(([\\d,]+) a record"));
        assertThat(json.get("peak_heap_mb").asLong()).isPositive().isEqualTo(number(out, "peak heap\\s+([\\d,]+) MB"));
        assertThat(json.get("peak_rss_mb").asLong()).isEqualTo(number(out, "peak RSS\\s+([\\d,]+) MB"));
    }

    @Test
    void should_print_every_apis_calls_for_a_first_and_an_unchanged_sync_under_the_rate_limits() throws Exception {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        int code = Benchmark.run(new ArrayList<>(List.of("--first-sync", "--contacts", "60", "--invoices", "200",
                "--rate-limit-minute", "2", "--json")), new PrintStream(printed, true, StandardCharsets.UTF_8), false);

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

        JsonNode json = lastLineJson(out);
        assertThat(json.get("mode").asText()).isEqualTo("first-sync");
        assertThat(json.get("finished").asBoolean()).isTrue();
        assertThat(json.get("http_429s").asLong()).isZero();
        assertThat(json.get("first_sync_minutes").isNumber()).isTrue();
        assertThat(json.get("unchanged_sync_minutes").isNumber()).isTrue();
        // each API's figures are its row of the table; the totals are the sums and the "all" row
        Map<String, Long> sums = new HashMap<>();
        assertThat(json.get("apis").size()).isGreaterThan(10);
        for (JsonNode api : json.get("apis")) {
            Matcher printedRow = Pattern.compile("(?m)^\\s+" + Pattern.quote(api.get("api").asText())
                    + "\\s+([\\d,]+)\\s+([\\d,]+)\\s+([\\d,]+)\\s+([\\d,]+)\\s+([\\d,]+)\\s+([\\d,]+)\\s+([\\d,]+)\\n")
                    .matcher(out);
            assertThat(printedRow.find()).as("%s in %s", api, out).isTrue();
            List<String> keys = List.of("records", "api_calls", "api_calls_minimum", "api_calls_unchanged",
                    "api_calls_unchanged_minimum", "wire_bytes", "unchanged_wire_bytes");
            for (int i = 0; i < keys.size(); i++) {
                assertThat(api.get(keys.get(i)).asLong()).as("%s %s", api.get("api"), keys.get(i))
                        .isEqualTo(Long.parseLong(printedRow.group(i + 1).replace(",", "")));
                sums.merge(keys.get(i), api.get(keys.get(i)).asLong(), Long::sum);
            }
            sums.merge("decoded_bytes", api.get("decoded_bytes").asLong(), Long::sum);
        }
        JsonNode invoicesApi = apiNamed(json, "xero-invoices");
        assertThat(invoicesApi.get("api_calls").asLong()).isEqualTo(Long.parseLong(invoices.group(2)));
        assertThat(invoicesApi.get("api_calls_unchanged").asLong()).isEqualTo(1);
        Matcher all = Pattern.compile("(?m)^\\s+all\\s+([\\d,]+)\\s+([\\d,]+)\\s+([\\d,]+)\\s+([\\d,]+)").matcher(out);
        assertThat(all.find()).as(out).isTrue();
        assertThat(json.get("api_calls_full").asLong()).isEqualTo(sums.get("api_calls"))
                .isEqualTo(Long.parseLong(all.group(1).replace(",", "")));
        assertThat(json.get("api_calls_full_minimum").asLong()).isEqualTo(sums.get("api_calls_minimum"))
                .isEqualTo(Long.parseLong(all.group(2).replace(",", "")));
        assertThat(json.get("api_calls_unchanged").asLong()).isEqualTo(sums.get("api_calls_unchanged"))
                .isEqualTo(Long.parseLong(all.group(3).replace(",", "")));
        assertThat(json.get("api_calls_unchanged_minimum").asLong()).isEqualTo(sums.get("api_calls_unchanged_minimum"))
                .isEqualTo(Long.parseLong(all.group(4).replace(",", "")));
        assertThat(json.get("records").asLong()).isEqualTo(sums.get("records"));
        assertThat(String.format("%.1f", json.get("full_above_minimum_percent").asDouble()))
                .isEqualTo(find(out, "full sync ([\\d.]+)% above the minimum"));
        assertThat(json.get("egress_full_wire_bytes").asLong()).isEqualTo(sums.get("wire_bytes"))
                .isEqualTo(number(out, "full sync\\s+([\\d,]+) bytes on the wire"));
        assertThat(json.get("egress_full_decoded_bytes").asLong()).isEqualTo(sums.get("decoded_bytes"));
        assertThat(json.get("egress_unchanged_wire_bytes").asLong()).isEqualTo(sums.get("unchanged_wire_bytes"))
                .isEqualTo(number(out, "unchanged\\s+([\\d,]+) bytes on the wire"));
        assertThat(json.get("egress_unchanged_decoded_bytes").asLong())
                .isEqualTo(number(out, "unchanged\\s+[\\d,]+ bytes on the wire, ([\\d,]+) decoded"));
        assertThat(json.fieldNames()).toIterable().contains("bytes_per_record_wire", "bytes_per_record_decoded",
                "egress_full_gzip_ratio", "egress_unchanged_gzip_ratio");
    }

    @Test
    void should_list_the_json_option_in_the_usage() throws Exception {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        int code = Benchmark.run(new ArrayList<>(List.of("--help")), new PrintStream(printed, true, StandardCharsets.UTF_8),
                false);

        assertThat(code).isZero();
        assertThat(printed.toString(StandardCharsets.UTF_8)).contains("[--json]").contains("With --json (any mode)");
    }

    /** The last line printed, which --json makes one JSON object; the text above it stays the people's. */
    private static JsonNode lastLineJson(String out) throws Exception {
        String[] lines = out.strip().split("\\R");
        String last = lines[lines.length - 1];
        assertThat(last).as(out).startsWith("{").endsWith("}");
        JsonNode json = JSON.readTree(last);
        assertThat(json.isObject()).isTrue();
        return json;
    }

    private static JsonNode apiNamed(JsonNode json, String api) {
        for (JsonNode each : json.get("apis")) {
            if (each.get("api").asText().equals(api)) {
                return each;
            }
        }
        throw new AssertionError(api + " not in " + json);
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
