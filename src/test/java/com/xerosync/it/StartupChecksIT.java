package com.xerosync.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.xerosync.config.XeroSyncSettings;
import com.xerosync.store.Database;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/**
 * Operator mistakes stop the start, naming what to change, before anything is started or touched: a misspelt key, a
 * port another program holds, and starting without xero.client-id on a database that holds a real Xero connection.
 */
class StartupChecksIT {

    @Test
    void should_stop_the_start_on_a_misspelt_key_before_the_database_is_created() {
        String dataDir = XeroSyncHarness.newDataDir("typo");
        Map<String, String> overrides = XeroSyncHarness.smallSandbox(dataDir);
        overrides.put("xero.clientid", "ABC123");

        assertThatThrownBy(() -> XeroSyncHarness.start(overrides))
                .hasMessageContaining("'xero.clientid' is not a key of xero-sync: did you mean 'xero.client-id'?");
        assertThat(Path.of(dataDir)).doesNotExist();
    }

    @Test
    void should_stop_the_start_when_the_admin_port_is_held_by_another_program() throws Exception {
        String dataDir = XeroSyncHarness.newDataDir("port-held");
        try (ServerSocket other = new ServerSocket()) {
            other.bind(new InetSocketAddress("127.0.0.1", 0));
            Map<String, String> overrides = XeroSyncHarness.smallSandbox(dataDir);
            overrides.put("camel.server.port", Integer.toString(other.getLocalPort()));

            assertThatThrownBy(() -> XeroSyncHarness.start(overrides))
                    .hasMessageContaining("camel.server.port " + other.getLocalPort() + " on 127.0.0.1 cannot be bound "
                            + "for the admin page").hasMessageContaining("set camel.server.port (CAMEL_SERVER_PORT)");
        }
        assertThat(Path.of(dataDir)).doesNotExist();
    }

    @Test
    void should_refuse_the_sandbox_on_a_database_holding_a_real_connection() throws Exception {
        String dataDir = XeroSyncHarness.newDataDir("real-db");
        Map<String, String> overrides = XeroSyncHarness.smallSandbox(dataDir);
        try (XeroSyncHarness harness = XeroSyncHarness.start(overrides)) {
            // what a real connection leaves: its grant, still valid, and its organisation
            harness.query("INSERT INTO xero_sync.connections (connection_id, auth_mode, status, access_expires_at) "
                    + "VALUES ('real', 'refresh_token', 'active', now() + interval '20 minutes') RETURNING connection_id");
            harness.query("UPDATE xero_sync.tenants SET connection_id = 'real' RETURNING tenant_id");
        }
        long runsBefore = count(dataDir, "SELECT count(*) FROM xero_sync.sync_run");

        assertThatThrownBy(() -> XeroSyncHarness.start(overrides))
                .hasMessageContaining("No xero.client-id is set, so the built-in sandbox would run, but this database "
                        + "holds 1 connection(s) to a real Xero").hasMessageContaining("Set xero.client-id (XERO_CLIENT_ID)");

        assertThat(count(dataDir, "SELECT count(*) FROM xero_sync.connections WHERE connection_id = 'real' "
                + "AND status = 'active'")).as("the real connection is not marked for re-authorisation").isEqualTo(1);
        assertThat(count(dataDir, "SELECT count(*) FROM xero_sync.tenants WHERE connection_id <> 'real'")).isZero();
        assertThat(count(dataDir, "SELECT count(*) FROM xero_sync.sync_run")).isEqualTo(runsBefore);
    }

    private static long count(String dataDir, String sql) throws Exception {
        Properties file = new Properties();
        file.load(Files.newBufferedReader(Path.of("application.properties")));
        try (Database database = Database.start(XeroSyncSettings.of(file, Map.of(), new Properties(),
                Map.of("db.embedded.data-dir", dataDir)));
             Connection c = database.dataSource().getConnection(); ResultSet rs = c.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
