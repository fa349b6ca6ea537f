package com.xerosync;

import static org.assertj.core.api.Assertions.assertThat;

import com.xerosync.auth.TokenCipher;
import com.xerosync.config.XeroSyncSettings;
import com.xerosync.it.SandboxLoginPages;
import com.xerosync.it.XeroSyncHarness;
import com.xerosync.sandbox.settings.SandboxSettings;
import com.xerosync.sandbox.XeroSandbox;
import com.xerosync.store.Database;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.Reader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The commands for people without the admin page, against a Xero (the sandbox) running apart from the service, as a
 * real deployment has it: connect prints the address to open and returns once Xero sent the admin back; status shows
 * the organisations; disconnect disconnects one at Xero and here.
 */
class AdminCommandsIT {

    private static final Pattern AUTHORIZE_URL = Pattern.compile("(http\\S+/identity/connect/authorize\\S+)");

    private final XeroSandbox xero = new XeroSandbox(SandboxSettings.defaults().withContacts(60).withInvoices(120)).start(0);

    @AfterEach
    void stop() {
        xero.close();
    }

    @Test
    void should_connect_show_and_disconnect_from_the_command_line() throws Exception {
        XeroSyncSettings settings = settings(XeroSyncHarness.newDataDir("commands"));

        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8);
        CompletableFuture<Integer> connect = CompletableFuture.supplyAsync(() -> {
            try {
                return AdminCommands.connect(settings, out);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        // the address connect prints, once it has printed it
        org.awaitility.Awaitility.await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(100))
                .until(() -> AUTHORIZE_URL.matcher(printed.toString(StandardCharsets.UTF_8)).find());
        Matcher printedUrl = AUTHORIZE_URL.matcher(printed.toString(StandardCharsets.UTF_8));
        String url = printedUrl.find() ? printedUrl.group(1) : null;
        assertThat(url).as("the address connect prints, in %s", printed).isNotNull();
        String chosen = xero.tenantIds().get(1);
        String callback = SandboxLoginPages.allow(xero.baseUrl(), url, List.of(chosen));
        // the admin's browser follows Xero's redirect to the callback
        java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(callback))
                .build(), java.net.http.HttpResponse.BodyHandlers.ofString());

        assertThat(connect.get(1, TimeUnit.MINUTES)).isZero();
        assertThat(printed.toString(StandardCharsets.UTF_8)).contains("Connected: " + xero.tenantName(chosen));

        ByteArrayOutputStream status = new ByteArrayOutputStream();
        assertThat(AdminCommands.status(settings, new PrintStream(status, true, StandardCharsets.UTF_8))).isZero();
        assertThat(status.toString(StandardCharsets.UTF_8)).containsPattern(Pattern.quote(xero.tenantName(chosen))
                + "\\s+" + chosen + "\\s+active");
        // a real app is on Starter until xero.plan says otherwise: one of its 5 connections is used
        assertThat(status.toString(StandardCharsets.UTF_8)).contains("Connections: 1 of 5 connections (Starter)");

        String refreshToken = storedRefreshToken(settings);
        assertThat(xero.isRefreshTokenValid(refreshToken)).isTrue();
        ByteArrayOutputStream disconnected = new ByteArrayOutputStream();
        assertThat(AdminCommands.disconnect(settings, new ArrayList<>(List.of(xero.tenantName(chosen))),
                new PrintStream(disconnected, true, StandardCharsets.UTF_8))).isZero();
        assertThat(disconnected.toString(StandardCharsets.UTF_8)).contains("Disconnected", "kept");
        // at Xero too: the grant was revoked with its last organisation
        ByteArrayOutputStream after = new ByteArrayOutputStream();
        AdminCommands.status(settings, new PrintStream(after, true, StandardCharsets.UTF_8));
        assertThat(after.toString(StandardCharsets.UTF_8)).containsPattern(chosen + "\\s+disconnected");
        assertThat(xero.isRefreshTokenValid(refreshToken)).isFalse();
    }

    @Test
    void should_say_which_scopes_xero_refused_when_connect_asks_a_new_app_for_broad_ones() throws Exception {
        XeroSyncSettings settings = settings(XeroSyncHarness.newDataDir("commands-broad"), Map.of("xero.scope-set", "broad"));
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8);
        CompletableFuture<Integer> connect = CompletableFuture.supplyAsync(() -> {
            try {
                return AdminCommands.connect(settings, out);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        // the address connect prints, once it has printed it
        org.awaitility.Awaitility.await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(100))
                .until(() -> AUTHORIZE_URL.matcher(printed.toString(StandardCharsets.UTF_8)).find());
        Matcher printedUrl = AUTHORIZE_URL.matcher(printed.toString(StandardCharsets.UTF_8));
        String url = printedUrl.find() ? printedUrl.group(1) : null;
        assertThat(url).as("the address connect prints, in %s", printed).isNotNull().contains("accounting.transactions.read");
        // Xero (an app created today) sends the admin's browser straight back with the error
        java.net.http.HttpClient browser = java.net.http.HttpClient.newBuilder()
                .followRedirects(java.net.http.HttpClient.Redirect.ALWAYS).build();
        browser.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(url)).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());

        assertThat(connect.get(1, TimeUnit.MINUTES)).isEqualTo(1);
        assertThat(printed.toString(StandardCharsets.UTF_8)).contains("broad scopes (apps created before 2 March 2026)",
                "Not connected. Xero answered invalid_scope: it refused the broad scopes accounting.transactions.read, "
                        + "accounting.reports.read", "granular");
    }

    private static String storedRefreshToken(XeroSyncSettings settings) throws Exception {
        try (Database database = Database.start(settings);
             java.sql.Connection c = database.dataSource().getConnection();
             java.sql.ResultSet rs = c.createStatement().executeQuery("SELECT connection_id, refresh_token FROM "
                     + "xero_sync.connections WHERE status = 'active'")) {
            assertThat(rs.next()).isTrue();
            return TokenCipher.fromBase64(XeroSyncHarness.TOKEN_KEY).decrypt(rs.getString(2), rs.getString(1));
        }
    }

    /** A real-app configuration pointed at the sandbox, with free ports, as a deployment would have it. */
    private XeroSyncSettings settings(String dataDir) throws Exception {
        return settings(dataDir, Map.of());
    }

    private XeroSyncSettings settings(String dataDir, Map<String, String> more) throws Exception {
        Map<String, String> overrides = new HashMap<>(XeroSyncHarness.smallSandbox(dataDir));
        overrides.putAll(more);
        overrides.put("xero.client-id", "sandbox-client");
        overrides.put("xero.identity-url", xero.baseUrl());
        overrides.put("xero.login-url", xero.baseUrl());
        overrides.put("xero.api-url", xero.baseUrl());
        overrides.put("camel.server.port", Integer.toString(freePort()));
        overrides.put("camel.management.port", Integer.toString(freePort()));
        Properties file = new Properties();
        try (Reader in = Files.newBufferedReader(Path.of("application.properties"))) {
            file.load(in);
        }
        return XeroSyncSettings.of(file, Map.of("XERO_CLIENT_SECRET", "sandbox-secret", "XERO_SYNC_TOKEN_KEY",
                XeroSyncHarness.TOKEN_KEY), new Properties(), overrides);
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
