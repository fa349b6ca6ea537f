package com.xerosync.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * PostgreSQL going away in the middle of a sync: the run fails cleanly, the failure is recorded once the database is
 * back, nothing is half-written, and the next run completes the tables from the last stored page.
 */
class DatabaseOutageIT {

    private XeroSyncHarness harness;
    private EmbeddedPostgres postgres;

    @AfterEach
    void stop() throws IOException {
        if (harness != null) {
            harness.close();
        }
        if (postgres != null) {
            postgres.close();
        }
    }

    @Test
    void should_fail_the_run_cleanly_when_postgresql_stops_mid_sync_and_lose_nothing() throws Exception {
        Path dataDir = Path.of(XeroSyncHarness.newDataDir("outage"), "postgres");
        int port = freePort();
        Map<String, String> overrides = onOwnPostgres(dataDir, port);
        // each page of invoices answers late, so the sync is still going when the database stops
        overrides.put("sandbox.faults", "Invoices:slow=200");
        harness = XeroSyncHarness.start(overrides);
        harness.sync(List.of("xero-organisation"));
        // the organisations sync side by side: the database goes away under the first while it is half synced
        String first = (String) harness.query("SELECT tenant_id FROM xero_sync.tenants ORDER BY tenant_name, tenant_id "
                + "LIMIT 1").get(0).get("tenant_id");

        CompletableFuture<Void> sync = CompletableFuture.runAsync(() -> {
            try {
                harness.sync(List.of("xero-invoices"));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        // pages stored before the outage
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(20))
                .until(() -> invoicesStored(port, first) >= 300);
        postgres.close();
        postgres = null;
        sync.get(2, TimeUnit.MINUTES);
        postgres = postgres(dataDir, port);
        // the pool opens its connections again once PostgreSQL accepts them (a loaded machine takes a moment)
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).ignoreExceptions()
                .until(() -> harness.count("SELECT 1") == 1);

        // half a sync stored, each page whole with its lines, and the cursor not past what was stored
        assertThat(harness.count("SELECT count(*) FROM xero.invoices WHERE tenant_id = ?", first))
                .isBetween(300L, harness.sandbox().records(first, "Invoices").count() - 1);
        assertThat(harness.count("SELECT count(*) FROM xero_sync.sync_cursors c WHERE c.tenant_id = ? AND c.api = 'invoices' "
                + "AND c.modified_since = (SELECT max(updated_date_utc) FROM xero.invoices i WHERE i.tenant_id = c.tenant_id)",
                first)).isOne();
        assertThat(harness.count("SELECT count(*) FROM xero.invoice_line_items l JOIN xero.invoices i "
                + "USING (tenant_id, invoice_id) WHERE i.tenant_id = ?", first))
                .isEqualTo(harness.count("SELECT coalesce(sum(jsonb_array_length(raw->'LineItems')), 0) FROM xero.invoices "
                        + "WHERE tenant_id = ?", first));

        harness.sync(List.of("xero-invoices"));

        List<Map<String, Object>> runs = harness.query("SELECT status, error FROM xero_sync.sync_run "
                + "WHERE api = 'invoices' AND tenant_id = ? ORDER BY run_id", first);
        assertThat(runs).extracting(r -> r.get("status")).containsExactly("failed", "success");
        // the failure was recorded when the database came back, with its cause
        List<Map<String, Object>> failures = harness.query("SELECT api, message FROM xero_sync.sync_failure");
        assertThat(failures).isNotEmpty();
        assertThat(failures).allSatisfy(f -> assertThat(f.get("api")).isEqualTo("invoices"));
        assertThat((String) runs.get(0).get("error")).contains("database is unavailable", "resumes from the last stored page");
        SandboxTables.assertEqualToSandbox(harness, List.of("xero-invoices"));
    }

    @Test
    void should_keep_the_failures_of_an_outage_across_a_restart_before_the_database_is_back() throws Exception {
        Path dataDir = Path.of(XeroSyncHarness.newDataDir("outage-restart"), "postgres");
        int port = freePort();
        Map<String, String> overrides = onOwnPostgres(dataDir, port);
        harness = XeroSyncHarness.start(overrides);
        harness.sync(List.of("xero-organisation"));
        postgres.close();
        postgres = null;

        // the database is gone: every organisation's run fails, and nothing can record it
        harness.sync(List.of("xero-invoices"));
        harness.close();
        Path spool = Path.of(dataDir.getParent() + ".unrecorded-failures.jsonl");
        assertThat(spool).exists();
        List<String> kept = Files.readAllLines(spool);
        assertThat(kept).isNotEmpty()
                .allSatisfy(line -> assertThat(line).contains("\"api\":\"invoices\"", "database is unavailable"));
        java.time.Instant failedBefore = java.time.Instant.now();

        postgres = postgres(dataDir, port);
        harness.restart();
        harness.sync(List.of("xero-invoices"));

        List<Map<String, Object>> failures = harness.query("SELECT api, message, occurred_at FROM xero_sync.sync_failure");
        assertThat(failures).hasSize(kept.size()).allSatisfy(f -> {
            assertThat(f.get("api")).isEqualTo("invoices");
            assertThat((String) f.get("message")).contains("database is unavailable");
            assertThat(((java.sql.Timestamp) f.get("occurred_at")).toInstant()).as("when it happened").isBefore(failedBefore);
        });
        assertThat(spool).doesNotExist();
        SandboxTables.assertEqualToSandbox(harness, List.of("xero-invoices"));
    }

    /** Starts a PostgreSQL of the test's own, which it can stop, and the settings pointing the service at it. */
    private Map<String, String> onOwnPostgres(Path dataDir, int port) throws IOException {
        Files.createDirectories(dataDir);
        postgres = postgres(dataDir, port);
        Map<String, String> overrides = XeroSyncHarness.smallSandbox(dataDir.getParent().toString());
        overrides.put("db.url", "jdbc:postgresql://localhost:" + port + "/postgres");
        overrides.put("db.user", "postgres");
        overrides.put("db.connect-timeout-ms", "1500");
        return overrides;
    }

    private static long invoicesStored(int port, String tenantId) {
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://localhost:" + port + "/postgres", "postgres", "");
             java.sql.PreparedStatement s = c.prepareStatement("SELECT count(*) FROM xero.invoices WHERE tenant_id = ?")) {
            s.setString(1, tenantId);
            ResultSet rs = s.executeQuery();
            rs.next();
            return rs.getLong(1);
        } catch (java.sql.SQLException e) {
            return 0;
        }
    }

    private static EmbeddedPostgres postgres(Path dataDir, int port) throws IOException {
        return EmbeddedPostgres.builder().setDataDirectory(dataDir).setCleanDataDirectory(false).setPort(port)
                .setRegisterShutdownHook(false).start();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
