package com.xerosync.operate;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class SnapshotCacheTest {

    private final AtomicReference<Instant> now = new AtomicReference<>(Snapshots.T0);
    private final Clock clock = new Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now.get();
        }
    };
    private final AtomicInteger reads = new AtomicInteger();
    private volatile boolean databaseDown;

    private SyncSnapshot load(Instant at) throws SQLException {
        if (databaseDown) {
            throw new SQLException("Connection refused", "08001");
        }
        int n = reads.incrementAndGet();
        SyncSnapshot.Row row = new SyncSnapshot.Row("invoices", "au", n, 0, 0, 0, 0, 0, null, null, null, 0, 0, null, null);
        return new SyncSnapshot(at, Map.of(SyncSnapshot.key("invoices", "au"), row), Map.of(), null);
    }

    @Test
    void should_read_the_database_at_most_once_per_max_age_however_often_it_is_asked() {
        SnapshotCache cache = new SnapshotCache(this::load, clock, Duration.ofSeconds(5));
        for (int i = 0; i < 100; i++) {
            cache.current();
        }
        assertThat(reads).hasValue(1);
        now.set(Snapshots.T0.plusSeconds(4));
        assertThat(cache.current().row("invoices", "au").records()).isEqualTo(1);
        now.set(Snapshots.T0.plusSeconds(5));
        assertThat(cache.current().row("invoices", "au").records()).isEqualTo(2);
        assertThat(reads).hasValue(2);
    }

    @Test
    void should_read_again_at_once_after_a_run_ended_and_tell_its_listeners() {
        SnapshotCache cache = new SnapshotCache(this::load, clock, Duration.ofSeconds(5));
        List<Long> seen = new ArrayList<>();
        cache.onRefresh(s -> seen.add(s.row("invoices", "au").records()));
        cache.current();
        List<Runnable> tasks = new ArrayList<>();
        cache.invalidate(tasks::add);
        cache.invalidate(tasks::add);
        assertThat(tasks).as("one read queued, however many runs ended").hasSize(1);
        tasks.get(0).run();
        assertThat(cache.peek().row("invoices", "au").records()).isEqualTo(2);
        assertThat(seen).containsExactly(1L, 2L);
    }

    @Test
    void should_keep_the_last_snapshot_marked_failed_while_the_database_is_down_without_asking_it_at_every_read() {
        SnapshotCache cache = new SnapshotCache(this::load, clock, Duration.ofSeconds(5));
        cache.current();
        databaseDown = true;
        now.set(Snapshots.T0.plusSeconds(10));
        SyncSnapshot failed = cache.current();
        assertThat(failed.failure()).contains("Connection refused");
        assertThat(failed.row("invoices", "au").records()).isEqualTo(1);
        assertThat(failed.takenAt()).isEqualTo(Snapshots.T0);

        databaseDown = false;
        now.set(Snapshots.T0.plusSeconds(12));
        assertThat(cache.current().failure()).as("not asked again before max age").isNotNull();
        now.set(Snapshots.T0.plusSeconds(15));
        assertThat(cache.current().failure()).isNull();
        assertThat(cache.current().row("invoices", "au").records()).isEqualTo(2);
    }
}
