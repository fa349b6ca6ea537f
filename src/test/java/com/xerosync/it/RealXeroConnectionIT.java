package com.xerosync.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.xerosync.auth.XeroIdentityClient;
import com.xerosync.sandbox.settings.SandboxSettings;
import com.xerosync.sandbox.XeroSandbox;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The paths a real Xero app takes, against a sandbox started apart from the service (as Xero would be): a custom
 * connection, and a refresh token given once in the environment, then stored and rotated.
 */
class RealXeroConnectionIT {

    private static final String REDIRECT = "http://localhost/callback";

    private XeroSandbox xero;
    private XeroSyncHarness harness;

    @BeforeEach
    void startXero() {
        // no grace for a used refresh token: reusing the one from the environment after it rotated would fail
        xero = new XeroSandbox(SandboxSettings.defaults().withContacts(150).withInvoices(300)
                .withRefreshTokenGrace(Duration.ZERO)).start(0);
    }

    @AfterEach
    void stop() {
        if (harness != null) {
            harness.close();
        }
        xero.close();
    }

    private Map<String, String> pointedAtXero(String dataDir) {
        Map<String, String> overrides = new HashMap<>(XeroSyncHarness.smallSandbox(dataDir));
        overrides.put("xero.client-id", "sandbox-client");
        overrides.put("xero.identity-url", xero.baseUrl());
        overrides.put("xero.login-url", xero.baseUrl());
        overrides.put("xero.api-url", xero.baseUrl());
        return overrides;
    }

    @Test
    void should_sync_the_one_organisation_of_a_custom_connection() throws Exception {
        Map<String, String> overrides = pointedAtXero(XeroSyncHarness.newDataDir("custom-connection"));
        overrides.put("xero.auth-mode", "client-credentials");
        harness = XeroSyncHarness.start(overrides, Map.of("XERO_CLIENT_SECRET", "sandbox-secret",
                "XERO_SYNC_TOKEN_KEY", XeroSyncHarness.TOKEN_KEY));
        assertThat(harness.runtime().sandbox()).isNull();

        harness.syncSkeletonApis();

        String only = xero.tenantIds().get(0);
        assertThat(harness.query("SELECT tenant_id FROM xero_sync.tenants")).extracting(r -> r.get("tenant_id"))
                .containsExactly(only);
        assertThat(harness.query("SELECT DISTINCT status FROM xero_sync.sync_run")).extracting(r -> r.get("status"))
                .containsExactly("success");
        assertThat(harness.count("SELECT count(*) FROM xero.invoices WHERE tenant_id = ?", only))
                .isEqualTo(xero.records(only, "Invoices").count());
        assertThat(harness.count("SELECT count(*) FROM xero.contacts")).isEqualTo(xero.records(only, "Contacts").count());
    }

    @Test
    void should_start_a_custom_connection_while_xeros_identity_service_is_down_and_connect_when_it_answers()
            throws Exception {
        int identityPort;
        try (java.net.ServerSocket free = new java.net.ServerSocket(0)) {
            identityPort = free.getLocalPort();
        }
        Map<String, String> overrides = pointedAtXero(XeroSyncHarness.newDataDir("identity-down"));
        overrides.put("xero.auth-mode", "client-credentials");
        // nothing answers there yet: Xero's token endpoint is down
        overrides.put("xero.identity-url", "http://127.0.0.1:" + identityPort);
        harness = XeroSyncHarness.start(overrides, Map.of("XERO_CLIENT_SECRET", "sandbox-secret",
                "XERO_SYNC_TOKEN_KEY", XeroSyncHarness.TOKEN_KEY));
        harness.runtime().syncAfterConnect(false);
        assertThat(harness.count("SELECT count(*) FROM xero_sync.tenants")).isZero();

        try (TokenEndpointRelay identity = new TokenEndpointRelay(xero.baseUrl(), identityPort)) {
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30))
                    .until(() -> harness.count("SELECT count(*) FROM xero_sync.tenants") == 1);
            harness.syncSkeletonApis();
        }

        String only = xero.tenantIds().get(0);
        assertThat(harness.query("SELECT DISTINCT status FROM xero_sync.sync_run")).extracting(r -> r.get("status"))
                .containsExactly("success");
        assertThat(harness.count("SELECT count(*) FROM xero.invoices WHERE tenant_id = ?", only))
                .isEqualTo(xero.records(only, "Invoices").count());
    }

    @Test
    void should_store_and_rotate_a_refresh_token_given_once_in_the_environment() throws Exception {
        XeroIdentityClient admin = new XeroIdentityClient(xero.baseUrl(), xero.baseUrl(), xero.baseUrl(),
                "sandbox-client", "sandbox-secret", Duration.ofSeconds(10), Clock.systemUTC());
        String code = SandboxLoginPages.demoCode(admin, REDIRECT, "offline_access accounting.invoices.read", "s1");
        String given = admin.exchangeCode(code, REDIRECT).refreshToken();
        Map<String, String> env = Map.of("XERO_CLIENT_SECRET", "sandbox-secret", "XERO_REFRESH_TOKEN", given,
                "XERO_SYNC_TOKEN_KEY", XeroSyncHarness.TOKEN_KEY);
        harness = XeroSyncHarness.start(pointedAtXero(XeroSyncHarness.newDataDir("refresh-token")), env);
        harness.sync(List.of("xero-invoices"));

        String stored = storedRefreshToken();
        assertThat(stored).isNotEqualTo(given);
        assertThat(xero.isRefreshTokenValid(stored)).isTrue();
        assertThat(xero.isRefreshTokenValid(given)).isFalse();

        // a restart with the same (now used) token in the environment goes on with the stored, rotated one
        xero.expireAccessTokens();
        harness.restart();
        harness.sync(List.of("xero-invoices"));
        assertThat(harness.query("SELECT status FROM xero_sync.sync_run WHERE api = 'invoices'"))
                .hasSize(2 * xero.tenantIds().size()).extracting(r -> r.get("status")).containsOnly("success");
        assertThat(storedRefreshToken()).isNotEqualTo(stored);
        long invoices = xero.tenantIds().stream().mapToLong(t -> xero.records(t, "Invoices").count()).sum();
        assertThat(harness.count("SELECT count(*) FROM xero.invoices")).isEqualTo(invoices);
    }

    @Test
    void should_refuse_to_start_with_a_clear_message_when_the_refresh_token_is_refused() {
        Map<String, String> env = Map.of("XERO_CLIENT_SECRET", "sandbox-secret", "XERO_REFRESH_TOKEN", "not-a-token",
                "XERO_SYNC_TOKEN_KEY", XeroSyncHarness.TOKEN_KEY);
        assertThatThrownBy(() -> XeroSyncHarness.start(pointedAtXero(XeroSyncHarness.newDataDir("revoked")), env))
                .hasMessageContaining("invalid_grant")
                .hasMessageContaining("XERO_REFRESH_TOKEN")
                .hasMessageNotContaining("not-a-token");
    }

    @Test
    void should_refuse_to_start_a_real_connection_without_the_token_key() {
        Map<String, String> env = Map.of("XERO_CLIENT_SECRET", "sandbox-secret", "XERO_REFRESH_TOKEN", "any");
        assertThatThrownBy(() -> XeroSyncHarness.start(pointedAtXero(XeroSyncHarness.newDataDir("no-key")), env))
                .hasMessageContaining("XERO_SYNC_TOKEN_KEY").hasMessageContaining("openssl rand -base64 32");
    }

    private String storedRefreshToken() throws Exception {
        String connectionId = (String) harness.query("SELECT connection_id FROM xero_sync.connections").get(0)
                .get("connection_id");
        String stored = (String) harness.query("SELECT refresh_token FROM xero_sync.connections").get(0).get("refresh_token");
        assertThat(stored).as("encrypted at rest").startsWith("v1:");
        return harness.storedToken("refresh_token", connectionId);
    }
}
