package com.xerosync;

import com.xerosync.config.XeroSyncSettings;
import com.xerosync.sandbox.EmbeddedSandbox;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** The command line: run on schedule, run once, or serve the sandbox alone. */
public final class XeroSyncApplication {

    static final String USAGE = """
            xero-sync: keeps every connected Xero organisation mirrored in PostgreSQL.

            Usage:
              java -jar target/xero-sync.jar            run every API on its schedule until stopped (Ctrl-C)
              java -jar target/xero-sync.jar --once     run every enabled API once for every organisation, print a
                                                        summary table, exit 0 unless an API failed (throttled by
                                                        the day limit, or skipped, is not failed)
              java -jar target/xero-sync.jar sandbox [--port N] [--seed N] [--organisations N] [--contacts N] [--invoices N]
                                                     [--activity-seconds N] [--plan NAME] [--rate-limits]
                                                     [--rate-limit-minute N] [--rate-limit-day N] [--fault SPEC]...
                                                     [--app-created DATE] [--today DATE] [--app-name NAME]
                                                        serve the built-in offline Xero sandbox alone (default port 8090),
                                                        for developing routes against it; --plan sets the app's Xero
                                                        plan (advanced), --rate-limits enforces Xero's minute limits
                                                        (429), --fault injects faults, e.g. Invoices:503:10%;
                                                        --app-created 2025-06-01 offers the broad scopes too
              java -jar target/xero-sync.jar connect    print the Xero address to open, wait until Xero sends you back
                                                        (connects without the admin page's browser session)
              java -jar target/xero-sync.jar status     connections, organisations and failing APIs, from the database
              java -jar target/xero-sync.jar disconnect <tenant id or name> [--purge]
                                                        disconnect an organisation at Xero and here (--purge: delete its data)
              java -jar target/xero-sync.jar bench [--invoices N]
                                                        measure throughput (beside COPY), API calls and memory against
                                                        the sandbox and a fresh embedded PostgreSQL (bench --help)
              java -jar target/xero-sync.jar --help     this text

            The admin page (connect, permissions, each organisation's sync, disconnect) is at
            http://localhost:8080/admin while xero-sync runs (camel.server.port; ADMIN_PASSWORD protects it).

            Configuration: application.properties in the working directory (every key is commented there).
            Any key can be overridden with -Dkey=value or an environment variable (db.url -> DB_URL).
            Secrets come from the environment only: XERO_CLIENT_SECRET, XERO_REFRESH_TOKEN, DB_PASSWORD and
            XERO_SYNC_TOKEN_KEY (tokens are stored encrypted with it: openssl rand -base64 32).
            Without db.url an embedded PostgreSQL keeps its data in db.embedded.data-dir (default data/postgres);
            without xero.client-id the built-in sandbox is synced instead of Xero.
            """;

    /**
     * A run that ends by itself (--once, disconnect) serves no admin page worth a fixed port: its HTTP servers take any
     * free port, so it runs beside a scheduled xero-sync on the same machine.
     */
    private static final Map<String, String> ANY_FREE_PORTS = Map.of("camel.server.port", "0", "camel.management.port", "0");

    private XeroSyncApplication() {
    }

    public static void main(String[] args) throws Exception {
        System.exit(run(args, System.out));
    }

    /** Runs a command; returns the process's exit code. */
    static int run(String[] args, PrintStream out) throws Exception {
        if (args.length > 0 && args[0].equals("sandbox")) {
            EmbeddedSandbox.runStandalone(Arrays.copyOfRange(args, 1, args.length));
            return 0;
        }
        if (args.length > 0 && args[0].equals("bench")) {
            return Benchmark.run(new ArrayList<>(List.of(args).subList(1, args.length)), out, true);
        }
        if (args.length > 0 && List.of("connect", "status", "disconnect").contains(args[0])) {
            // connect serves the callback on the configured port; the others must not collide with a running service
            XeroSyncSettings settings = XeroSyncSettings.load(args[0].equals("connect") ? Map.of() : ANY_FREE_PORTS);
            try {
                return switch (args[0]) {
                    case "connect" -> AdminCommands.connect(settings, out);
                    case "status" -> AdminCommands.status(settings, out);
                    default -> AdminCommands.disconnect(settings, new ArrayList<>(List.of(args).subList(1, args.length)), out);
                };
            } catch (Exception e) {
                out.println("xero-sync " + args[0] + " failed: " + e.getMessage());
                org.slf4j.LoggerFactory.getLogger(XeroSyncApplication.class).error("{} failed", args[0], e);
                return 1;
            }
        }
        boolean once = false;
        for (String arg : args) {
            switch (arg) {
                case "--help", "-h", "help" -> {
                    out.print(USAGE);
                    return 0;
                }
                case "--once" -> once = true;
                default -> {
                    System.err.println("Unknown argument: " + arg + "\n");
                    System.err.print(USAGE);
                    return 2;
                }
            }
        }
        return once ? runOnce() : runScheduled();
    }

    private static int runScheduled() throws Exception {
        XeroSyncRuntime runtime = start(true);
        if (runtime == null) {
            return 1;
        }
        // learn the organisations (and their countries) now rather than at their first scheduled run
        // (in a cluster on whichever node, unless another node is syncing them already)
        if (runtime.syncRoutes().contains(XeroSyncRuntime.ORGANISATION_ROUTE)) {
            if (runtime.clustered()) {
                runtime.fireNow(List.of(XeroSyncRuntime.ORGANISATION_ROUTE));
            } else {
                runtime.runNow(List.of(XeroSyncRuntime.ORGANISATION_ROUTE), Duration.ofMinutes(5));
            }
        }
        runtime.awaitShutdown();
        return 0;
    }

    private static int runOnce() throws Exception {
        XeroSyncRuntime runtime = start(false);
        if (runtime == null) {
            return 1;
        }
        try {
            OnceSummary summary = OnceSummary.since(runtime.dataSource());
            boolean finished = runtime.runAll(Duration.ofSeconds(runtime.settings().getLong("sync.once-timeout", 3600)));
            boolean ok = summary.print(System.out, runtime.syncRoutes());
            if (!finished) {
                System.out.println("Timed out waiting for every API to finish (sync.once-timeout).");
            }
            return ok && finished ? 0 : 1;
        } finally {
            runtime.close();
        }
    }

    /** Starts the runtime with a shutdown hook that stops it in order; null (after saying why) when it cannot start. */
    private static XeroSyncRuntime start(boolean scheduled) {
        try {
            XeroSyncRuntime runtime = XeroSyncRuntime.start(XeroSyncSettings.load(scheduled ? Map.of() : ANY_FREE_PORTS),
                    scheduled);
            Runtime.getRuntime().addShutdownHook(new Thread(runtime::close, "xero-sync-shutdown"));
            return runtime;
        } catch (Exception e) {
            System.err.println("xero-sync could not start: " + e.getMessage());
            org.slf4j.LoggerFactory.getLogger(XeroSyncApplication.class).error("Start-up failed", e);
            return null;
        }
    }
}
