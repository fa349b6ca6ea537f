package com.xerosync.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.xerosync.XeroSyncRuntime;
import com.xerosync.config.XeroSyncSettings;
import com.xerosync.sandbox.XeroSandbox;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * Runs the real service for a test: the routes from {@code routes/}, the in-process sandbox over real HTTP and an
 * embedded PostgreSQL in its own data folder, with the schedules switched off so tests fire the routes themselves.
 */
public final class XeroSyncHarness implements AutoCloseable {

    public static final List<String> SKELETON_ROUTES = List.of("xero-accounts", "xero-contacts", "xero-invoices",
            "xero-organisation");
    public static final ObjectMapper JSON = new ObjectMapper().setNodeFactory(JsonNodeFactory.withExactBigDecimals(true))
            .enable(com.fasterxml.jackson.databind.DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    private final Map<String, String> overrides;
    private final Map<String, String> env;
    private XeroSyncRuntime runtime;
    private int managementPort;
    private int serverPort;

    private XeroSyncHarness(Map<String, String> overrides, Map<String, String> env) {
        this.overrides = overrides;
        this.env = env;
    }

    /** Small sandbox organisations and small pages, so that every API pages several times quickly. */
    public static Map<String, String> smallSandbox(String dataDir) {
        Map<String, String> overrides = new HashMap<>();
        overrides.put("db.embedded.data-dir", dataDir);
        overrides.put("sandbox.organisations", "2");
        overrides.put("sandbox.contacts", "240");
        overrides.put("sandbox.invoices", "1100");
        overrides.put("sync.page-size", "100");
        // failed calls are repeated after 10 ms, 20 ms, … rather than seconds
        overrides.put("xero.retry.initial-delay-ms", "10");
        return overrides;
    }

    /** A fixed token key for tests (tokens are encrypted at rest): 32 bytes, base64. */
    public static final String TOKEN_KEY = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";

    /** The plaintext of a stored token column of a connection, decrypted with {@link #TOKEN_KEY}. */
    public String storedToken(String column, String connectionId) throws SQLException {
        String stored = (String) query("SELECT " + column + " AS t FROM xero_sync.connections WHERE connection_id = ?",
                connectionId).get(0).get("t");
        return com.xerosync.auth.TokenCipher.fromBase64(TOKEN_KEY).decrypt(stored, connectionId);
    }

    public static String newDataDir(String name) {
        return Path.of("target", "it-data", name + "-" + UUID.randomUUID().toString().substring(0, 8)).toString();
    }

    public static XeroSyncHarness start(Map<String, String> overrides) throws Exception {
        return start(overrides, Map.of());
    }

    /** With environment variables (secrets) as the service would read them. */
    public static XeroSyncHarness start(Map<String, String> overrides, Map<String, String> env) throws Exception {
        XeroSyncHarness harness = new XeroSyncHarness(overrides, env);
        harness.restart();
        return harness;
    }

    /** Stops the service (sandbox included) and starts it again on the same database. */
    public void restart() throws Exception {
        if (runtime != null) {
            runtime.close();
        }
        Properties file = new Properties();
        try (Reader in = Files.newBufferedReader(Path.of("application.properties"))) {
            file.load(in);
        }
        Map<String, String> settings = new HashMap<>(overrides);
        // tests run one after another, and a port another program holds must not fail them
        managementPort = Integer.parseInt(settings.computeIfAbsent("camel.management.port", k -> Integer.toString(freePort())));
        serverPort = Integer.parseInt(settings.computeIfAbsent("camel.server.port", k -> Integer.toString(freePort())));
        runtime = XeroSyncRuntime.start(XeroSyncSettings.of(file, env, new Properties(), settings), false);
    }

    /** Camel's HTTP server, where the admin pages are, e.g. http://localhost:40123. */
    public String serverUrl() {
        return "http://localhost:" + serverPort;
    }

    /** The management server (health, metrics, Jolokia), e.g. http://127.0.0.1:40123. */
    public String managementUrl() {
        return "http://127.0.0.1:" + managementPort;
    }

    private static int freePort() {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Fires the routes through Quartz and waits until each finished one run. */
    public void sync(List<String> routeIds) throws Exception {
        if (!runtime.runNow(routeIds, Duration.ofMinutes(3))) {
            throw new AssertionError("Routes " + routeIds + " did not finish within 3 minutes");
        }
    }

    /** The walking skeleton's four APIs: organisation, accounts, contacts, invoices. */
    public void syncSkeletonApis() throws Exception {
        sync(SKELETON_ROUTES);
    }

    /** Every route in routes/, the organisations first, as --once runs them. */
    public void syncEverything() throws Exception {
        if (!runtime.runAll(Duration.ofMinutes(5))) {
            throw new AssertionError("The routes did not finish within 5 minutes");
        }
    }

    public XeroSyncRuntime runtime() {
        return runtime;
    }

    public XeroSandbox sandbox() {
        return runtime.sandbox() == null ? null : runtime.sandbox().sandbox();
    }

    public DataSource dataSource() {
        return runtime.dataSource();
    }

    /** Rows of a query as maps, column name to value. */
    public List<Map<String, Object>> query(String sql, Object... parameters) throws SQLException {
        try (Connection c = dataSource().getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                s.setObject(i + 1, parameters[i]);
            }
            try (ResultSet rs = s.executeQuery()) {
                List<Map<String, Object>> rows = new ArrayList<>();
                while (rs.next()) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                        row.put(rs.getMetaData().getColumnLabel(i), rs.getObject(i));
                    }
                    rows.add(row);
                }
                return rows;
            }
        }
    }

    /** A statement changing the database behind the service's back (a row Xero would have, or not). */
    public int execute(String sql, Object... parameters) throws SQLException {
        try (Connection c = dataSource().getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                s.setObject(i + 1, parameters[i]);
            }
            return s.executeUpdate();
        }
    }

    public long count(String sql, Object... parameters) throws SQLException {
        return ((Number) query(sql, parameters).get(0).values().iterator().next()).longValue();
    }

    /** The stored raw JSON of every record of a table for a tenant, by id. */
    public Map<String, JsonNode> rawById(String table, String idColumn, String tenantId) throws SQLException, IOException {
        Map<String, JsonNode> raw = new HashMap<>();
        for (Map<String, Object> row : query("SELECT " + idColumn + " AS id, raw::text AS raw FROM xero." + table
                + " WHERE tenant_id = ?", tenantId)) {
            raw.put((String) row.get("id"), JSON.readTree((String) row.get("raw")));
        }
        return raw;
    }

    @Override
    public void close() {
        if (runtime != null) {
            runtime.close();
        }
    }
}
