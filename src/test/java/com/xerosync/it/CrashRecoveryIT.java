package com.xerosync.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.xerosync.sandbox.SandboxSettings;
import com.xerosync.sandbox.XeroSandbox;
import com.xerosync.sync.SyncApi;
import com.xerosync.sync.SyncApis;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The crash test: the service, as its own process against a Xero (the sandbox) with a real refresh-token connection,
 * is killed with SIGKILL at random moments (its PostgreSQL too, as a machine losing power would), restarted, killed
 * again, and finally left to finish. The tables must then equal the source: nothing lost, nothing duplicated, and no
 * re-authorisation needed. Trials: {@code -Dcrash.trials=N} (default 8); the figures are printed.
 */
class CrashRecoveryIT {

    private static final List<String> APIS = List.of("organisation", "accounts", "contacts", "invoices", "payments",
            "bank-transactions", "journals");

    private XeroSandbox xero;
    private XeroSyncHarness harness;

    @AfterEach
    void stop() {
        if (harness != null) {
            harness.close();
        }
        if (xero != null) {
            xero.close();
        }
    }

    @Test
    void should_end_equal_to_the_source_after_kills_at_random_moments() throws Exception {
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

        Random random = new Random(Long.getLong("crash.seed", 7));
        int killed = 0;
        for (int trial = 1; trial <= trials; trial++) {
            Process process = start(overrides, env, dataDir.resolveSibling(dataDir.getFileName() + "-" + trial + ".log"));
            long wait = 1500 + random.nextInt(6000);
            if (!process.waitFor(wait, TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor();
                killed++;
            }
            killPostgres(dataDir);
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
        System.out.printf("crash test: %d trials (%d killed mid-run), %d records compared, %d lost, %d duplicated, "
                + "%d re-authorisations needed%n", trials, killed, compared, lost, duplicated, reauthorisations);
        assertThat(killed).isPositive();
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
        // only the APIs under test run, so each trial gets far into them
        ServiceProcess.onlyApis(overrides, APIS, null);
        return overrides;
    }

    private static Process start(Map<String, String> overrides, Map<String, String> env, Path log) throws Exception {
        return ServiceProcess.start(overrides, env, log, "512m", "--once");
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
