package com.xerosync.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.xerosync.sandbox.XeroSandbox;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** 5xx and 429 are waited out and the call repeated, boundedly; a 403 disconnects the organisation, once. */
class TransientFaultsIT {

    private XeroSyncHarness harness;
    private XeroSandbox sandbox;

    @BeforeEach
    void start() throws Exception {
        harness = XeroSyncHarness.start(XeroSyncHarness.smallSandbox(XeroSyncHarness.newDataDir("faults")));
        sandbox = harness.sandbox();
    }

    @AfterEach
    void stop() {
        harness.close();
    }

    private Map<String, Object> lastRun(String api, String tenantId) throws Exception {
        return harness.query("SELECT status, records, pages, api_calls, error FROM xero_sync.sync_run "
                + "WHERE api = ? AND tenant_id = ? ORDER BY run_id DESC LIMIT 1", api, tenantId).get(0);
    }

    /** The calls beyond one per page of the API's last run of every organisation, each of which must have succeeded. */
    private long repeatedCalls(String api) throws Exception {
        long repeated = 0;
        for (String tenantId : sandbox.tenantIds()) {
            Map<String, Object> run = lastRun(api, tenantId);
            assertThat(run.get("status")).as(api + " of " + tenantId).isEqualTo("success");
            repeated += (Integer) run.get("api_calls") - (Integer) run.get("pages");
        }
        return repeated;
    }

    @Test
    void should_repeat_calls_answered_5xx_or_429_and_complete_the_sync() throws Exception {
        sandbox.failEndpoint("Invoices", 503, 2);
        sandbox.failEndpoint("Contacts", 429, 1);

        harness.sync(List.of("xero-invoices", "xero-contacts"));

        // the organisations sync side by side: the failed calls fall to either, and each was repeated once
        assertThat(repeatedCalls("invoices")).isEqualTo(2);
        assertThat(repeatedCalls("contacts")).isEqualTo(1);
        assertThat(harness.count("SELECT count(*) FROM xero_sync.sync_failure")).isZero();
        for (String tenantId : sandbox.tenantIds()) {
            assertThat(harness.count("SELECT count(*) FROM xero.invoices WHERE tenant_id = ?", tenantId))
                    .isEqualTo(sandbox.records(tenantId, "Invoices").count());
            assertThat(harness.count("SELECT count(*) FROM xero.contacts WHERE tenant_id = ?", tenantId))
                    .isEqualTo(sandbox.records(tenantId, "Contacts").count());
        }
    }

    @Test
    void should_repeat_a_call_whose_connection_dropped() throws Exception {
        sandbox.dropConnections("Invoices", 2);

        harness.sync(List.of("xero-invoices"));

        assertThat(repeatedCalls("invoices")).isEqualTo(2);
        for (String tenantId : sandbox.tenantIds()) {
            assertThat(harness.count("SELECT count(*) FROM xero.invoices WHERE tenant_id = ?", tenantId))
                    .isEqualTo(sandbox.records(tenantId, "Invoices").count());
        }
    }

    @Test
    void should_give_up_after_the_bounded_attempts_and_record_the_cause() throws Exception {
        sandbox.failEndpoint("Invoices", 503);

        harness.sync(List.of("xero-invoices"));

        for (String tenantId : sandbox.tenantIds()) {
            Map<String, Object> run = lastRun("invoices", tenantId);
            assertThat(run.get("status")).isEqualTo("failed");
            // the first attempt and four repeats
            assertThat(run.get("api_calls")).isEqualTo(5);
            assertThat((String) run.get("error")).contains("HTTP 503").contains("after 5 calls (4 repeats)");
        }
        assertThat(harness.count("SELECT count(*) FROM xero_sync.sync_failure WHERE http_status = 503"))
                .isEqualTo(sandbox.tenantIds().size());
    }

    @Test
    void should_mark_an_organisation_that_revoked_access_and_stop_calling_it() throws Exception {
        sandbox.failEndpoint("Invoices", 403);
        harness.sync(List.of("xero-invoices"));

        assertThat(harness.query("SELECT status FROM xero_sync.tenants")).extracting(r -> r.get("status"))
                .containsOnly("disconnected");
        assertThat(harness.query("SELECT message FROM xero_sync.sync_failure")).hasSize(sandbox.tenantIds().size())
                .allSatisfy(f -> assertThat((String) f.get("message")).contains("HTTP 403").contains("disconnected"));
        sandbox.clearFailures();
        sandbox.resetCounters();
        long runs = harness.count("SELECT count(*) FROM xero_sync.sync_run");

        harness.sync(List.of("xero-invoices", "xero-contacts"));

        // not retried forever: a disconnected organisation is left alone until it is connected again
        assertThat(sandbox.apiCalls()).isZero();
        assertThat(harness.count("SELECT count(*) FROM xero_sync.sync_run")).isEqualTo(runs);
        harness.restart();
        assertThat(harness.query("SELECT status FROM xero_sync.tenants")).extracting(r -> r.get("status"))
                .containsOnly("active");
    }
}
