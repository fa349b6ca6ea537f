package com.xerosync.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.xerosync.config.XeroRateLimits;
import com.xerosync.config.XeroSyncSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The cluster's call ledger on a real PostgreSQL: two nodes reserving calls for different organisations share the
 * app's minute (no node may take more of it because the other's calls were for other organisations), while each
 * organisation's minute stays its own.
 */
class CallLedgerIT {

    private static Database database;

    @BeforeAll
    static void start() throws Exception {
        Path data = Files.createTempDirectory("call-ledger");
        database = Database.start(XeroSyncSettings.load(Map.of("db.embedded.data-dir", data.resolve("postgres").toString())));
    }

    @AfterAll
    static void stop() {
        if (database != null) {
            database.close();
        }
    }

    @Test
    void should_count_the_apps_minute_over_every_node_and_organisation() throws Exception {
        XeroRateLimits xero = XeroRateLimits.XERO;
        // 3 calls a minute for the app, 2 for each organisation
        XeroRateLimits limits = new XeroRateLimits(true, 5, 2, 1000, 3, Duration.ofMinutes(1), xero.day());
        Duration minute = Duration.ofSeconds(61);
        CallLedger a = new CallLedger(database.dataSource(), "node-a", Duration.ofMinutes(3), Clock.systemUTC());
        CallLedger b = new CallLedger(database.dataSource(), "node-b", Duration.ofMinutes(3), Clock.systemUTC());

        assertThat(a.tryReserve("t1", limits, minute).call()).isNotNull();
        assertThat(a.tryReserve("t1", limits, minute).call()).isNotNull();
        CallLedger.Reservation third = a.tryReserve("t1", limits, minute);
        assertThat(third.call()).as("the organisation's own minute").isNull();
        assertThat(third.limitedBy()).isEqualTo("minute");
        assertThat(b.tryReserve("t2", limits, minute).call()).as("the app's third call of the minute").isNotNull();

        CallLedger.Reservation fourth = b.tryReserve("t3", limits, minute);
        assertThat(fourth.call()).as("a fourth call of the app, on another node, for another organisation").isNull();
        assertThat(fourth.limitedBy()).isEqualTo("app minute");
        assertThat(fourth.waitMillis()).isBetween(1L, minute.toMillis());
        assertThat(a.tryReserve("t4", limits, minute).limitedBy()).isEqualTo("app minute");
    }
}
