package com.xerosync.operate;

import com.xerosync.store.SyncTotals;
import java.sql.SQLException;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * Reads a {@link SyncSnapshot} from the store's totals ({@link SyncTotals}, one statement): each API's row for each
 * organisation, and each organisation with its connection's status.
 */
final class SnapshotQuery {

    private final SyncTotals totals;

    SnapshotQuery(SyncTotals totals) {
        this.totals = totals;
    }

    SyncSnapshot read(Instant now) throws SQLException {
        Map<String, SyncSnapshot.Row> rows = new HashMap<>();
        Map<String, SyncSnapshot.Organisation> organisations = new HashMap<>();
        for (SyncTotals.Row total : totals.read()) {
            if (total.tenantId() != null && total.tenantStatus() != null) {
                organisations.putIfAbsent(total.tenantId(), new SyncSnapshot.Organisation(total.tenantId(),
                        total.tenantName(), total.tenantStatus(), total.connectionStatus()));
            }
            if (total.api() == null) {
                continue;
            }
            SyncSnapshot.Row row = new SyncSnapshot.Row(total.api(), total.tenantId(), total.records(),
                    total.apiCalls(), total.succeeded(), total.failed(), total.skipped(), total.throttled(),
                    total.lastSuccess(), total.lastStarted(), total.lastFinished(), total.failuresInARow(),
                    total.failures(), total.lastFailure(), total.lastError(), total.bytes());
            rows.put(SyncSnapshot.key(row.api(), row.tenantId()), row);
        }
        return new SyncSnapshot(now, rows, organisations, null);
    }
}
