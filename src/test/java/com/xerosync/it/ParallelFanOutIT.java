package com.xerosync.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.xerosync.sandbox.XeroSandbox;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * An API's run fans out over its organisations, and a run waiting (for its rate-limit slot, a back-off) holds no
 * thread: twelve organisations, the sandbox answering at a latency and enforcing Xero's limits, only three sync
 * threads, and the first answers of the invoices failing with 503 so that the runs back off. Were a waiting run to
 * hold its thread, at most three runs could be under way at once; they overlap far more, and every organisation ends
 * with exactly what the sandbox holds, without a 429.
 */
class ParallelFanOutIT {

    private static final int ORGANISATIONS = 12;
    private static final int THREADS = 3;
    private static final List<String> ROUTES = List.of("xero-organisation", "xero-contacts", "xero-invoices");

    private XeroSyncHarness harness;

    @AfterEach
    void stop() {
        if (harness != null) {
            harness.close();
        }
    }

    @Test
    void should_run_the_organisations_side_by_side_waiting_without_threads_under_xeros_limits() throws Exception {
        Map<String, String> overrides = XeroSyncHarness.smallSandbox(XeroSyncHarness.newDataDir("fan-out"));
        overrides.put("sandbox.organisations", Integer.toString(ORGANISATIONS));
        overrides.put("sandbox.contacts", "40");
        overrides.put("sandbox.invoices", "120");
        overrides.put("sync.page-size", "10");
        overrides.put("sync.threads", Integer.toString(THREADS));
        overrides.put("sandbox.latency", "base=100ms,record=1ms,jitter=20%");
        overrides.put("sandbox.rate-limits", "true");
        overrides.put("sandbox.rate-limit-minute", "3");
        // the first 36 calls for invoices fail: their runs back off 0.2 to 0.4 s, then more
        overrides.put("sandbox.faults", "Invoices:503:x36");
        overrides.put("xero.retry.initial-delay-ms", "400");
        overrides.put("xero.retry.max-attempts", "10");
        harness = XeroSyncHarness.start(overrides);
        XeroSandbox sandbox = harness.sandbox();

        harness.sync(ROUTES);

        assertThat(harness.count("SELECT count(*) FROM xero_sync.sync_run WHERE api = 'invoices' AND status = 'success'"))
                .isEqualTo(ORGANISATIONS);
        assertThat(harness.count("SELECT count(*) FROM xero_sync.sync_failure")).isZero();
        assertThat(sandbox.rateLimitedCalls()).as("calls the sandbox answered 429").isZero();
        // the most invoice runs under way at the moment one of them began
        long overlap = harness.count("""
                SELECT max((SELECT count(*) FROM xero_sync.sync_run o WHERE o.api = 'invoices'
                            AND o.started_at <= r.started_at AND o.finished_at > r.started_at))
                FROM xero_sync.sync_run r WHERE r.api = 'invoices'""");
        assertThat(overlap).as("invoice runs under way at once, on %d threads", THREADS).isGreaterThan(THREADS);
        SandboxTables.assertEqualToSandbox(harness, ROUTES);
    }
}
