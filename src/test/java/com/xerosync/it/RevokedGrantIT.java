package com.xerosync.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.xerosync.sandbox.XeroSandbox;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A refresh token Xero refuses (invalid_grant) marks the connection for re-authorisation, once; nothing is lost. */
class RevokedGrantIT {

    private XeroSyncHarness harness;

    @BeforeEach
    void start() throws Exception {
        harness = XeroSyncHarness.start(XeroSyncHarness.smallSandbox(XeroSyncHarness.newDataDir("revoked-grant")));
    }

    @AfterEach
    void stop() {
        harness.close();
    }

    @Test
    void should_mark_the_connection_once_and_stop_calling_xero_without_losing_data() throws Exception {
        harness.syncSkeletonApis();
        XeroSandbox sandbox = harness.sandbox();
        String tenantId = sandbox.tenantIds().get(0);
        Map<String, JsonNode> invoices = harness.rawById("invoices", "invoice_id", tenantId);
        sandbox.revokeRefreshTokens();
        sandbox.expireAccessTokens();
        sandbox.resetCounters();

        harness.sync(List.of("xero-invoices"));

        assertThat(harness.query("SELECT status FROM xero_sync.connections").get(0).get("status"))
                .isEqualTo("needs_reauthorisation");
        List<Map<String, Object>> failures = harness.query("SELECT message FROM xero_sync.sync_failure ORDER BY failure_id");
        // the organisation whose run met the refusal says why; the other one of the same run, that it waits
        assertThat(failures).hasSize(sandbox.tenantIds().size())
                .allSatisfy(f -> assertThat((String) f.get("message")).contains("connect Xero again"));
        assertThat(failures).anySatisfy(f -> assertThat((String) f.get("message")).contains("invalid_grant"));
        assertThat(failures).anySatisfy(f -> assertThat((String) f.get("message")).contains("needs re-authorisation"));
        // the calls in flight were refused with 401 before the refresh that failed (the organisations sync side by
        // side: one each at most); then nothing more
        long refused = sandbox.apiCalls();
        assertThat(refused).isBetween(1L, (long) sandbox.tenantIds().size());

        long failuresBefore = harness.count("SELECT count(*) FROM xero_sync.sync_failure");
        harness.syncSkeletonApis();
        // every organisation of the connection is left alone until it is connected again: no calls, no new failures
        assertThat(sandbox.apiCalls()).isEqualTo(refused);
        assertThat(harness.count("SELECT count(*) FROM xero_sync.sync_failure")).isEqualTo(failuresBefore);
        assertThat(harness.rawById("invoices", "invoice_id", tenantId)).isEqualTo(invoices);
    }
}
