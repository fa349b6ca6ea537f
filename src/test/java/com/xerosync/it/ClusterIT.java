package com.xerosync.it;

import com.xerosync.config.XeroRateLimits;
import static org.assertj.core.api.Assertions.assertThat;

import com.xerosync.sandbox.settings.SandboxSettings;
import com.xerosync.sandbox.XeroSandbox;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Scale-out: three nodes of xero-sync, each its own process, share one PostgreSQL and one Xero (the sandbox, enforcing
 * rate limits as Xero does, scaled down) as a cluster. Every API fires every 2 seconds on whichever node
 * Quartz picks. One node is killed in the middle of syncing invoices, and Xero's data changes after. Then: no run of an
 * API for an organisation overlapped another, the killed node's work was taken over, not one call was answered 429 although
 * the nodes called the same organisations at once, and the tables equal the sandbox.
 */
class ClusterIT {

    private static final List<String> APIS = List.of("organisation", "accounts", "contacts", "invoices", "payments",
            "bank-transactions", "credit-notes", "items");
    private static final String EVERY_2_SECONDS = "0/2 * * * * ?";
    /**
     * Xero's limits scaled down, so that the nodes together would exceed them at once without the shared ledger (they
     * do: with the ledger off this test saw 62 429s): 3 in flight and 15 in a "minute" of 3 seconds.
     */
    private static final XeroRateLimits LIMITS = new XeroRateLimits(true, 3, 15, 5000, 10_000, Duration.ofSeconds(3),
            Duration.ofDays(1));

    private XeroSandbox xero;
    private EmbeddedPostgres postgres;
    private XeroSyncHarness harness;
    private final Map<String, Process> nodes = new LinkedHashMap<>();

    @AfterEach
    void stop() throws Exception {
        for (Process node : nodes.values()) {
            node.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
        if (harness != null) {
            harness.close();
        }
        if (xero != null) {
            xero.close();
        }
        if (postgres != null) {
            postgres.close();
        }
    }

    @Test
    void should_share_the_schedules_keep_xero_limits_across_nodes_and_take_over_from_a_killed_node() throws Exception {
        xero = new XeroSandbox(SandboxSettings.defaults().withContacts(200).withInvoices(3000)
                .withRateLimits(LIMITS)).start(0);
        String refreshToken = ServiceProcess.refreshToken(xero, "offline_access accounting.settings.read "
                + "accounting.contacts.read accounting.invoices.read accounting.payments.read accounting.banktransactions.read");
        Path dir = Path.of(XeroSyncHarness.newDataDir("cluster")).toAbsolutePath();
        Files.createDirectories(dir.resolve("postgres"));
        int port = freePort();
        postgres = EmbeddedPostgres.builder().setDataDirectory(dir.resolve("postgres")).setCleanDataDirectory(false)
                .setPort(port).setRegisterShutdownHook(false).start();
        String dbUrl = "jdbc:postgresql://localhost:" + port + "/postgres";
        Map<String, String> env = ServiceProcess.env(refreshToken);
        Map<String, String> overrides = overrides(dbUrl);

        // all at once on an empty database, as an orchestrator would start them: one migrates it, one stores the
        // refresh token (the others find it stored, rotated or not), one registers each API's schedule; and each
        // fires the organisations' sync at start, beside the schedule, which must not make it run twice at once
        for (String node : List.of("node-1", "node-2", "node-3")) {
            nodes.put(node, startNode(node, overrides, env, dir));
        }

        await(Duration.ofSeconds(120), () -> runsOn("node-1") > 0 && runsOn("node-2") > 0 && runsOn("node-3") > 0, "all three nodes syncing");

        // many invoices change, so the next invoices run takes several pages; the node running it is killed mid-way
        xero.injectAll("Invoices:slow=300");
        for (String tenantId : xero.tenantIds()) {
            xero.applyChanges(tenantId, "Invoices", 800);
        }
        String[] victim = new String[1];
        await(Duration.ofSeconds(60), () -> (victim[0] = runningInvoicesNode()) != null, "a node in the middle of "
                + "syncing the changed invoices");
        Process killed = nodes.remove(victim[0]);
        killed.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        Instant killedAt = Instant.now();
        // Xero's data changes after the kill: the survivors must pick it up
        for (String tenantId : xero.tenantIds()) {
            xero.applyChanges(tenantId, "Invoices", 40);
            xero.applyChanges(tenantId, "Contacts", 10);
        }
        Instant changedAt = Instant.now();

        // every API succeeds again for every organisation, on the survivors, after the change
        await(Duration.ofSeconds(180), () -> APIS.stream().allMatch(api -> succeededSince(api, changedAt)),
                "every API synced by the surviving nodes after the kill");
        harness = XeroSyncHarness.start(comparing(overrides), env);
        SandboxTables.assertEqualToSandbox(harness, xero, APIS.stream().map(api -> "xero-" + api).toList());

        // the killed node's invoices run was cut off and closed by the next run of invoices, on another node
        List<Map<String, Object>> cutOff = harness.query("SELECT api, node, finished_at FROM xero_sync.sync_run "
                + "WHERE error LIKE 'interrupted%'");
        assertThat(cutOff).extracting(r -> r.get("node")).containsOnly(victim[0]);
        assertThat(cutOff).extracting(r -> r.get("api")).contains("invoices");
        assertThat(cutOff).allSatisfy(r -> assertThat(((Timestamp) r.get("finished_at")).toInstant()).isAfter(killedAt));
        assertThat(harness.count("SELECT count(*) FROM xero_sync.sync_run WHERE api = 'invoices' AND status = 'success' "
                + "AND node <> ? AND started_at > ?", victim[0], Timestamp.from(killedAt))).isPositive();

        // exactly one node at a time ran each API for each organisation: finished runs never overlap
        assertThat(harness.query("SELECT a.api, a.tenant_id, a.node AS a_node, a.status AS a_status, a.started_at AS a_start, "
                + "a.finished_at AS a_end, b.node AS b_node, b.status AS b_status, b.started_at AS b_start, "
                + "b.finished_at AS b_end, a.error AS a_error, b.error AS b_error "
                + "FROM xero_sync.sync_run a JOIN xero_sync.sync_run b "
                + "ON a.api = b.api AND a.tenant_id = b.tenant_id AND a.run_id < b.run_id "
                + "WHERE a.finished_at IS NOT NULL AND b.finished_at IS NOT NULL "
                + "AND coalesce(a.error, '') NOT LIKE 'interrupted%' AND coalesce(b.error, '') NOT LIKE 'interrupted%' "
                + "AND a.started_at < b.finished_at AND b.started_at < a.finished_at")).as("overlapping runs").isEmpty();
        // every node ran its share
        for (String node : List.of("node-1", "node-2", "node-3")) {
            assertThat(runsOn(node)).as("runs on %s", node).isPositive();
        }

        // the nodes called the same organisations in the same minutes, yet Xero never had to answer 429
        assertThat(xero.apiCalls()).isGreaterThan(300);
        assertThat(xero.rateLimitedCalls()).as("calls answered 429").isZero();
        long sharedWindows = harness.count("SELECT count(*) FROM (SELECT tenant_id, floor(extract(epoch FROM started_at) / 3) "
                + "FROM xero_sync.call_ledger GROUP BY 1, 2 HAVING count(DISTINCT node) > 1) shared");
        assertThat(sharedWindows).as("3-second windows in which two nodes called one organisation").isPositive();
        System.out.printf("cluster test: %d calls, %d runs (%s), killed %s, 0 429s%n", xero.apiCalls(),
                harness.count("SELECT count(*) FROM xero_sync.sync_run"), harness.query("SELECT node, count(*) AS runs "
                        + "FROM xero_sync.sync_run GROUP BY node ORDER BY node"), victim[0]);
    }

    private Map<String, String> overrides(String dbUrl) throws Exception {
        Map<String, String> overrides = new HashMap<>();
        overrides.put("db.url", dbUrl);
        overrides.put("db.user", "postgres");
        overrides.put("cluster.enabled", "true");
        // found dead 2 + 7.5 s after its last check-in: quick, yet no busy node is taken for dead
        overrides.put("cluster.checkin-interval", "PT2S");
        overrides.put("xero.limits.minute", "PT" + LIMITS.minute().toSeconds() + "S");
        overrides.put("xero.limits.concurrent", Integer.toString(LIMITS.concurrent()));
        overrides.put("xero.limits.per-minute", Integer.toString(LIMITS.perMinute()));
        overrides.put("xero.retry.initial-delay-ms", "10");
        overrides.put("sync.page-size", "100");
        overrides.put("camel.management.port", "0");
        overrides.put("camel.server.port", "0");
        ServiceProcess.talkTo(xero, overrides);
        ServiceProcess.onlyApis(overrides, APIS, EVERY_2_SECONDS);
        return overrides;
    }

    /** The checking service: the same database, not part of the cluster, its schedules never firing. */
    private static Map<String, String> comparing(Map<String, String> overrides) {
        Map<String, String> comparing = new HashMap<>(overrides);
        comparing.remove("camel.management.port");
        comparing.remove("camel.server.port");
        return comparing;
    }

    private static Process startNode(String name, Map<String, String> overrides, Map<String, String> env, Path dir)
            throws Exception {
        Map<String, String> node = new HashMap<>(overrides);
        node.put("cluster.node-name", name);
        return ServiceProcess.start(node, env, dir.resolve(name + ".log"), "384m");
    }

    private long runsOn(String node) {
        return count("SELECT count(*) FROM xero_sync.sync_run WHERE node = '" + node + "'");
    }

    /** The node running invoices a few pages in, or null. */
    private String runningInvoicesNode() {
        return string("SELECT node FROM xero_sync.sync_run WHERE api = 'invoices' AND status = 'running' AND pages >= 2 "
                + "ORDER BY run_id DESC LIMIT 1");
    }

    private boolean succeededSince(String api, Instant since) {
        return count("SELECT count(DISTINCT tenant_id) FROM xero_sync.sync_run WHERE api = '" + api + "' AND status = "
                + "'success' AND started_at > '" + since + "'") == xero.tenantIds().size();
    }

    private long count(String sql) {
        String value = string(sql);
        return value == null ? 0 : Long.parseLong(value);
    }

    /** One value, read straight from the shared database (null before the nodes created the tables). */
    private String string(String sql) {
        try (java.sql.Connection c = postgres.getPostgresDatabase().getConnection();
             java.sql.ResultSet rs = c.createStatement().executeQuery(sql)) {
            return rs.next() ? rs.getString(1) : null;
        } catch (java.sql.SQLException e) {
            return null;
        }
    }

    private void await(Duration timeout, BooleanSupplier condition, String what) {
        // every node must stay up while waiting: one that died fails at once, naming its log
        org.awaitility.Awaitility.await(what).atMost(timeout).pollInterval(Duration.ofMillis(200)).until(() -> {
            for (Map.Entry<String, Process> node : nodes.entrySet()) {
                assertThat(node.getValue().isAlive()).as("%s is running (see its log in target/it-data)", node.getKey())
                        .isTrue();
            }
            return condition.getAsBoolean();
        });
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
