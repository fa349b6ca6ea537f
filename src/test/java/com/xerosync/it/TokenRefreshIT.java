package com.xerosync.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.xerosync.sandbox.XeroSandbox;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.spi.CamelEvent.ExchangeSendingEvent;
import org.apache.camel.support.EventNotifierSupport;
import org.apache.camel.support.service.ServiceHelper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** An access token that expires in the middle of a sync is refreshed, the page retried, and the sync completes. */
class TokenRefreshIT {

    private XeroSyncHarness harness;

    @BeforeEach
    void start() throws Exception {
        harness = XeroSyncHarness.start(XeroSyncHarness.smallSandbox(XeroSyncHarness.newDataDir("token-refresh")),
                Map.of("XERO_SYNC_TOKEN_KEY", XeroSyncHarness.TOKEN_KEY));
    }

    @AfterEach
    void stop() {
        harness.close();
    }

    @Test
    void should_refresh_an_access_token_that_expires_mid_sync_and_store_the_rotated_refresh_token() throws Exception {
        XeroSandbox sandbox = harness.sandbox();
        String refreshTokenBefore = storedRefreshToken();
        // just before the third call to Xero, every access token issued so far expires
        AtomicInteger calls = new AtomicInteger();
        EventNotifierSupport expireOnThirdCall = new EventNotifierSupport() {
            @Override
            public void notify(CamelEvent event) {
                ExchangeSendingEvent sending = (ExchangeSendingEvent) event;
                if (sending.getEndpoint().getEndpointUri().startsWith("http") && calls.incrementAndGet() == 3) {
                    sandbox.expireAccessTokens();
                }
            }

            @Override
            public boolean isEnabled(CamelEvent event) {
                return event instanceof ExchangeSendingEvent;
            }
        };
        harness.runtime().camelContext().getManagementStrategy().addEventNotifier(expireOnThirdCall);
        ServiceHelper.startService(expireOnThirdCall);

        harness.sync(List.of("xero-invoices"));

        List<Map<String, Object>> runs = harness.query("SELECT status, records, pages, api_calls, error "
                + "FROM xero_sync.sync_run WHERE api = 'invoices'");
        assertThat(runs).extracting(r -> r.get("status")).containsOnly("success");
        long records = runs.stream().mapToLong(r -> ((Number) r.get("records")).longValue()).sum();
        long pages = runs.stream().mapToLong(r -> ((Number) r.get("pages")).longValue()).sum();
        long apiCalls = runs.stream().mapToLong(r -> ((Number) r.get("api_calls")).longValue()).sum();
        long expected = sandbox.tenantIds().stream().mapToLong(t -> sandbox.records(t, "Invoices").count()).sum();
        assertThat(records).isEqualTo(expected);
        // the calls in flight when the tokens expired were answered 401 and repeated: one per organisation at most
        // (they sync side by side), and at least the one that met the expiry
        assertThat(apiCalls).isBetween(pages + 1, pages + sandbox.tenantIds().size());
        assertThat(harness.count("SELECT count(*) FROM xero.invoices")).isEqualTo(expected);

        String refreshTokenAfter = storedRefreshToken();
        assertThat(refreshTokenAfter).isNotEqualTo(refreshTokenBefore);
        assertThat(sandbox.isRefreshTokenValid(refreshTokenAfter)).isTrue();
    }

    private String storedRefreshToken() throws Exception {
        return harness.storedToken("refresh_token", "sandbox");
    }
}
