package com.xerosync.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.xerosync.sandbox.settings.SandboxSettings;
import com.xerosync.sandbox.XeroSandbox;
import com.xerosync.sync.SyncApi;
import com.xerosync.sync.SyncApis;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The crash test: the service, as its own process against a Xero (the sandbox) with a real refresh-token connection,
 * is killed with SIGKILL (its PostgreSQL and initdb too, as a machine losing power would), restarted, killed again, and
 * finally left to finish. The tables must then equal the source: nothing lost, nothing duplicated, and no
 * re-authorisation needed. Each kill comes at a moment of the service's progress, never of the clock, so a slow or
 * busy machine tests the same thing as a fast one: during the first start while the database is being created (initdb
 * writing files, building the databases, PostgreSQL's first run in it), during a token refresh (Xero has rotated the
 * refresh token, its answer not yet delivered), and after a random number of committed pages (each logged once
 * committed). Trials: {@code -Dcrash.trials=N} (default 8), {@code -Dcrash.seed}; the figures are printed.
 */
class CrashRecoveryIT {

    private static final List<String> APIS = List.of("organisation", "accounts", "contacts", "invoices", "payments",
            "bank-transactions", "journals");

    private static final Pattern PAGE_STORED = Pattern.compile(" · page \\d+: \\d+ records stored");

    private XeroSandbox xero;
    private TokenEndpointRelay relay;
    private XeroSyncHarness harness;

    @AfterEach
    void stop() {
        if (harness != null) {
            harness.close();
        }
        if (relay != null) {
            relay.close();
        }
        if (xero != null) {
            xero.close();
        }
    }

    @Test
    void should_end_equal_to_the_source_after_kills_at_every_kind_of_moment() throws Exception {
        int trials = Integer.getInteger("crash.trials", 8);
        xero = new XeroSandbox(SandboxSettings.defaults().withContacts(400).withInvoices(4000)).start(0);
        String refreshToken = ServiceProcess.refreshToken(xero, "offline_access accounting.settings.read "
                + "accounting.contacts.read accounting.invoices.read accounting.payments.read accounting.banktransactions.read "
                + "accounting.journals.read");
        Path dataDir = Path.of(XeroSyncHarness.newDataDir("crash")).toAbsolutePath();
        Files.createDirectories(dataDir.getParent());
        Map<String, String> overrides = overrides(dataDir);
        ServiceProcess.talkTo(xero, overrides);
        Map<String, String> env = ServiceProcess.env(refreshToken);

        TokenEndpointRelay relay = new TokenEndpointRelay(xero.baseUrl());
        this.relay = relay;
        // the service reaches Xero's token endpoint through the relay, which can hold a refresh's answer
        overrides.put("xero.identity-url", relay.baseUrl());

        long started = System.nanoTime();
        Random random = new Random(Long.getLong("crash.seed", 7));
        List<CreationStep> steps = new ArrayList<>(List.of(CreationStep.values()));
        Collections.shuffle(steps, random);
        int creationTrials = Math.min(CreationStep.values().length, Math.max(1, (trials + 1) / 3));
        Map<String, Integer> killedAt = new TreeMap<>();
        Map<Moment, Integer> killedBy = new EnumMap<>(Moment.class);
        List<Integer> pagesBeforeKills = new ArrayList<>();
        int killed = 0;
        for (int trial = 1; trial <= trials; trial++) {
            Path log = dataDir.resolveSibling(dataDir.getFileName() + "-" + trial + ".log");
            Moment moment = trial <= creationTrials ? Moment.CREATING_THE_DATABASE
                    : (trial - creationTrials) % 3 == 2 ? Moment.REFRESHING_THE_TOKEN : Moment.AFTER_COMMITTED_PAGES;
            Process process = start(overrides, env, log);
            String where = switch (moment) {
                case CREATING_THE_DATABASE -> {
                    CreationStep step = steps.get(trial - 1);
                    if (!reached(process, () -> step.reached(dataDir, process))) {
                        yield null;
                    }
                    powerCut(process, dataDir);
                    // the step may have been seen late, after the folder was already in place
                    yield Files.exists(dataDir) ? "after creating the database, before syncing" : step.description;
                }
                case REFRESHING_THE_TOKEN -> {
                    int pages = 1 + random.nextInt(4);
                    if (!reached(process, () -> pagesStored(log) >= pages)) {
                        yield null;
                    }
                    TokenEndpointRelay.Hold hold = relay.holdNextRefresh();
                    // every access token Xero issued so far is refused from now on: the service must refresh
                    xero.expireAccessTokens();
                    boolean refreshed = reached(process, () -> hold.answered().isDone());
                    if (refreshed) {
                        assertThat(hold.answered().join()).as("Xero's answer to the held refresh").isEqualTo(200);
                        powerCut(process, dataDir);
                    }
                    relay.release(hold);
                    yield refreshed ? "during a token refresh (Xero rotated the token, its answer never arrived)"
                            : null;
                }
                case AFTER_COMMITTED_PAGES -> {
                    int pages = 1 + random.nextInt(40);
                    if (!reached(process, () -> pagesStored(log) >= pages)) {
                        yield null;
                    }
                    powerCut(process, dataDir);
                    pagesBeforeKills.add(pagesStored(log));
                    yield "after committed pages";
                }
            };
            if (where == null) {
                // it finished before the moment came: nothing to kill, the folder is as a clean stop leaves it
                process.waitFor();
                killPostgres(dataDir);
            } else {
                killed++;
                killedBy.merge(moment, 1, Integer::sum);
                killedAt.merge(where, 1, Integer::sum);
            }
        }
        Process last = start(overrides, env, dataDir.resolveSibling(dataDir.getFileName() + "-last.log"));
        assertThat(last.waitFor(5, TimeUnit.MINUTES)).isTrue();
        killPostgres(dataDir);
        assertThat(last.exitValue()).as("the last run, left to finish").isZero();

        // verify in this JVM, on the same database, through the same routes
        harness = XeroSyncHarness.start(overrides, env);
        SyncApis apis = new SyncApis();
        long compared = 0;
        long lost = 0;
        long duplicated = 0;
        for (String name : APIS) {
            SyncApi api = apis.of(harness.runtime().camelContext(), "xero-" + name);
            String idColumn = name.equals("journals") ? "journal_id" : harness.query("SELECT column_name FROM "
                    + "information_schema.key_column_usage WHERE table_schema = 'xero' AND table_name = ? "
                    + "AND column_name <> 'tenant_id'", api.table()).get(0).get("column_name").toString();
            for (String tenantId : xero.tenantIds()) {
                Map<String, JsonNode> stored = harness.rawById(api.table(), idColumn, tenantId);
                List<JsonNode> source = new ArrayList<>(xero.records(tenantId, api.collection()).toList());
                for (JsonNode record : source) {
                    JsonNode copy = stored.get(record.get(api.idField()).asText());
                    compared++;
                    if (copy == null || !copy.equals(XeroSyncHarness.JSON.readTree(record.toString()))) {
                        lost++;
                    }
                }
                duplicated += stored.size() - source.size() > 0 ? stored.size() - source.size() : 0;
            }
        }
        long reauthorisations = harness.count("SELECT count(*) FROM xero_sync.connections WHERE status <> 'active'");
        String pages = pagesBeforeKills.isEmpty() ? "" : " (" + Collections.min(pagesBeforeKills) + "–"
                + Collections.max(pagesBeforeKills) + " pages)";
        System.out.printf("crash test: %d trials (%d killed mid-run), %d records compared, %d lost, %d duplicated, "
                + "%d re-authorisations needed; killed: %s; %d s%n", trials, killed, compared, lost, duplicated,
                reauthorisations, killedAt.entrySet().stream().map(e -> e.getValue() + " " + e.getKey()
                        + (e.getKey().equals("after committed pages") ? pages : "")).collect(Collectors.joining(", ")),
                TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started));
        // the first start always creates the database and the token is made to expire: those moments always come
        assertThat(killedBy.getOrDefault(Moment.CREATING_THE_DATABASE, 0)).as("killed during the first start")
                .isEqualTo(creationTrials);
        if (trials >= creationTrials + 2) {
            assertThat(killedBy.getOrDefault(Moment.REFRESHING_THE_TOKEN, 0)).as("killed during a token refresh")
                    .isPositive();
        }
        if (trials > creationTrials) {
            assertThat(killedBy.getOrDefault(Moment.AFTER_COMMITTED_PAGES, 0)).as("killed after committed pages")
                    .isPositive();
        }
        assertThat(lost).isZero();
        assertThat(duplicated).isZero();
        assertThat(reauthorisations).isZero();
    }

    private static Map<String, String> overrides(Path dataDir) throws Exception {
        Map<String, String> overrides = new HashMap<>();
        overrides.put("db.embedded.data-dir", dataDir.toString());
        overrides.put("sync.page-size", "100");
        // free ports per process (each trial's process and the checking harness)
        overrides.put("camel.management.port", "0");
        overrides.put("camel.server.port", "0");
        overrides.put("xero.retry.initial-delay-ms", "10");
        // this sandbox enforces no rate limits; keeping to Xero's 60 calls a minute would only make each run minutes
        // long (RateLimitsIT tests the limits)
        overrides.put("xero.limits.enabled", "false");
        // only the APIs under test run, so each trial gets far into them
        ServiceProcess.onlyApis(overrides, APIS, null);
        return overrides;
    }

    private static Process start(Map<String, String> overrides, Map<String, String> env, Path log) throws Exception {
        Map<String, String> asDeployed = new HashMap<>(overrides);
        // the service's own logging, not the tests' (which leaves out the line each committed page logs)
        asDeployed.put("logback.configurationFile", Path.of("src/main/resources/logback.xml").toAbsolutePath()
                .toString());
        Map<String, String> quickToStart = new HashMap<>(env);
        // each trial is a fresh JVM that lives seconds: C1 alone and one GC thread start it sooner on a small machine
        quickToStart.put("JAVA_TOOL_OPTIONS", "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC");
        return ServiceProcess.start(asDeployed, quickToStart, log, "512m", "--once");
    }

    /** Where a trial kills the service: moments of its progress, not of the clock, so any machine reaches them. */
    enum Moment {
        CREATING_THE_DATABASE, REFRESHING_THE_TOKEN, AFTER_COMMITTED_PAGES
    }

    /** The steps of the first start's creation of the database, each seen in the scratch folder it happens in. */
    enum CreationStep {
        INITDB_WRITING_FILES("PG_VERSION", "while initdb wrote the files"),
        INITDB_BUILDING_TEMPLATE1("global/pg_control", "while initdb built the databases"),
        CHECKING_THE_NEW_DATABASE("postmaster.pid", "while PostgreSQL first ran in the new database");

        private final String file;
        private final String description;

        CreationStep(String file, String description) {
            this.file = file;
            this.description = description;
        }

        /**
         * The step has begun in the scratch folder the process creates beside the data folder (named after its
         * process number; an earlier trial's is still there until this start removes it), or the creation is over.
         */
        boolean reached(Path dataDir, Process process) {
            return Files.exists(dataDir) || Files.exists(dataDir.resolveSibling(dataDir.getFileName() + ".init-"
                    + process.pid()).resolve(file));
        }
    }

    /** Waits until the moment has come (true) or the process has ended first (false). */
    private static boolean reached(Process process, BooleanSupplier moment) {
        await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(5)).pollDelay(Duration.ZERO)
                .until(() -> moment.getAsBoolean() || !process.isAlive());
        return moment.getAsBoolean() && process.isAlive();
    }

    /** Pages the process has committed: it logs each once its transaction has committed. */
    private static int pagesStored(Path log) {
        try (Stream<String> lines = Files.lines(log, StandardCharsets.UTF_8)) {
            return (int) lines.filter(l -> PAGE_STORED.matcher(l).find()).count();
        } catch (IOException | UncheckedIOException e) {
            return 0;
        }
    }

    /**
     * SIGKILL to the service, everything it started (initdb, pg_ctl) and its PostgreSQL (which pg_ctl daemonised, so
     * it is found by its data folder) with their children, all at once, as a machine losing power stops them.
     */
    private static void powerCut(Process process, Path dataDir) throws Exception {
        List<ProcessHandle> killed = new ArrayList<>();
        killed.add(process.toHandle());
        process.descendants().forEach(killed::add);
        killed.forEach(ProcessHandle::destroyForcibly);
        List<ProcessHandle> postgres = new ArrayList<>();
        ProcessHandle.allProcesses().filter(p -> p.info().commandLine().map(c -> c.contains(dataDir.toString()))
                .orElse(false)).forEach(p -> {
                    postgres.add(p);
                    p.descendants().forEach(postgres::add);
                });
        postgres.forEach(ProcessHandle::destroyForcibly);
        killed.addAll(postgres);
        for (ProcessHandle p : killed) {
            p.onExit().get(30, TimeUnit.SECONDS);
        }
    }

    /** The embedded PostgreSQL outlives a killed JVM (pg_ctl daemonises): kill it too, as a power cut would. */
    private static void killPostgres(Path dataDir) throws Exception {
        List<ProcessHandle> postgres = ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().map(c -> c.contains(dataDir.toString())).orElse(false))
                .toList();
        for (ProcessHandle process : postgres) {
            process.destroyForcibly();
        }
        for (ProcessHandle process : postgres) {
            process.onExit().get(30, TimeUnit.SECONDS);
        }
    }
}
