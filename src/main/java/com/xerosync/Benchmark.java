package com.xerosync;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.xerosync.config.XeroSyncSettings;
import com.xerosync.store.RunFigures;
import com.xerosync.sync.SyncApi;
import com.xerosync.sync.SyncApis;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code bench}: the project's own measure of speed, API-call efficiency and memory, against the in-process sandbox
 * (rate limits off) and a fresh embedded PostgreSQL, printed as figures. Part of issue 6; so far it measures the large
 * organisation: end-to-end throughput of the invoices route (HTTP fetch → transform → upsert, line items included)
 * beside PostgreSQL's best plain load of the same rows (binary COPY), the calls of a full and of an unchanged
 * incremental sync beside the minimum, the bytes they received (gzip on the wire and decoded), and peak heap and RSS. Not a test: figures, not verdicts.
 * With {@code --json} the last line printed is the same figures as one JSON object, for scripts that track them.
 */
final class Benchmark {

    static final String USAGE = """
            Usage: java -jar target/xero-sync.jar bench [--invoices N] [--contacts N] [--json]
                   java -jar target/xero-sync.jar bench --first-sync [--contacts N] [--invoices N] [--json]
                   java -jar target/xero-sync.jar bench --organisations N [--latency SPEC] [--steady-minutes M] [--json]

            Syncs one sandbox organisation of N invoices (default 200000, with their line items) into a fresh embedded
            PostgreSQL through the real invoices route, then loads the same rows with COPY, and prints:
              throughput   records/s end to end, records/s of COPY, and their ratio
              API calls    full sync and unchanged incremental sync, beside the minimum (one per 1000 records)
              egress       bytes Xero's answers weighed, gzip on the wire and decoded: per record of the full sync,
                           and for the unchanged sync
              memory       peak heap and peak RSS of this process while syncing
            Give the JVM the heap you want to check, e.g. java -Xmx256m -jar target/xero-sync.jar bench --invoices 1000000

            With --organisations N (e.g. 500): syncs every API once for N small sandbox organisations under Xero's real
            rate limits (5 in flight and 60 a minute per organisation, 10000 a minute for the app) and prints the time,
            the calls, the calls a minute beside the ceiling (the lesser of the app's 10000 and 60 × N), the 429s (the
            target is none) and when the organisations finished their first full sync. The sandbox answers at Xero's
            pace as the latency model assumes it (sandbox.latency=xero: 300 ms a call, 1 ms a record); --latency SPEC
            gives another (e.g. base=1s; off answers at once). --first-sync answers at that pace too; the throughput
            mode always answers at once: it measures our side alone.

            With --first-sync: syncs every API of one realistic organisation (--contacts, default 1000; --invoices,
            default 6000) under Xero's real limits, then syncs again with nothing changed, and prints the time to the
            first full sync and, per API, the calls of both syncs beside the minimum Xero's paging allows, and the
            bytes received on the wire (gzip) by both; then the egress of each sync, on the wire and decoded.
            --rate-limit-minute S shortens the sandbox's minute (tests); the figures are for 60.

            With --json (any mode): the text is printed as above, and its last line is every figure of the run as one
            JSON object on one line, keys in snake_case with their unit in the name (records_per_second, peak_heap_mb,
            egress_full_wire_bytes, first_sync_minutes …) and "mode": "throughput", "first-sync" or "organisations".
            """;

    private static final ObjectMapper JSON = new ObjectMapper();

    private Benchmark() {
    }

    /** @param quiet leave the service's progress lines out (the command line), so the figures are not buried */
    static int run(List<String> args, PrintStream out, boolean quiet) throws Exception {
        int invoices = 200_000;
        int contacts = 5_000;
        int organisations = 0;
        boolean firstSync = false;
        boolean json = false;
        int rateLimitMinute = 60;
        String latency = null;
        int steadyMinutes = 10;
        for (int i = 0; i < args.size(); i++) {
            switch (args.get(i)) {
                case "--first-sync" -> firstSync = true;
                case "--json" -> json = true;
                case "--rate-limit-minute" -> rateLimitMinute = Integer.parseInt(args.get(++i));
                case "--organisations" -> organisations = Integer.parseInt(args.get(++i));
                case "--invoices" -> invoices = Integer.parseInt(args.get(++i));
                case "--contacts" -> contacts = Integer.parseInt(args.get(++i));
                case "--latency" -> latency = args.get(++i);
                case "--steady-minutes" -> steadyMinutes = Integer.parseInt(args.get(++i));
                case "--help", "-h" -> {
                    out.print(USAGE);
                    return 0;
                }
                default -> {
                    out.println("Unknown argument: " + args.get(i));
                    out.print(USAGE);
                    return 2;
                }
            }
        }
        if (quiet) {
            quietLogs();
        }
        // every figure as it is computed, in the order printed; written once the runtime is closed, so that nothing the
        // service logs while stopping can follow it and the last line stays the JSON
        Map<String, Object> figures = new LinkedHashMap<>();
        if (organisations > 0) {
            manyOrganisations(organisations, latency, steadyMinutes, out, figures);
        } else if (firstSync) {
            firstSync(args.contains("--contacts") ? contacts : 1000, args.contains("--invoices") ? invoices : 6000,
                    rateLimitMinute, latency, out, figures);
        } else {
            throughput(invoices, contacts, out, figures);
        }
        if (json) {
            out.println(JSON.writeValueAsString(figures));
        }
        return 0;
    }

    /**
     * One large organisation's invoices: throughput end to end beside COPY, the calls and egress of a full and of an
     * unchanged incremental sync, and peak heap and RSS.
     */
    private static void throughput(int invoices, int contacts, PrintStream out, Map<String, Object> figures)
            throws Exception {
        Path data = Files.createTempDirectory("xero-sync-bench");
        // our side alone: the sandbox answers at once, not at Xero's pace
        Map<String, String> overrides = settings(data, 1, contacts, invoices, false, "off");
        out.printf("bench: 1 organisation, %,d invoices, %,d contacts; JVM max heap %d MB, %d cores%n", invoices, contacts,
                Runtime.getRuntime().maxMemory() >> 20, Runtime.getRuntime().availableProcessors());
        figures.put("mode", "throughput");
        figures.put("invoices", invoices);
        figures.put("contacts", contacts);
        figures.put("max_heap_mb", Runtime.getRuntime().maxMemory() >> 20);
        figures.put("cores", Runtime.getRuntime().availableProcessors());

        out.println("syncing (a few seconds per 10,000 invoices) …");
        MemorySampler memory = new MemorySampler();
        try (XeroSyncRuntime runtime = XeroSyncRuntime.start(XeroSyncSettings.load(overrides), false)) {
            memory.start();
            long started = System.nanoTime();
            runtime.runNow(List.of("xero-invoices"), Duration.ofHours(2));
            double syncSeconds = (System.nanoTime() - started) / 1e9;
            memory.stop();
            long syncRssKb = peakRssKb();
            Map<String, Long> full = lastRun(runtime);

            runtime.runNow(List.of("xero-invoices"), Duration.ofMinutes(10));
            Map<String, Long> incremental = lastRun(runtime);

            RunFigures runs = new RunFigures(runtime.dataSource());
            long lines = runs.invoiceLines();
            double copySeconds = runs.copyInvoicesSeconds(data);
            long records = full.get("records");
            out.println();
            out.println("throughput (records = invoices; each carries its line items, " + String.format("%,d", lines) + " in all)");
            out.printf("  end to end   %,10.0f records/s   (%,d records in %.1f s, through HTTP, mapping and upserts)%n",
                    records / syncSeconds, records, syncSeconds);
            out.printf("  COPY         %,10.0f records/s   (the same rows and lines, binary COPY into empty copies of the "
                    + "tables, %.1f s)%n",
                    records / copySeconds, copySeconds);
            out.printf("  ratio        %10.2f             (end to end / COPY; the target is at least 0.5)%n",
                    copySeconds / syncSeconds);
            out.println();
            out.println("API calls");
            out.printf("  full         %,10d   minimum %,d (one per 1000 records)%n", full.get("api_calls"),
                    (records + 999) / 1000);
            out.printf("  incremental  %,10d   minimum 1 (nothing changed)%n", incremental.get("api_calls"));
            out.println();
            out.println("egress (the bodies of Xero's answers: gzip as received, and decoded)");
            printEgress(out, "full", full.get("bytes"), full.get("decoded_bytes"), records);
            printEgress(out, "incremental", incremental.get("bytes"), incremental.get("decoded_bytes"), 0);
            out.println();
            out.println("memory while syncing");
            out.printf("  peak heap    %,10d MB of %,d MB%n", memory.peakHeap() >> 20, Runtime.getRuntime().maxMemory() >> 20);
            out.printf("  peak RSS     %,10d MB (the JVM; PostgreSQL runs in its own processes)%n", syncRssKb >> 10);

            figures.put("records", records);
            figures.put("line_items", lines);
            figures.put("sync_seconds", syncSeconds);
            figures.put("records_per_second", records / syncSeconds);
            figures.put("copy_seconds", copySeconds);
            figures.put("copy_records_per_second", records / copySeconds);
            figures.put("ratio", copySeconds / syncSeconds);
            figures.put("api_calls_full", full.get("api_calls"));
            figures.put("api_calls_full_minimum", (records + 999) / 1000);
            figures.put("api_calls_unchanged", incremental.get("api_calls"));
            figures.put("api_calls_unchanged_minimum", 1);
            putEgress(figures, "egress_full", full.get("bytes"), full.get("decoded_bytes"));
            putEgress(figures, "egress_unchanged", incremental.get("bytes"), incremental.get("decoded_bytes"));
            figures.put("bytes_per_record_wire", full.get("bytes") / (double) records);
            figures.put("bytes_per_record_decoded", full.get("decoded_bytes") / (double) records);
            figures.put("peak_heap_mb", memory.peakHeap() >> 20);
            figures.put("peak_rss_mb", syncRssKb >> 10);
        } finally {
            deleteQuietly(data);
        }
    }

    /**
     * Every API once for many small organisations under Xero's real limits: total time, calls, 429s, and how evenly
     * the organisations were served (when each finished its last API, from the start).
     */
    private static void manyOrganisations(int organisations, String latency, int steadyMinutes, PrintStream out,
                                          Map<String, Object> figures)
            throws Exception {
        Path data = Files.createTempDirectory("xero-sync-bench");
        // the first organisation's size; every other one is half of it
        Map<String, String> overrides = settings(data, organisations, 40, 120, true, latency == null ? "xero" : latency);
        XeroSyncSettings resolved = XeroSyncSettings.load(overrides);
        String pace = resolved.get("sandbox.latency", "off");
        out.printf("bench: %,d organisations (20 contacts and 60 invoices each; the first 40 and 120), every API once, "
                + "under Xero's real limits, answered at %s; %d cores%n", organisations, pace,
                Runtime.getRuntime().availableProcessors());
        figures.put("latency", pace);
        figures.put("mode", "organisations");
        figures.put("organisations", organisations);
        figures.put("cores", Runtime.getRuntime().availableProcessors());
        out.println("syncing …");
        try {
            try (XeroSyncRuntime runtime = XeroSyncRuntime.start(resolved, false)) {
                long started = System.nanoTime();
                java.time.Instant startedAt = java.time.Instant.now();
                boolean finished = runtime.runAll(Duration.ofHours(6));
                double seconds = (System.nanoTime() - started) / 1e9;
                RunFigures runs = new RunFigures(runtime.dataSource());
                RunFigures.Totals totals = runs.totals();
                long calls = totals.apiCalls();
                long records = totals.records();
                long failed = totals.failedOrThrottled();
                long synced = totals.organisations();
                List<Double> done = new ArrayList<>();
                for (java.time.Instant finishedAt : runs.organisationsDone()) {
                    done.add((finishedAt.toEpochMilli() - startedAt.toEpochMilli()) / 1000.0);
                }
                out.println();
                out.printf("  finished     %s in %.1f min%n", finished ? "every API" : "NOT every API (timed out)", seconds / 60);
                out.printf("  organisations %,d synced, %,d runs failed or throttled%n", synced, failed);
                out.printf("  records      %,d%n", records);
                // what Xero allows: the app's minute limit, or each organisation's 60 a minute, whichever is less
                long ceiling = Math.min(resolved.getInt("xero.limits.app-per-minute", 10_000),
                        (long) resolved.getInt("xero.limits.per-minute", 60) * organisations);
                double perMinute = calls / (seconds / 60);
                out.printf("  API calls    %,d (%.1f per organisation)%n", calls, calls / (double) organisations);
                out.printf("  calls/minute %,.0f of the ceiling %,d (%.2f; the lesser of the app's limit and 60 × "
                        + "organisations)%n", perMinute, ceiling, perMinute / ceiling);
                out.printf("  429s         %,d (the target is none)%n", runtime.sandbox().sandbox().rateLimitedCalls());
                if (!done.isEmpty()) {
                    out.printf("  evenness     organisations done after: first %.0f s, median %.0f s, last %.0f s%n",
                            done.get(0), done.get(done.size() / 2), done.get(done.size() - 1));
                }
                figures.put("finished", finished);
                figures.put("minutes", seconds / 60);
                figures.put("organisations_synced", synced);
                figures.put("runs_failed", failed);
                figures.put("records", records);
                figures.put("api_calls", calls);
                figures.put("api_calls_per_minute", perMinute);
                figures.put("calls_per_minute", perMinute);
                figures.put("ceiling_per_minute", ceiling);
                figures.put("ceiling_share", perMinute / ceiling);
                figures.put("api_calls_per_organisation", calls / (double) organisations);
                figures.put("http_429s", runtime.sandbox().sandbox().rateLimitedCalls());
                figures.put("rate_limited", runtime.sandbox().sandbox().rateLimitedCalls());
                // null when no organisation ran at all, which the text leaves out
                figures.put("first_done_seconds", done.isEmpty() ? null : done.get(0));
                figures.put("median_done_seconds", done.isEmpty() ? null : done.get(done.size() / 2));
                figures.put("last_done_seconds", done.isEmpty() ? null : done.get(done.size() - 1));
            }
            if (steadyMinutes > 0) {
                out.println();
                SteadyState.measure(resolved, steadyMinutes, out, figures);
            }
        } finally {
            deleteQuietly(data);
        }
    }

    /**
     * Time to the first full sync of one realistic organisation under Xero's real limits, and the calls of every API
     * for that sync and for a second one with nothing changed, beside the minimum Xero's paging allows.
     */
    private static void firstSync(int contacts, int invoices, int rateLimitMinute, String latency, PrintStream out,
                                  Map<String, Object> figures) throws Exception {
        Path data = Files.createTempDirectory("xero-sync-bench");
        Map<String, String> overrides = settings(data, 1, contacts, invoices, true, latency == null ? "xero" : latency);
        overrides.put("sandbox.rate-limit-minute", Integer.toString(rateLimitMinute));
        out.printf("bench: first full sync of 1 organisation (%,d contacts, %,d invoices), every API, under Xero's limits "
                + "(5 in flight, 60 calls a %d s minute); %d cores%n", contacts, invoices, rateLimitMinute,
                Runtime.getRuntime().availableProcessors());
        figures.put("mode", "first-sync");
        figures.put("contacts", contacts);
        figures.put("invoices", invoices);
        figures.put("rate_limit_minute_seconds", rateLimitMinute);
        figures.put("cores", Runtime.getRuntime().availableProcessors());
        out.println("syncing (at 60 calls a minute this takes a quarter of an hour or more) …");
        try (XeroSyncRuntime runtime = XeroSyncRuntime.start(XeroSyncSettings.load(overrides), false)) {
            long started = System.nanoTime();
            boolean finished = runtime.runAll(Duration.ofHours(6));
            double firstSeconds = (System.nanoTime() - started) / 1e9;
            RunFigures runs = new RunFigures(runtime.dataSource());
            long firstRunsUpTo = runs.lastRunId();
            started = System.nanoTime();
            runtime.runAll(Duration.ofHours(6));
            double secondSeconds = (System.nanoTime() - started) / 1e9;
            out.println();
            out.printf("  first full sync   %s in %.1f min; unchanged second sync %.1f min; 429s %,d%n",
                    finished ? "every API" : "NOT every API (timed out)", firstSeconds / 60, secondSeconds / 60,
                    runtime.sandbox().sandbox().rateLimitedCalls());
            figures.put("finished", finished);
            figures.put("first_sync_minutes", firstSeconds / 60);
            figures.put("unchanged_sync_minutes", secondSeconds / 60);
            figures.put("http_429s", runtime.sandbox().sandbox().rateLimitedCalls());
            List<Map<String, Object>> perApi = new ArrayList<>();
            out.println();
            out.printf("  %-32s %9s %9s %9s   %9s %9s   %12s %12s%n", "API", "records", "calls", "minimum", "unchanged",
                    "minimum", "bytes (wire)", "unchanged");
            long[] totals = new long[4];
            long[] egress = new long[5];
            SyncApis apis = new SyncApis();
            for (RunFigures.ApiRuns run : runs.byApi(firstRunsUpTo)) {
                if (run.skipped()) {
                    continue;
                }
                SyncApi api = apis.of(runtime.camelContext(), "xero-" + run.api());
                long records = run.records();
                long minimum = minimumCalls(api, records);
                // a report unchanged is reused; published tax reports need their listing to show a new one
                long unchangedMinimum = api.fetchesReports() && api.report() != null ? 0 : 1;
                out.printf("  %-32s %,9d %,9d %,9d   %,9d %,9d   %,12d %,12d%n", api.routeId(), records,
                        run.apiCalls(), minimum, run.unchangedApiCalls(), unchangedMinimum, run.wireBytes(),
                        run.unchangedWireBytes());
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("api", api.routeId());
                row.put("records", records);
                row.put("api_calls", run.apiCalls());
                row.put("api_calls_minimum", minimum);
                row.put("api_calls_unchanged", run.unchangedApiCalls());
                row.put("api_calls_unchanged_minimum", unchangedMinimum);
                row.put("wire_bytes", run.wireBytes());
                row.put("decoded_bytes", run.decodedBytes());
                row.put("unchanged_wire_bytes", run.unchangedWireBytes());
                row.put("unchanged_decoded_bytes", run.unchangedDecodedBytes());
                perApi.add(row);
                egress[0] += records;
                egress[1] += run.wireBytes();
                egress[2] += run.decodedBytes();
                egress[3] += run.unchangedWireBytes();
                egress[4] += run.unchangedDecodedBytes();
                totals[0] += run.apiCalls();
                totals[1] += minimum;
                totals[2] += run.unchangedApiCalls();
                totals[3] += unchangedMinimum;
            }
            out.printf("  %-32s %9s %,9d %,9d   %,9d %,9d%n", "all", "", totals[0], totals[1], totals[2], totals[3]);
            out.printf("  full sync %.1f%% above the minimum (target: within 5%%)%n",
                    100.0 * (totals[0] - totals[1]) / Math.max(1, totals[1]));
            out.println();
            out.println("  egress (the bodies of Xero's answers: gzip as received, and decoded)");
            printEgress(out, "full sync", egress[1], egress[2], egress[0]);
            printEgress(out, "unchanged", egress[3], egress[4], 0);
            figures.put("records", egress[0]);
            figures.put("api_calls_full", totals[0]);
            figures.put("api_calls_full_minimum", totals[1]);
            figures.put("api_calls_unchanged", totals[2]);
            figures.put("api_calls_unchanged_minimum", totals[3]);
            figures.put("full_above_minimum_percent", 100.0 * (totals[0] - totals[1]) / Math.max(1, totals[1]));
            putEgress(figures, "egress_full", egress[1], egress[2]);
            putEgress(figures, "egress_unchanged", egress[3], egress[4]);
            figures.put("bytes_per_record_wire", egress[0] > 0 ? egress[1] / (double) egress[0] : null);
            figures.put("bytes_per_record_decoded", egress[0] > 0 ? egress[2] / (double) egress[0] : null);
            figures.put("apis", perApi);
        } finally {
            deleteQuietly(data);
        }
    }

    /** One line of egress: bytes on the wire and decoded, per record when there are records, and the gzip ratio. */
    private static void printEgress(PrintStream out, String what, long wire, long decoded, long records) {
        out.printf("  %-12s %,14d bytes on the wire%s, %,d decoded%s; gzip %.1f : 1%n", what, wire,
                records > 0 ? String.format(" (%,.0f a record)", wire / (double) records) : "", decoded,
                records > 0 ? String.format(" (%,.0f a record)", decoded / (double) records) : "",
                wire == 0 ? 0.0 : decoded / (double) wire);
    }

    /** The figures of one line of egress, under {@code prefix}: wire and decoded bytes and the gzip ratio. */
    private static void putEgress(Map<String, Object> figures, String prefix, long wire, long decoded) {
        figures.put(prefix + "_wire_bytes", wire);
        figures.put(prefix + "_decoded_bytes", decoded);
        figures.put(prefix + "_gzip_ratio", wire == 0 ? 0.0 : decoded / (double) wire);
    }

    /**
     * The fewest calls that can fetch {@code records} records of an API: one per page of Xero's largest page size (a
     * page of 1000 with a pagination object; 100 where Xero pages by 100 and only a short page says it was the last),
     * one per report, plus one per record an API must fetch by id.
     */
    static long minimumCalls(SyncApi api, long records) {
        if (api.fetchesReports()) {
            return api.detail() || api.report() == null ? records + 1 : records;
        }
        long listing = switch (api.paging()) {
            case NONE -> 1;
            case PAGE_SIZE -> Math.max(1, (records + 999) / 1000);
            case PAGE, OFFSET -> records / 100 + 1;
        };
        return listing + (api.detail() ? records : 0);
    }

    /**
     * A fresh embedded PostgreSQL in {@code data} and the in-process sandbox with these organisations (the first of
     * this size, the others half of it), enforcing Xero's rate limits or not, answering at {@code latency}
     * ({@code sandbox.latency}); HTTP servers on free ports.
     */
    private static Map<String, String> settings(Path data, int organisations, int contacts, int invoices,
                                                boolean rateLimits, String latency) {
        Map<String, String> overrides = new HashMap<>();
        overrides.put("sandbox.latency", latency);
        overrides.put("db.embedded.data-dir", data.resolve("postgres").toString());
        overrides.put("sandbox.organisations", Integer.toString(organisations));
        overrides.put("sandbox.contacts", Integer.toString(contacts));
        overrides.put("sandbox.invoices", Integer.toString(invoices));
        overrides.put("sandbox.rate-limits", Boolean.toString(rateLimits));
        overrides.put("camel.server.port", "0");
        overrides.put("camel.management.port", "0");
        return overrides;
    }

    private static void quietLogs() {
        ch.qos.logback.classic.LoggerContext logs = (ch.qos.logback.classic.LoggerContext) org.slf4j.LoggerFactory.getILoggerFactory();
        logs.getLoggerList().stream().filter(l -> l.getLevel() != null && l.getLevel().toInt() < ch.qos.logback.classic.Level.WARN_INT)
                .forEach(l -> l.setLevel(ch.qos.logback.classic.Level.WARN));
        logs.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).setLevel(ch.qos.logback.classic.Level.WARN);
    }

    private static Map<String, Long> lastRun(XeroSyncRuntime runtime) throws SQLException {
        RunFigures.Run run = new RunFigures(runtime.dataSource()).lastRun("invoices");
        return Map.of("records", run.records(), "api_calls", run.apiCalls(), "bytes", run.bytes(),
                "decoded_bytes", run.decodedBytes());
    }

    /** The process's peak resident set (VmHWM), in kB; 0 where /proc is not there. */
    private static long peakRssKb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("\\D", ""));
                }
            }
        } catch (IOException | NumberFormatException e) {
            return 0;
        }
        return 0;
    }

    /** Samples used heap every 50 ms: the peak shows whether memory grows with the organisation. */
    private static final class MemorySampler {
        private final MemoryMXBean bean = ManagementFactory.getMemoryMXBean();
        private final AtomicLong peak = new AtomicLong();
        private volatile boolean running;
        private Thread thread;

        void start() {
            running = true;
            thread = new Thread(() -> {
                while (running) {
                    peak.accumulateAndGet(bean.getHeapMemoryUsage().getUsed(), Math::max);
                    try {
                        Thread.sleep(50);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "bench-memory");
            thread.setDaemon(true);
            thread.start();
        }

        void stop() throws InterruptedException {
            running = false;
            thread.join();
        }

        long peakHeap() {
            return peak.get();
        }
    }

    private static void deleteQuietly(Path dir) {
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temp folder left behind is harmless
        }
    }
}
